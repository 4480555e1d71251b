// <gs-screen-share> as a person sees it while presenting to a real <gs-terminal> through the real signalling
// server: the preview never restarts while the element re-renders (progress ticks, stats samples, a language
// switch, a theme switch); the toolbar stays in a 1280×800 window and the preview can be hidden; the stats panel
// speaks Chinese and Russian; and removing the element while live releases the capture, the peer connection and
// the server's line.
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './gs-screen-share.js';
import type { GsScreenShare } from './gs-screen-share.js';
import { realTerminal, serverStats, settledStats, until } from '../../../test/support/browser-terminal.js';
import { watchMedia } from '../../../test/support/media-watch.js';
import { gsRTC } from '../../gsrtc/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const preview = (el: GsScreenShare) => el.shadowRoot!.querySelector<HTMLVideoElement>('[part="preview"]')!;

describe('<gs-screen-share> while presenting', () => {
  afterEach(() => setViewport({ width: 1280, height: 720 }));

  it('the preview never restarts: progress ticks, stats samples, a language switch, a theme switch', async function () {
    this.timeout(60_000);
    // The terminal is on another screen: laid out here, its picture would push the preview out of view, and a
    // preview nobody sees is paused.
    const { terminal, address, remove } = await realTerminal((t) => {
      t.confirmPresentation = true;
      t.hidden = true;
    });
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share show-stats stats-interval="300"></gs-screen-share>`);
      expect((await el.call(address)).code).to.equal(200);
      const presenting = el.beginScreen();
      // The terminal holds the request: the preview shows the capture while the progress line ticks each second.
      expect(await until(() => terminal.presentationRequested && el.localStream)).to.be.ok;
      await until(() => preview(el).readyState >= 2 && preview(el).currentTime > 0.3);
      const watch = watchMedia({ preview: preview(el) });
      const progress = () => el.shadowRoot!.querySelector('[part="progress-text"]')!.textContent;
      const before = progress();
      await sleep(2200);
      expect(progress(), 'the progress ticked').to.not.equal(before);
      await terminal.acceptPresentation();
      expect((await presenting).code).to.equal(200);
      const samples: number[] = [];
      el.addEventListener('stats', (e) => samples.push(e.detail.kbps));
      await until(() => samples.length >= 4, 10_000);
      for (const lang of ['zh', 'ru', 'en']) {
        el.lang = lang;
        await el.updateComplete;
        await sleep(300);
      }
      for (const colour of ['#101820', '#fafafa']) {
        document.documentElement.style.setProperty('--gs-color-background', colour);
        el.requestUpdate();
        await el.updateComplete;
        await sleep(300);
      }
      document.documentElement.style.removeProperty('--gs-color-background');
      const seen = watch.stop();
      expect(seen.loadstarts).to.deep.equal({ preview: 0 });
      expect(seen.wentBack).to.deep.equal([]);
      expect(seen.advanced.preview).to.be.greaterThan(3);
      await el.hangUp();
    } finally {
      remove();
    }
  });

  it('in a 1280×800 window the toolbar stays in view under the preview; Hide preview hides it and the share goes on', async function () {
    this.timeout(60_000);
    await setViewport({ width: 1280, height: 800 });
    // The terminal is on another screen: out of this page's layout.
    const { address, remove } = await realTerminal((t) => (t.hidden = true));
    try {
      // Roughly the demo page's header and settings above the element.
      const page = await fixture<HTMLDivElement>(html`<div><div style="height: 220px"></div><gs-screen-share show-stats quality-menu></gs-screen-share></div>`);
      const el = page.querySelector('gs-screen-share')!;
      expect((await el.call(address)).code).to.equal(200);
      expect((await el.beginScreen()).code).to.equal(200);
      await until(() => el.lastStats);
      await el.updateComplete;
      const toolbar = el.shadowRoot!.querySelector('[part="toolbar"]')!.getBoundingClientRect();
      const video = preview(el).getBoundingClientRect();
      expect(video.height, 'the preview is shown').to.be.greaterThan(200);
      expect(toolbar.top, 'toolbar below the preview').to.be.at.least(video.bottom);
      expect(toolbar.bottom, 'toolbar inside the window').to.be.at.most(window.innerHeight);
      expect([toolbar.left >= 0, toolbar.right <= window.innerWidth]).to.deep.equal([true, true]);
      const hide = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="preview-button"]')!;
      expect(hide.textContent!.trim()).to.equal('Hide preview');
      hide.click();
      await el.updateComplete;
      expect([el.hidePreview, el.hasAttribute('hide-preview'), preview(el).hidden, el.state]).to.deep.equal([true, true, true, 'presenting']);
      expect(hide.textContent!.trim()).to.equal('Show preview');
      // Nobody sees the hidden preview: it is paused, while the screen still goes out at its rate.
      expect(await until(() => preview(el).paused), 'hidden preview paused').to.equal(true);
      const hiddenAt = el.lastStats!.timestamp;
      expect(await until(() => el.lastStats!.timestamp > hiddenAt && el.lastStats!.fps > 0), 'still sending').to.equal(true);
      hide.click();
      await el.updateComplete;
      expect(preview(el).hidden).to.equal(false);
      expect(await until(() => !preview(el).paused), 'shown preview plays').to.equal(true);
      await el.hangUp();
    } finally {
      remove();
    }
  });

  it('the stats panel in zh and ru: no English left', async function () {
    this.timeout(60_000);
    const { address, remove } = await realTerminal();
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share show-stats stats-interval="300"></gs-screen-share>`);
      expect((await el.call(address)).code).to.equal(200);
      expect((await el.beginScreen()).code).to.equal(200);
      await until(() => el.lastStats);
      for (const lang of ['zh', 'ru']) {
        el.lang = lang;
        await el.updateComplete;
        const panel = el.shadowRoot!.querySelector('gs-share-stats')!;
        await until(() => panel.latest);
        await panel.updateComplete;
        const words = `${panel.shadowRoot!.textContent} ${panel.shadowRoot!.querySelector('[part="panel"]')!.getAttribute('aria-label')}`;
        const latin = (words.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => w !== 'kbps');
        expect(latin, `${lang}: ${words}`).to.deep.equal([]);
        expect(words).to.match(/\d/);
      }
      await el.hangUp();
    } finally {
      remove();
    }
  });

  it('removing it while live ends every track, closes the peer connection, and the server holds no line for it', async function () {
    this.timeout(60_000);
    const baseline = await settledStats();
    const { terminal, address, remove } = await realTerminal();
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share share-audio camera></gs-screen-share>`);
      expect((await el.call(address)).code).to.equal(200);
      expect((await el.beginScreen()).code).to.equal(200);
      const pc = el.peerConnection!;
      const tracks = pc.getSenders().flatMap((s) => (s.track ? [s.track] : []));
      expect(tracks.map((t) => t.kind).sort(), 'screen, camera and tab audio are sent').to.deep.equal(['audio', 'video', 'video']);
      expect((await serverStats()).sessions).to.equal(baseline.sessions + 1);
      el.remove();
      expect(await until(() => pc.connectionState === 'closed'), 'peer connection closed').to.equal(true);
      expect(tracks.map((t) => t.readyState)).to.deep.equal(['ended', 'ended', 'ended']);
      expect(await until(async () => (await serverStats()).sessions === baseline.sessions), 'the server released the line').to.equal(true);
      expect(await until(() => terminal.state === 'online'), 'the terminal is free again').to.equal(true);
    } finally {
      remove();
    }
  });
});

describe('gsRTC confirm prompt', () => {
  it('asks in the page language (zh, ru inside the script) and with the page\'s own strings', async function () {
    this.timeout(60_000);
    const asked: string[] = [];
    const original = window.confirm;
    // The browser's own confirm() is modal and would block the test page: it records the question and refuses.
    window.confirm = (text?: string) => (asked.push(String(text)), false);
    try {
      for (const [lang, strings] of [['zh', undefined], ['ru', undefined], ['en', { 'gsrtc.confirm': 'Present now?' }]] as const) {
        const { terminal, address, remove } = await realTerminal();
        try {
          gsRTC.preInit({ lang, strings });
          const called = await new Promise<number>((r) => gsRTC.call(address, (code) => r(code)));
          expect(called).to.equal(200);
          expect((await terminal.requestPresentation()).code, 'refused in the prompt').to.equal(403);
          await new Promise<void>((r) => gsRTC.hangUP(() => r()));
        } finally {
          remove();
        }
      }
    } finally {
      window.confirm = original;
    }
    expect(asked).to.deep.equal(['终端请求您共享屏幕。要共享吗？', 'Терминал просит вас показать экран. Показать?', 'Present now?']);
  });
});
