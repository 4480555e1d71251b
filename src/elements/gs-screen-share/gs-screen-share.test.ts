import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './gs-screen-share.js';
import type { GsScreenShare } from './gs-screen-share.js';
import { realTerminal, serverStats, settledStats, silentDevice, until } from '../../../test/support/browser-terminal.js';

const text = (el: GsScreenShare, part: string) => el.shadowRoot!.querySelector(`[part~="${part}"]`)!.textContent!.trim();

const parts = (el: GsScreenShare) =>
  [...el.shadowRoot!.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part')!.split(' '));

describe('<gs-screen-share>', () => {
  it('renders a preview, a toolbar of five buttons and a status line, each with its part', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    const names = parts(el);
    for (const part of ['preview', 'toolbar', 'button', 'call-button', 'share-button', 'pause-button', 'stop-button', 'hangup-button', 'status']) {
      expect(names, part).to.include(part);
    }
    expect(el.state).to.equal('idle');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('Not connected');
  });

  it('enables only Call when idle (the Hide preview button is hidden without a preview)', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    expect(el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="preview-button"]')!.hidden).to.equal(true);
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="toolbar"] button:not([hidden])')];
    expect(buttons.map((b) => [b.getAttribute('part'), b.disabled])).to.deep.equal([
      ['button call-button', false],
      ['button share-button', true],
      ['button pause-button', true],
      ['button stop-button', true],
      ['button hangup-button', true],
    ]);
  });

  it('hides the confirm prompt (a closed <dialog>) and the progress line until needed', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    const prompt = el.shadowRoot!.querySelector<HTMLDialogElement>('[part="confirm"]')!;
    expect(prompt.localName).to.equal('dialog');
    expect(prompt.open).to.equal(false);
    expect(prompt.getAttribute('role')).to.equal('alertdialog');
    expect(getComputedStyle(prompt).display).to.equal('none');
    expect(getComputedStyle(el.shadowRoot!.querySelector('[part="progress"]')!).display).to.equal('none');
  });

  it('speaks the language of its lang attribute, its ancestors or the document; English otherwise', async () => {
    // The zh and ru tables load on demand: fixture() and updateComplete wait for them (src/elements/i18n/localize-controller.test.ts
    // shows the English first render), so what is checked here is the fetched Chinese and Russian text.
    const zh = await fixture<GsScreenShare>(html`<gs-screen-share lang="zh-CN"></gs-screen-share>`);
    expect([text(zh, 'call-button'), text(zh, 'status')]).to.deep.equal(['呼叫', '未连接']);
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ru-RU"><gs-screen-share></gs-screen-share></div>`);
    const ru = wrapper.querySelector('gs-screen-share')!;
    await ru.updateComplete;
    expect([text(ru, 'call-button'), text(ru, 'hangup-button')]).to.deep.equal(['Позвонить', 'Завершить']);
    const en = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    expect(text(en, 'call-button')).to.equal('Call');
    // The document's language, followed live.
    const before = document.documentElement.lang;
    try {
      document.documentElement.lang = 'zh';
      await until(() => text(en, 'call-button') === '呼叫', 2000);
      expect(text(en, 'call-button')).to.equal('呼叫');
      // The element's own attribute, followed live too.
      en.setAttribute('lang', 'ru');
      await until(() => text(en, 'call-button') === 'Позвонить', 2000);
      expect(text(en, 'call-button')).to.equal('Позвонить');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('a host passes its own strings over the shipped ones', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share lang="zh" .strings=${{ 'button.call': '拨号', 'code.300': 'Bad address!' }}></gs-screen-share>`);
    expect([text(el, 'call-button'), text(el, 'share-button')]).to.deep.equal(['拨号', '共享屏幕']);
    await el.call('nope');
    await el.updateComplete;
    expect(text(el, 'status')).to.contain('错误 300：Bad address!');
  });

  it('a failure shows its code, a sentence and what to do next, in the language in use', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    await el.call('nope');
    await el.updateComplete;
    expect(text(el, 'status')).to.equal('Not connected — Error 300: The terminal address is not a valid ws:// or wss:// address. Check the terminal address and try again.');
    el.lang = 'ru';
    await until(() => text(el, 'status').includes('Ошибка'), 2000);
    expect(text(el, 'status')).to.contain('Ошибка 300: Адрес терминала');
  });

  it('every button slot: host elements are disabled with the state, non-buttons get aria-disabled', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share>
      <button slot="call-button">c</button>
      <button slot="share-button">s</button>
      <button slot="pause-button">p</button>
      <button slot="stop-button">x</button>
      <a slot="hangup-button" href="#" role="button">h</a>
      <button slot="cancel-button">n</button>
      <button slot="accept-button">y</button>
      <button slot="decline-button">d</button>
    </gs-screen-share>`);
    const state = () =>
      [...el.querySelectorAll<HTMLElement>('[slot]')].map((b) => [
        b.slot,
        'disabled' in b ? (b as HTMLButtonElement).disabled : b.getAttribute('aria-disabled') === 'true',
      ]);
    expect(state()).to.deep.equal([
      ['call-button', false],
      ['share-button', true],
      ['pause-button', true],
      ['stop-button', true],
      ['hangup-button', true],
      ['cancel-button', true],
      ['accept-button', true],
      ['decline-button', true],
    ]);
  });

  it('a host button in a slot replaces the default one and keeps its behaviour and enabled state', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share address="not-an-address">
      <button slot="call-button" id="mine">Dial</button>
      <button slot="hangup-button" id="bye">Bye</button>
    </gs-screen-share>`);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="call-button"]')!;
    expect(slot.assignedElements()).to.deep.equal([el.querySelector('#mine')]);
    expect(el.querySelector<HTMLButtonElement>('#bye')!.disabled).to.equal(true);
    expect(el.querySelector<HTMLButtonElement>('#mine')!.disabled).to.equal(false);
    setTimeout(() => el.querySelector<HTMLButtonElement>('#mine')!.click());
    const error = await oneEvent(el, 'error');
    expect(error.detail).to.deep.equal({ code: 300, message: 'The WebSocket address is not a valid address', op: 'call' });
  });

  it('calling shows its progress with the seconds spent; Cancel hangs up and the call ends with 489', async () => {
    // A device on the real server that takes the createMediaSession and never answers it.
    const device = await silentDevice();
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share request-timeout="20000"></gs-screen-share>`);
      const pending = el.call(device.address);
      const progress = el.shadowRoot!.querySelector<HTMLElement>('[part="progress"]')!;
      // The seconds count up from 0; under load a render may come late, so any whole second past 0 will do.
      await until(() => /… [1-9]\d* s$/.test(text(el, 'progress-text')), 6000);
      expect(text(el, 'progress-text')).to.match(/^Calling the terminal… [1-9]\d* s$/);
      expect(getComputedStyle(progress).display).to.not.equal('none');
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part="progress-hint"]')!).display).to.equal('none');
      expect(device.frames.map((f) => Object.keys(JSON.parse(f))[0]), 'the request the device holds').to.deep.equal(['createMediaSession']);
      const cancel = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="cancel-button"]')!;
      expect(cancel.disabled).to.equal(false);
      cancel.click();
      expect((await pending).code).to.equal(489);
      await until(() => el.state === 'idle', 5000);
      await el.updateComplete;
      expect(getComputedStyle(progress).display).to.equal('none');
    } finally {
      device.close();
    }
  });

  it('waiting for the terminal to accept shows progress; Cancel stops and beginScreen ends with 489', async function () {
    this.timeout(40_000);
    const { terminal, address, remove } = await realTerminal((t) => (t.confirmPresentation = true));
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share lang="ru"></gs-screen-share>`);
      expect((await el.call(address)).code).to.equal(200);
      const pending = el.beginScreen();
      await until(() => /… [1-9]\d* с$/.test(text(el, 'progress-text')), 6000);
      expect(text(el, 'progress-text')).to.match(/^Ожидание согласия терминала… [1-9]\d* с$/);
      expect(text(el, 'cancel-button')).to.equal('Отменить');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="cancel-button"]')!.click();
      expect((await pending).code).to.equal(489);
      await until(() => el.state === 'connected', 5000);
      expect(el.state).to.equal('connected');
      expect(terminal.presenting).to.equal(false);
      await el.hangUp();
    } finally {
      remove();
    }
  });

  it('host buttons in every slot drive a real call and presentation, enabled only when they can act', async function () {
    this.timeout(40_000);
    const { address, remove } = await realTerminal();
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share address=${address}>
        <button slot="call-button">c</button>
        <button slot="share-button">s</button>
        <button slot="pause-button">p</button>
        <button slot="stop-button">x</button>
        <button slot="hangup-button">h</button>
      </gs-screen-share>`);
      const button = (slot: string) => el.querySelector<HTMLButtonElement>(`[slot="${slot}"]`)!;
      const enabled = () => ['call-button', 'share-button', 'pause-button', 'stop-button', 'hangup-button'].filter((s) => !button(s).disabled);
      const reach = async (state: string) => {
        await until(() => el.state === state, 15_000);
        await el.updateComplete;
        expect(el.state).to.equal(state);
      };
      expect(enabled()).to.deep.equal(['call-button']);
      button('call-button').click();
      await reach('connected');
      expect(enabled()).to.deep.equal(['share-button', 'hangup-button']);
      button('share-button').click();
      await until(() => el.lastStats !== null || el.localStream !== null, 15_000);
      await reach('presenting');
      await until(() => !button('pause-button').disabled, 5000);
      expect(enabled()).to.deep.equal(['pause-button', 'stop-button', 'hangup-button']);
      button('pause-button').click();
      await reach('paused');
      button('pause-button').click();
      await reach('presenting');
      button('stop-button').click();
      await reach('connected');
      button('hangup-button').click();
      await reach('idle');
      expect(enabled()).to.deep.equal(['call-button']);
    } finally {
      remove();
    }
  });

  it('call() with an invalid address resolves 300, fires error, stays idle', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    for (const address of ['', 'http://x', 'ws//x']) {
      const result = await el.call(address);
      expect(result.code, address).to.equal(300);
    }
    expect(el.state).to.equal('idle');
  });

  it('ice-servers-url that cannot be fetched: call() resolves 302, fires error, makes no call', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share ice-servers-url="/no-such-turn-credentials"></gs-screen-share>`);
    const error = oneEvent(el, 'error');
    const result = await el.call('ws://127.0.0.1:9/terminals/x');
    expect(result.code).to.equal(302);
    expect(result.message).to.match(/ICE servers could not be fetched from \/no-such-turn-credentials: HTTP 404/);
    expect((await error).detail.code).to.equal(302);
    expect(el.state).to.equal('idle');
    expect(el.peerConnection).to.equal(null);
  });

  it('ice-servers-url: a fetch under way is aborted when the element is removed (call() then resolves 481, no call)', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share ice-servers-url="/__ice-servers-never"></gs-screen-share>`);
    const result = el.call('ws://127.0.0.1:9/terminals/x');
    await new Promise((resolve) => setTimeout(resolve, 100));
    el.remove();
    expect((await result).code).to.equal(481);
    expect(el.peerConnection).to.equal(null);
  });

  it('ice-servers-url: a fetch under way is aborted when the URL changes, and the new URL is fetched', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share ice-servers-url="/__ice-servers-never"></gs-screen-share>`);
    const result = el.call('ws://127.0.0.1:9/terminals/x');
    await new Promise((resolve) => setTimeout(resolve, 100));
    el.iceServersUrl = '/no-such-turn-credentials';
    const { code, message } = await result;
    expect(code).to.equal(302);
    expect(message).to.match(/ICE servers could not be fetched from \/no-such-turn-credentials: HTTP 404/);
    expect(el.state).to.equal('idle');
  });

  it('beginScreen(), stopScreen(), pausePresent(), hangUp() outside a call resolve 481 and fire their events', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    const shareEvent = oneEvent(el, 'shareScreen');
    expect((await el.beginScreen()).code).to.equal(481);
    const event = await shareEvent;
    expect(event.detail.code).to.equal(481);
    expect(event.bubbles && event.composed).to.equal(true);
    expect((await el.stopScreen()).code).to.equal(481);
    expect((await el.pausePresent(true)).code).to.equal(481);
    expect((await el.hangUp()).code).to.equal(481);
  });

  it('fires the kebab-case gs- alias after each camelCase event, with the same detail', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    const order: string[] = [];
    el.addEventListener('shareScreen', (e) => order.push(`shareScreen ${e.detail.code}`));
    el.addEventListener('gs-share-screen', (e) => order.push(`gs-share-screen ${e.detail.code}`));
    el.addEventListener('gs-stop-share-screen', (e) => order.push(`gs-stop-share-screen ${e.detail.code}`));
    await el.beginScreen();
    await el.stopScreen();
    expect(order).to.deep.equal(['shareScreen 481', 'gs-share-screen 481', 'gs-stop-share-screen 481']);
  });

  it('a call to a closed port fails with 302, through calling, with state-change events', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share request-timeout="5000"></gs-screen-share>`);
    const states: string[] = [];
    el.addEventListener('state-change', (e) => states.push(e.detail.state));
    const result = await el.call('ws://127.0.0.1:9/terminals/none');
    expect(result.code).to.equal(302);
    expect(states).to.deep.equal(['calling', 'failed']);
    expect(el.getAttribute('state')).to.equal('failed');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('302');
  });

  it('settings assigned just before call() apply to that call', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    el.requestTimeout = 1234;
    el.maxBitrate = 300;
    el.userName = 'late';
    const pending = el.call('ws://127.0.0.1:9/terminals/none');
    const context = (el as unknown as { session: { client: { actor: { getSnapshot(): { context: Record<string, unknown> } } } } }).session.client.actor.getSnapshot().context;
    expect([context.requestTimeoutMs, context.maxBitrateKbps, context.userName]).to.deep.equal([1234, 300, 'late']);
    await pending;
  });

  it('removing the element while calling releases the session: the real server and terminal see the line end', async () => {
    const baseline = await settledStats();
    const { terminal, address, remove } = await realTerminal();
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
      const pending = el.call(address);
      // Removed once the terminal took the call, before or while the answer comes back.
      await until(() => terminal.state === 'inCall');
      el.remove();
      expect((await pending).code).to.be.oneOf([200, 302, 489]);
      expect(el.peerConnection).to.equal(null);
      expect(await until(async () => (await serverStats()).sessions === baseline.sessions), 'no line held on the server').to.equal(true);
      expect(await until(() => terminal.state === 'online'), 'the terminal is free again').to.equal(true);
    } finally {
      remove();
    }
  });
});
