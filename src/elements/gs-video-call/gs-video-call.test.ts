// <gs-video-call> with two real members on the real signalling server (one page, each element its own WebSocket
// and RTCPeerConnection, fake cameras): every way a call goes — accepted then hung up by either side, declined,
// cancelled while ringing, unanswered until the ring timeout — ends with both sides idle, the reason said on
// both, and everything released: every track ended, the link closed, no camera left open.
import { expect } from '@open-wc/testing';
import './gs-video-call.js';
import type { GsCallStateDetail, GsVideoCall } from './gs-video-call.js';
import { allPlaying, freshRoom, reachState, signedIn, until } from '../../../test/support/live-room.js';

interface Member {
  el: GsVideoCall;
  states: GsCallStateDetail[];
  ended: string[];
}

async function member(lobby: string, name: string, setup: (el: GsVideoCall) => void = () => {}): Promise<Member> {
  const states: GsCallStateDetail[] = [];
  const ended: string[] = [];
  const el = await signedIn(lobby, name, (el) => {
    setup(el);
    el.addEventListener('state-change', (e) => states.push(e.detail));
    el.addEventListener('call-ended', (e) => ended.push(e.detail.reason));
  });
  return { el, states, ended };
}

/** The call's tracks and link as they are now, to check after the end that each is ended/closed. */
function holdings(el: GsVideoCall) {
  return { tracks: [...(el.localStream?.getTracks() ?? []), ...(el.remoteStream?.getTracks() ?? [])], pc: el.peerConnection };
}

async function expectReleased(el: GsVideoCall, held: ReturnType<typeof holdings>, tracks: number) {
  expect(held.tracks.length, 'tracks held in the call').to.equal(tracks);
  const live = () => held.tracks.filter((t) => t.readyState !== 'ended');
  expect(await until(() => live().length === 0, 5_000), `live tracks: ${live().map((t) => t.kind)}`).to.equal(true);
  if (tracks) expect(held.pc?.signalingState).to.equal('closed');
  expect(el.localStream).to.equal(null);
  expect(el.remoteStream).to.equal(null);
  expect(el.peerConnection).to.equal(null);
}

/** Alice calls Bob; Bob accepts; both decode the other's camera. Returns what each holds. */
async function connect(caller: Member, callee: Member) {
  expect((await caller.el.call(callee.el.memberId)).code).to.equal(200);
  await reachState(caller.el, 'outgoing');
  await reachState(callee.el, 'incoming');
  // No camera opens before the call is accepted.
  expect([caller.el.localStream, callee.el.localStream]).to.deep.equal([null, null]);
  expect((await callee.el.accept()).code).to.equal(200);
  await reachState(caller.el, 'active');
  await reachState(callee.el, 'active');
  expect(await until(() => Boolean(caller.el.remoteStream && callee.el.remoteStream) && allPlaying([caller.el, callee.el], 0.5), 20_000), 'both see the other').to.equal(true);
  return { caller: holdings(caller.el), callee: holdings(callee.el) };
}

describe('<gs-video-call> with a real peer', () => {
  let alice: Member;
  let bob: Member;
  const extra: GsVideoCall[] = [];

  async function pair(setup: (el: GsVideoCall) => void = () => {}) {
    const lobby = freshRoom('wtr-call');
    alice = await member(lobby, 'Alice', setup);
    bob = await member(lobby, 'Bob', setup);
    expect(await until(() => alice.el.members.length === 1 && bob.el.members.length === 1)).to.equal(true);
  }

  afterEach(() => {
    alice?.el.remove();
    bob?.el.remove();
    for (const el of extra.splice(0)) el.remove();
  });

  it('rings, is accepted, and the caller hangs up: both idle, hangup / remote-hangup, everything released', async function () {
    this.timeout(40_000);
    await pair();
    const held = await connect(alice, bob);
    expect(alice.states.map((s) => s.state)).to.deep.equal(['idle', 'outgoing', 'active']);
    expect(bob.states.map((s) => s.state)).to.deep.equal(['idle', 'incoming', 'active']);
    expect(alice.states[1]).to.deep.include({ previous: 'idle', reason: null });
    expect(alice.states[1].peer).to.deep.equal({ memberId: bob.el.memberId, displayName: 'Bob' });
    expect((await alice.el.hangUp()).code).to.equal(200);
    await reachState(alice.el, 'idle');
    await reachState(bob.el, 'idle');
    expect([alice.ended, bob.ended]).to.deep.equal([['hangup'], ['remote-hangup']]);
    expect(alice.states.at(-1)).to.deep.include({ state: 'idle', previous: 'active', reason: 'hangup' });
    await expectReleased(alice.el, held.caller, 4);
    await expectReleased(bob.el, held.callee, 4);
  });

  it('the callee hangs up: both idle, everything released', async function () {
    this.timeout(40_000);
    await pair();
    const held = await connect(alice, bob);
    expect((await bob.el.hangUp()).code).to.equal(200);
    await reachState(alice.el, 'idle');
    await reachState(bob.el, 'idle');
    expect([alice.ended, bob.ended]).to.deep.equal([['remote-hangup'], ['hangup']]);
    await expectReleased(alice.el, held.caller, 4);
    await expectReleased(bob.el, held.callee, 4);
  });

  it('declined: the caller hears declined, the callee rejected; no camera was ever opened', async function () {
    this.timeout(20_000);
    await pair();
    expect((await alice.el.call(bob.el.memberId)).code).to.equal(200);
    await reachState(bob.el, 'incoming');
    expect((await bob.el.decline()).code).to.equal(200);
    await reachState(alice.el, 'idle');
    await reachState(bob.el, 'idle');
    expect([alice.ended, bob.ended]).to.deep.equal([['declined'], ['rejected']]);
    await expectReleased(alice.el, holdings(alice.el), 0);
    await expectReleased(bob.el, holdings(bob.el), 0);
  });

  it('cancelled while ringing: the callee stops ringing (remote-cancelled)', async function () {
    this.timeout(20_000);
    await pair();
    expect((await alice.el.call(bob.el.memberId)).code).to.equal(200);
    await reachState(bob.el, 'incoming');
    await bob.el.updateComplete;
    expect(bob.el.shadowRoot!.querySelector<HTMLElement>('[part~="incoming"]')!.hidden).to.equal(false);
    expect((await alice.el.hangUp()).code).to.equal(200);
    await reachState(bob.el, 'idle');
    expect([alice.ended, bob.ended]).to.deep.equal([['cancelled'], ['remote-cancelled']]);
    await bob.el.updateComplete;
    expect(bob.el.shadowRoot!.querySelector<HTMLElement>('[part~="incoming"]')!.hidden).to.equal(true);
    expect(bob.el.localStream).to.equal(null);
  });

  it('unanswered: after ring-timeout ms the caller ends with no-answer and the callee stops ringing', async function () {
    this.timeout(20_000);
    await pair((el) => (el.ringTimeout = 1500));
    const started = performance.now();
    expect((await alice.el.call(bob.el.memberId)).code).to.equal(200);
    await reachState(bob.el, 'incoming');
    await reachState(alice.el, 'idle', 5_000);
    const rang = performance.now() - started;
    await reachState(bob.el, 'idle', 5_000);
    expect(alice.ended).to.deep.equal(['no-answer']);
    expect(bob.ended.length).to.equal(1);
    expect(['remote-cancelled', 'no-answer']).to.include(bob.ended[0]);
    expect(rang).to.be.within(1400, 4000);
    expect([alice.el.localStream, bob.el.localStream]).to.deep.equal([null, null]);
  });

  it('a wrong operation resolves its code and fires error (not bubbling); a second caller gets busy', async function () {
    this.timeout(40_000);
    await pair();
    const errors: number[] = [];
    let bubbled = 0;
    alice.el.addEventListener('error', (e) => errors.push(e.detail.code));
    document.body.addEventListener('error', () => bubbled++);
    expect((await alice.el.accept()).code).to.equal(481);
    expect((await alice.el.call('nobody')).code).to.equal(481);
    expect((await alice.el.setMuted('audio', true)).code).to.equal(106);
    expect(errors).to.deep.equal([481, 481]);
    expect(bubbled).to.equal(0);
    await alice.el.updateComplete;
    expect(alice.el.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.contain('Error 481: You are not in a room.');
    // While Alice and Bob talk, Carol's call gets busy.
    await connect(alice, bob);
    const carol = await member(alice.el.room, 'Carol');
    extra.push(carol.el);
    expect(await until(() => carol.el.members.length === 2)).to.equal(true);
    expect((await carol.el.call(alice.el.memberId)).code).to.equal(200);
    await reachState(carol.el, 'idle');
    expect(carol.ended).to.deep.equal(['busy']);
    expect(alice.el.state).to.equal('active');
  });
});
