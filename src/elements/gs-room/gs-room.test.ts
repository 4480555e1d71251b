import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './gs-room.js';
import type { GsRoom } from './gs-room.js';
import '../gs-video-call/gs-video-call.js';
import type { GsVideoCall } from '../gs-video-call/gs-video-call.js';
import { PostMessageTransport } from '../../room/transport.js';

const parts = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part')!.split(' '));

describe('<gs-room>', () => {
  it('renders the join form and status with their parts; the in-room parts stay hidden until joined', async () => {
    const el = await fixture<GsRoom>(html`<gs-room room="team" user-name="Ann"></gs-room>`);
    for (const part of ['join', 'join-button', 'invite', 'toolbar', 'leave-button', 'share-button', 'mic-button', 'camera-button', 'members', 'tiles', 'chat', 'chat-log', 'chat-input', 'full', 'status']) {
      expect(parts(el), part).to.include(part);
    }
    expect(el.state).to.equal('idle');
    expect(el.capacity).to.equal(4);
    for (const part of ['toolbar', 'tiles', 'chat', 'full']) expect(el.shadowRoot!.querySelector<HTMLElement>(`[part~="${part}"]`)!.hidden, part).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('rejects a bad room name (300) and a bad login (400) before opening anything', async () => {
    const el = await fixture<GsRoom>(html`<gs-room></gs-room>`);
    const errors: number[] = [];
    el.addEventListener('error', (e) => errors.push((e as unknown as CustomEvent).detail.code));
    expect((await el.join('no spaces allowed', 'Ann')).code).to.equal(300);
    expect((await el.join('ok', '  ')).code).to.equal(400);
    expect((await el.join('ok', 'x'.repeat(65))).code).to.equal(400);
    expect(errors).to.deep.equal([300, 400, 400]);
    expect(el.state).to.equal('idle');
  });

  it('a server that is not there → 302 and state failed; publish/share/chat outside a room → 481', async () => {
    // Port 9 (discard) on this machine: nothing listens, the WebSocket fails at once.
    const el = await fixture<GsRoom>(html`<gs-room server="http://127.0.0.1:9"></gs-room>`);
    const result = await el.join('team', 'Ann');
    expect(result.code).to.equal(302);
    expect(el.state).to.equal('failed');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.contain('302');
    expect((await el.publish()).code).to.equal(481);
    expect((await el.shareScreen()).code).to.equal(481);
    expect((await el.sendMessage('hi')).code).to.equal(481);
  });

  it('the invite link is this page with ?room=<name>', async () => {
    const el = await fixture<GsRoom>(html`<gs-room room="team-1"></gs-room>`);
    expect(new URL(el.inviteLink).searchParams.get('room')).to.equal('team-1');
  });
});

describe('PostMessageTransport', () => {
  it('without a host that answers, ready rejects after the open timeout and onclose fires once', async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const closes: number[] = [];
    const t = new PostMessageTransport('team', frame.contentWindow!, '*', 200);
    t.onclose = (code) => closes.push(code);
    let error = '';
    await t.ready.catch((e: Error) => (error = e.message));
    expect(error).to.contain('did not open');
    expect(closes).to.deep.equal([1006]);
    t.close();
    expect(closes).to.deep.equal([1006]);
    frame.remove();
  });
});

describe('<gs-video-call>', () => {
  it('starts offline with the sign-in form; call/accept/decline/hangUp without a room → 481', async () => {
    const el = await fixture<GsVideoCall>(html`<gs-video-call room="lobby"></gs-video-call>`);
    expect(el.state).to.equal('offline');
    for (const part of ['join', 'incoming', 'outgoing', 'videos', 'remote-video', 'local-video', 'hangup-button', 'accept-button', 'decline-button', 'members', 'status']) {
      expect(parts(el), part).to.include(part);
    }
    expect((await el.call('x')).code).to.equal(481);
    expect((await el.accept()).code).to.equal(481);
    expect((await el.decline()).code).to.equal(481);
    expect((await el.hangUp()).code).to.equal(481);
    const error = oneEvent(el, 'error');
    expect((await el.join('bad name', 'Ann')).code).to.equal(300);
    expect((await error).detail.code).to.equal(300);
    await expect(el).to.be.accessible();
  });
});
