import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './gs-screen-share.js';
import type { GsScreenShare } from './gs-screen-share.js';

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

  it('enables only Call when idle', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="toolbar"] button')];
    expect(buttons.map((b) => [b.getAttribute('part'), b.disabled])).to.deep.equal([
      ['button call-button', false],
      ['button share-button', true],
      ['button pause-button', true],
      ['button stop-button', true],
      ['button hangup-button', true],
    ]);
  });

  it('hides the confirm prompt until the terminal asks', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    const prompt = el.shadowRoot!.querySelector<HTMLElement>('[part="confirm"]')!;
    expect(prompt.hidden).to.equal(true);
    expect(prompt.getAttribute('role')).to.equal('alertdialog');
    expect(getComputedStyle(prompt).display).to.equal('none');
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

  it('call() with an invalid address resolves 300, fires error, stays idle', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    for (const address of ['', 'http://x', 'ws//x']) {
      const result = await el.call(address);
      expect(result.code, address).to.equal(300);
    }
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

  it('removing the element while calling releases the session', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    const pending = el.call('ws://127.0.0.1:9/terminals/none');
    el.remove();
    expect((await pending).code).to.equal(302);
  });
});
