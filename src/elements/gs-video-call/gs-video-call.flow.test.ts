// A call as the two people at real <gs-video-call> elements go through it with the element's own controls (two
// members in one page on the real signalling server): Alice clicks Call on Bob's line, reads "Calling Bob…";
// Bob's element fires incoming-call and shows "Alice is calling you" with Accept and Decline; each answer ends
// the way both read on their status lines, with the events each side fires in order.
import { expect } from '@open-wc/testing';
import './gs-video-call.js';
import { reachState } from '../../../test/support/live-room.js';
import { allIdle, lobbyOf, part, statusText, until, type CallMember } from '../../../test/support/video-call.js';

const shown = (m: CallMember, name: string) => !part(m.el, name).hidden;
const visible = (m: CallMember) => ['join', 'incoming', 'outgoing', 'videos', 'toolbar', 'members'].filter((name) => shown(m, name));
const callButton = (m: CallMember, other: CallMember) =>
  m.el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="call-button"][data-member-id="${other.el.memberId}"]`)!;

describe('<gs-video-call> a call through its controls', () => {
  let alice: CallMember;
  let bob: CallMember;

  beforeEach(async () => {
    [alice, bob] = await lobbyOf('wtr-call-flow', 'Alice', 'Bob');
  });

  afterEach(() => {
    alice?.el.remove();
    bob?.el.remove();
  });

  /** Alice clicks Call on Bob's line; both see the ring. */
  async function ring() {
    expect(callButton(alice, bob).getAttribute('aria-label')).to.equal('Call Bob');
    callButton(alice, bob).click();
    await reachState(alice.el, 'outgoing');
    await reachState(bob.el, 'incoming');
    await Promise.all([alice.el.updateComplete, bob.el.updateComplete]);
  }

  it('signed in: each sees the other in the members list, Ready on the status line, no call controls', async () => {
    for (const [me, other] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      expect(me.log.slice(0, 2), `${me.el.userName} events`).to.deep.equal(['state-change offline>idle', 'joined 200']);
      expect(me.el.members).to.deep.equal([{ memberId: other.el.memberId, displayName: other.el.userName }]);
      expect(part(me.el, 'members').textContent).to.contain(other.el.userName);
      expect(visible(me)).to.deep.equal(['toolbar', 'members']);
      expect(statusText(me.el)).to.equal('Ready: call someone');
      expect(part<HTMLButtonElement>(me.el, 'hangup-button').disabled).to.equal(true);
      expect(callButton(me, other).disabled).to.equal(false);
    }
  });

  it('Call → Alice reads Calling Bob…, Bob hears incoming-call from Alice; Accept → both in a call; Bob hangs up → both read how it ended', async function () {
    this.timeout(40_000);
    await ring();
    expect(visible(alice)).to.deep.equal(['outgoing', 'toolbar', 'members']);
    expect(part(alice.el, 'outgoing').textContent!.trim()).to.equal('Calling Bob…');
    expect(part(alice.el, 'hangup-button').textContent!.trim()).to.equal('Cancel');
    expect(part<HTMLButtonElement>(alice.el, 'hangup-button').disabled).to.equal(false);
    expect(callButton(alice, bob).disabled, 'one call at a time').to.equal(true);
    expect(statusText(alice.el)).to.equal('Calling…');

    expect(bob.incoming.map((d) => d.from)).to.deep.equal([{ memberId: alice.el.memberId, displayName: 'Alice' }]);
    expect(visible(bob)).to.deep.equal(['incoming', 'toolbar', 'members']);
    expect(part(bob.el, 'incoming').textContent!.replace(/\s+/g, ' ').trim()).to.equal('Alice is calling you Accept Decline');
    expect(statusText(bob.el)).to.equal('Incoming call');
    expect(bob.el.peer).to.deep.equal({ memberId: alice.el.memberId, displayName: 'Alice' });

    part(bob.el, 'accept-button').click();
    await reachState(bob.el, 'active');
    await reachState(alice.el, 'active');
    await Promise.all([alice.el.updateComplete, bob.el.updateComplete]);
    for (const m of [alice, bob]) {
      expect(visible(m), m.el.userName).to.deep.equal(['videos', 'toolbar', 'members']);
      expect(statusText(m.el)).to.equal('In a call');
      expect(part(m.el, 'hangup-button').textContent!.trim()).to.equal('Hang up');
    }
    expect(part(alice.el, 'remote-video').getAttribute('aria-label')).to.equal('Camera of Bob');
    expect(part(bob.el, 'remote-video').getAttribute('aria-label')).to.equal('Camera of Alice');

    part(bob.el, 'hangup-button').click();
    await allIdle(alice, bob);
    expect(statusText(alice.el)).to.equal('Ready: call someone — last call: the other side hung up');
    expect(statusText(bob.el)).to.equal('Ready: call someone — last call: you hung up');
    for (const m of [alice, bob]) expect(visible(m), m.el.userName).to.deep.equal(['toolbar', 'members']);
    expect(alice.log.slice(2)).to.deep.equal(['state-change idle>outgoing', 'state-change outgoing>active', 'state-change active>idle remote-hangup', 'call-ended remote-hangup']);
    expect(bob.log.slice(2)).to.deep.equal(['state-change idle>incoming', 'incoming-call Alice', 'state-change incoming>active', 'state-change active>idle hangup', 'call-ended hangup']);
    expect(alice.ended.map((e) => e.peer)).to.deep.equal([{ memberId: bob.el.memberId, displayName: 'Bob' }]);
    expect([alice.el.lastEnd, bob.el.lastEnd]).to.deep.equal(['remote-hangup', 'hangup']);
  });

  it('Decline → Alice reads declined by the other side, Bob you declined; no video was shown', async function () {
    this.timeout(20_000);
    await ring();
    part(bob.el, 'decline-button').click();
    await allIdle(alice, bob);
    expect(statusText(alice.el)).to.equal('Ready: call someone — last call: declined by the other side');
    expect(statusText(bob.el)).to.equal('Ready: call someone — last call: you declined');
    expect(alice.log.slice(2)).to.deep.equal(['state-change idle>outgoing', 'state-change outgoing>idle declined', 'call-ended declined']);
    expect(bob.log.slice(2)).to.deep.equal(['state-change idle>incoming', 'incoming-call Alice', 'state-change incoming>idle rejected', 'call-ended rejected']);
    expect([alice.el.localStream, bob.el.localStream, alice.el.peerConnection]).to.deep.equal([null, null, null]);
  });

  it('the incoming-call detail answers: accept() connects the call, decline() on the next one declines it', async function () {
    this.timeout(40_000);
    bob.el.addEventListener('incoming-call', (e) => (bob.incoming.length === 1 ? e.detail.accept() : e.detail.decline()));
    callButton(alice, bob).click();
    await reachState(bob.el, 'active');
    await reachState(alice.el, 'active');
    expect(await until(() => Boolean(alice.el.remoteStream && bob.el.remoteStream), 20_000)).to.equal(true);
    expect((await alice.el.hangUp()).code).to.equal(200);
    await reachState(bob.el, 'idle');
    await reachState(alice.el, 'idle');
    await alice.el.updateComplete;
    // Declined from inside the event: Bob's element never stays in incoming long enough to be seen there.
    callButton(alice, bob).click();
    expect(await until(() => alice.ended.length === 2)).to.equal(true);
    expect(alice.ended.map((e) => e.reason)).to.deep.equal(['hangup', 'declined']);
    expect(bob.ended.map((e) => e.reason)).to.deep.equal(['remote-hangup', 'rejected']);
  });

  it('Cancel while it rings: Bob’s prompt goes away, each reads who cancelled', async function () {
    this.timeout(20_000);
    await ring();
    part(alice.el, 'hangup-button').click();
    await reachState(bob.el, 'idle');
    await Promise.all([alice.el.updateComplete, bob.el.updateComplete]);
    expect(shown(bob, 'incoming')).to.equal(false);
    expect(statusText(alice.el)).to.equal('Ready: call someone — last call: you cancelled');
    expect(statusText(bob.el)).to.equal('Ready: call someone — last call: the caller cancelled');
    expect(bob.log.slice(2)).to.deep.equal(['state-change idle>incoming', 'incoming-call Alice', 'state-change incoming>idle remote-cancelled', 'call-ended remote-cancelled']);
  });
});
