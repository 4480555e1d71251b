// <gs-terminal> as a person meets it, against a real <gs-screen-share> in the same page through the real
// signalling server: the received picture, camera and sound never restart while the element re-renders; every
// word is in the element's language; axe finds nothing presenting or with a held request; the keyboard alone
// answers a request; and removing the element while live releases the call on both sides and on the server.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type { AxeResults } from 'axe-core';
import '../gs-screen-share/gs-screen-share.js';
import type { GsScreenShare } from '../gs-screen-share/gs-screen-share.js';
import type { GsTerminal, GsTerminalStateChangeDetail } from './gs-terminal.js';
import { realTerminal, serverStats, settledStats, until } from '../../../test/support/browser-terminal.js';
import { watchMedia } from '../../../test/support/media-watch.js';

const axe = (window as unknown as { axe: { run(context: Element, options?: object): Promise<AxeResults> } }).axe;
const violations = async (el: Element) =>
  (await axe.run(el, { resultTypes: ['violations'] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
const deepActive = () => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};

/** Every text and accessible name a person meets in `el`'s shadow root (hidden nodes left out). */
function visibleWords(el: Element): string {
  const root = el.shadowRoot!;
  const out: string[] = [];
  for (const node of root.querySelectorAll('*')) {
    if ((node as HTMLElement).closest('[hidden]')) continue;
    for (const child of node.childNodes) if (child.nodeType === Node.TEXT_NODE) out.push(child.textContent ?? '');
    for (const attr of ['aria-label', 'title', 'alt']) if (node.getAttribute(attr)) out.push(node.getAttribute(attr)!);
  }
  return out.join(' ').replace(/\s+/g, ' ').trim();
}

/** Latin words left in `text` once the given names (terminal id, user name) and units shared by all languages are removed. */
function englishLeft(text: string, names: string[]): string[] {
  let rest = text;
  for (const name of names) rest = rest.split(name).join(' ');
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => w !== 'kbps');
}

describe('<gs-terminal>', () => {
  it('the received screen, camera and sound never restart while it re-renders (stats, swap, language, theme)', async function () {
    this.timeout(60_000);
    const { terminal, address, remove } = await realTerminal();
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share share-audio camera></gs-screen-share>`);
      expect((await el.call(address)).code).to.equal(200);
      expect((await el.beginScreen()).code).to.equal(200);
      const root = terminal.shadowRoot!;
      const playing = (m: HTMLMediaElement | null) => Boolean(m && m.srcObject && m.readyState >= 2 && m.currentTime > 0.3);
      expect(await until(() => playing(terminal.video) && playing(terminal.cameraVideo) && playing(terminal.audio), 15_000), 'all three play').to.equal(true);
      const media = { screen: terminal.video!, camera: terminal.cameraVideo!, audio: terminal.audio! };
      const watch = watchMedia(media);
      const started = Object.fromEntries(Object.entries(media).map(([name, m]) => [name, m.currentTime]));
      let drops = 0;
      const count = () => drops++;
      terminal.addEventListener('state-change', count);
      const line = () => root.querySelector('[part="received"]')!.textContent!;
      /** Waits until each of the three has played `seconds` more than when asked (a condition, not a sleep). */
      const playedOn = async (seconds: number) => {
        const from = Object.values(media).map((m) => m.currentTime);
        return until(() => Object.values(media).every((m, i) => m.currentTime >= from[i] + seconds), 15_000);
      };
      // Stats samples: the received line re-renders every second; two new readings.
      const lines = new Set([line()]);
      expect(await until(() => lines.add(line()).size >= 3, 15_000), 'the received line re-rendered twice').to.equal(true);
      terminal.swapViews();
      await terminal.updateComplete;
      terminal.swapViews();
      for (const lang of ['zh', 'ru', 'en']) {
        terminal.lang = lang;
        await terminal.updateComplete;
        expect(await playedOn(0.3), `played on after lang=${lang}`).to.equal(true);
      }
      for (const colour of ['#101820', '#fafafa']) {
        terminal.style.setProperty('--gs-color-background', colour);
        document.documentElement.style.setProperty('--gs-color-accent', colour);
        terminal.requestUpdate();
        await terminal.updateComplete;
        expect(await playedOn(0.3), `played on after ${colour}`).to.equal(true);
      }
      document.documentElement.style.removeProperty('--gs-color-accent');
      expect(await until(() => Object.entries(media).every(([name, m]) => m.currentTime - started[name] > 3.2), 15_000), 'each played more than 3 s while watched').to.equal(true);
      const seen = watch.stop();
      expect(seen.loadstarts, 'loadstart per media element').to.deep.equal({ screen: 0, camera: 0, audio: 0 });
      expect(seen.wentBack, 'currentTime went back').to.deep.equal([]);
      for (const name of ['screen', 'camera', 'audio']) expect(seen.advanced[name], `${name} played on`).to.be.greaterThan(3);
      expect(drops, "the call never dropped").to.equal(0);
      await el.hangUp();
    } finally {
      remove();
    }
  });

  it('zh and ru: no English left, held request, presenting and a reply included; strings override', async function () {
    this.timeout(60_000);
    const { terminal, address, remove } = await realTerminal((t) => (t.confirmPresentation = true));
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share user-name="alice"></gs-screen-share>`);
      expect((await el.call(address)).code).to.equal(200);
      const presenting = el.beginScreen();
      expect(await until(() => terminal.presentationRequested)).to.equal(true);
      const names = [terminal.terminalId, 'alice'];
      for (const lang of ['zh', 'ru']) {
        terminal.lang = lang;
        await terminal.updateComplete;
        const words = visibleWords(terminal);
        expect(englishLeft(words, names), `${lang} held: ${words}`).to.deep.equal([]);
      }
      terminal.lang = 'en';
      await terminal.updateComplete;
      expect(englishLeft(visibleWords(terminal), names).length, 'English is English').to.be.greaterThan(5);
      expect((await terminal.acceptPresentation()).code).to.equal(200);
      expect((await presenting).code).to.equal(200);
      await until(() => (terminal.received?.slides?.framesDecoded ?? 0) > 0 && /\d+ kbps/.test(terminal.shadowRoot!.querySelector('[part="received"]')!.textContent!), 10_000);
      expect((await terminal.acceptPresentation()).code, 'nothing held').to.equal(106);
      for (const lang of ['zh', 'ru']) {
        terminal.lang = lang;
        await terminal.updateComplete;
        const words = visibleWords(terminal);
        expect(englishLeft(words, names), `${lang} presenting: ${words}`).to.deep.equal([]);
      }
      expect(terminal.shadowRoot!.querySelector('[part~="request-stop-button"]')!.textContent!.trim()).to.equal('Попросить остановить');
      terminal.strings = { 'terminal.button.hangUp': 'Положить трубку' };
      await terminal.updateComplete;
      expect(terminal.shadowRoot!.querySelector('[part~="hangup-button"]')!.textContent!.trim()).to.equal('Положить трубку');
      await el.hangUp();
    } finally {
      remove();
    }
  });

  it('axe: no violations presenting and with a held request; the keyboard alone accepts it', async function () {
    this.timeout(60_000);
    const { terminal, address, remove } = await realTerminal((t) => (t.confirmPresentation = true));
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
      expect(await violations(terminal), 'online').to.deep.equal([]);
      expect((await el.call(address)).code).to.equal(200);
      const presenting = el.beginScreen();
      expect(await until(() => terminal.presentationRequested)).to.equal(true);
      await terminal.updateComplete;
      expect(await violations(terminal), 'held request').to.deep.equal([]);
      const accept = terminal.shadowRoot!.querySelector('[part~="accept-button"]');
      for (let i = 0; i < 30 && deepActive() !== accept; i++) await sendKeys({ press: 'Tab' });
      expect(deepActive(), 'Tab reaches Accept').to.equal(accept);
      expect(getComputedStyle(accept!).outlineStyle, 'a visible focus ring').to.equal('solid');
      await sendKeys({ press: 'Enter' });
      expect((await presenting).code).to.equal(200);
      await until(() => (terminal.video?.readyState ?? 0) >= 2);
      await terminal.updateComplete;
      expect(terminal.presenting).to.equal(true);
      expect(await violations(terminal), 'presenting').to.deep.equal([]);
      await el.hangUp();
    } finally {
      remove();
    }
  });

  it('events: state-change { state, previous }, presentation-change, error not bubbling; operations resolve { code, message }', async function () {
    this.timeout(30_000);
    const states: GsTerminalStateChangeDetail[] = [];
    const presentations: boolean[] = [];
    const { terminal, address, remove } = await realTerminal((t) => {
      t.addEventListener('state-change', (e) => states.push(e.detail));
      t.addEventListener('presentation-change', (e) => presentations.push(e.detail.presenting));
    });
    try {
      expect(states).to.deep.equal([{ state: 'online', previous: 'offline' }]);
      const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
      expect((await el.call(address)).code).to.equal(200);
      expect((await el.beginScreen()).code).to.equal(200);
      expect((await terminal.requestStopPresentation()).code).to.equal(200);
      const errors: number[] = [];
      let bubbled = false;
      terminal.addEventListener('error', (e) => errors.push(e.detail.code));
      document.addEventListener('error', () => (bubbled = true), { once: true });
      expect((await terminal.declinePresentation()).code, 'nothing held').to.equal(106);
      expect((await terminal.hangUp()).code).to.equal(200);
      await until(() => terminal.state === 'online');
      expect((await terminal.requestPresentation()).code).to.equal(481);
      expect(await terminal.toggleFullscreen()).to.deep.equal({ code: 106, message: 'Nothing is shown' });
      expect(errors).to.deep.equal([481]);
      expect(bubbled).to.equal(false);
      expect(states.map((s) => `${s.previous}→${s.state}`)).to.deep.equal(['offline→online', 'online→inCall', 'inCall→online']);
      expect(presentations).to.include.members([true, false]);
    } finally {
      remove();
    }
    const bad = document.createElement('gs-terminal') as GsTerminal;
    const error = new Promise<CustomEvent>((r) => bad.addEventListener('error', (e) => r(e), { once: true }));
    bad.terminalId = 'not a valid id!';
    document.body.append(bad);
    const e = await error;
    expect([e.detail.code, e.bubbles]).to.deep.equal([300, false]);
    expect(bad.state).to.equal('offline');
    bad.remove();
  });

  it('removing it while live ends every received track, closes the peer connection, and the server forgets it', async function () {
    this.timeout(60_000);
    const baseline = await settledStats();
    const { terminal, address } = await realTerminal();
    const el = await fixture<GsScreenShare>(html`<gs-screen-share share-audio camera></gs-screen-share>`);
    expect((await el.call(address)).code).to.equal(200);
    expect((await el.beginScreen()).code).to.equal(200);
    await until(() => terminal.audioStream && terminal.cameraStream && terminal.video?.srcObject);
    const pc = terminal.peerConnection!;
    const tracks = [terminal.video!.srcObject as MediaStream, terminal.cameraStream!, terminal.audioStream!].flatMap((s) => s.getTracks());
    expect(tracks.length).to.equal(3);
    const sharerPc = el.peerConnection!;
    const sharerTracks = el.localStream!.getTracks();
    const live = await serverStats();
    expect([live.terminals, live.sessions], 'the server holds the terminal and the line').to.deep.equal([baseline.terminals + 1, baseline.sessions + 1]);
    const hangup = new Promise<CustomEvent>((r) => el.addEventListener('hangup', (e) => r(e), { once: true }));
    terminal.remove();
    expect(pc.connectionState, 'peer connection').to.equal('closed');
    expect(tracks.map((t) => t.readyState), 'received tracks').to.deep.equal(['ended', 'ended', 'ended']);
    await hangup;
    expect(await until(async () => {
      const now = await serverStats();
      return now.terminals === baseline.terminals && now.sessions === baseline.sessions;
    }), 'the server holds neither the terminal nor the line').to.equal(true);
    // The page hears the line drop (302) and releases its side too.
    expect([el.state, (await hangup).detail.code]).to.deep.equal(['failed', 302]);
    expect(sharerPc.connectionState).to.equal('closed');
    expect(sharerTracks.map((t) => t.readyState)).to.deep.equal(sharerTracks.map(() => 'ended'));
  });
});
