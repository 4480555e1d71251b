/**
 * ICE restart in the session chart (src/session/ice-restart.ts; DEVICE.md "Up to 3 ICE restarts"), with scripted
 * actors and xstate's SimulatedClock: the tries, their timeouts and the end of the call are all timed here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from 'xstate';
import { createHarness } from '../support/scripted-actors.js';
import { publicState } from '../../src/session/public-state.js';
import {
  DEFAULT_ICE_DISCONNECTED_GRACE_MS,
  DEFAULT_ICE_RESTART_TIMEOUT_MS,
  ICE_FAILED_CODE,
  ICE_RESTART_TRIES,
} from '../../src/session/ice-restart.js';

type Harness = ReturnType<typeof createHarness>;
const state = (h: Harness) => publicState(h.actor.getSnapshot());
const restartOffers = (h: Harness) => h.peerCommands.filter((c) => c.type === 'CREATE_OFFER' && c.iceRestart).length;
const count = (h: Harness, action: string) => h.sent.filter((f) => f.action === action).length;

/** A call whose peer connection is `connected`, timed by `clock`. */
async function connectedCall(clock: SimulatedClock): Promise<Harness> {
  const h = createHarness({ clock });
  await h.connect();
  h.peerState('connected');
  await h.flush();
  return h;
}

/** The terminal answers the restart's updateMediaSession with 200 and the peer connection is `connected` again. */
async function restartAnswered(h: Harness): Promise<void> {
  h.terminal.reply('updateMediaSession');
  await h.flush();
  h.peerState('connected');
  await h.flush();
}

/** A presenting session whose peer connection was connected, then lost its network: disconnected, then failed. */
async function presentingThenFailed(clock: SimulatedClock): Promise<Harness> {
  const h = await connectedCall(clock);
  await h.present();
  assert.ok(h.actor.getSnapshot().matches({ inCall: { sharing: { presenting: 'live' } } }));
  h.peerState('disconnected');
  await h.flush();
  assert.equal(restartOffers(h), 0, 'no restart at the first disconnected');
  h.peerState('failed');
  await h.flush();
  return h;
}

test('presenting, ICE failed: an ICE-restart offer in updateMediaSession; answered and connected again, the same presentation goes on', async () => {
  const clock = new SimulatedClock();
  const h = await presentingThenFailed(clock);
  assert.equal(restartOffers(h), 1);
  const update = h.sent.at(-1)!;
  assert.equal(update.action, 'updateMediaSession');
  assert.ok(update.body.sdp, 'the restart offer goes in updateMediaSession');
  assert.equal(state(h), 'presenting', 'the public state does not change during the restart');
  h.terminal.reply('updateMediaSession');
  await h.flush();
  assert.equal(h.peerCommands.at(-1)?.type, 'APPLY_ANSWER');
  h.peerState('connected');
  await h.flush();
  assert.deepEqual(h.actor.getSnapshot().value, { inCall: { sharing: { presenting: { live: 'stable' } } } });
  assert.equal(count(h, 'createMediaSession'), 1, 'the same call');
  assert.equal(h.tracks.length, 1, 'no new capture');
  assert.equal(h.tracks[0].readyState, 'live');
  assert.deepEqual(h.live, { signalling: true, peer: true, capture: true });
  assert.equal(h.actor.getSnapshot().context.iceTries, 0, 'the next failure gets all its tries');
  // No try is pending any more: its timeout does not fire later.
  clock.increment(DEFAULT_ICE_RESTART_TIMEOUT_MS * 2);
  await h.flush();
  assert.equal(restartOffers(h), 1);
  assert.equal(state(h), 'presenting');
});

test(`no answer to ${ICE_RESTART_TRIES} ICE restarts: destroyMediaSession, ended ${ICE_FAILED_CODE}, failed, everything released`, async () => {
  const clock = new SimulatedClock();
  const h = await presentingThenFailed(clock);
  for (let tries = 1; tries <= ICE_RESTART_TRIES; tries++) {
    assert.equal(restartOffers(h), tries);
    assert.equal(count(h, 'updateMediaSession'), 1 + tries, 'one updateMediaSession per try');
    assert.equal(state(h), 'presenting');
    clock.increment(DEFAULT_ICE_RESTART_TIMEOUT_MS - 1);
    await h.flush();
    assert.equal(restartOffers(h), tries, 'a try waits its whole timeout');
    clock.increment(1);
    await h.flush();
  }
  assert.equal(restartOffers(h), ICE_RESTART_TRIES, 'no fourth try');
  assert.equal(h.sent.at(-1)?.action, 'destroyMediaSession');
  assert.equal(state(h), 'failed');
  const ended = h.results.filter((r) => r.type === 'ended');
  assert.deepEqual(ended.map((r) => r.code), [ICE_FAILED_CODE]);
  assert.deepEqual(h.live, { signalling: false, peer: false, capture: false });
  assert.equal(h.tracks[0].readyState, 'ended');
});

test('a refused restart (non-200) waits for its timeout, and the next try that connects ends the restart', async () => {
  const clock = new SimulatedClock();
  const h = await presentingThenFailed(clock);
  h.terminal.reply('updateMediaSession', 488);
  await h.flush();
  assert.equal(restartOffers(h), 1);
  clock.increment(DEFAULT_ICE_RESTART_TIMEOUT_MS);
  await h.flush();
  assert.equal(restartOffers(h), 2);
  await restartAnswered(h);
  assert.equal(h.actor.getSnapshot().context.iceTries, 0);
  clock.increment(DEFAULT_ICE_RESTART_TIMEOUT_MS * 3);
  await h.flush();
  assert.equal(state(h), 'presenting');
  assert.equal(restartOffers(h), 2);
});

test('a disconnected that lasts the grace period restarts ICE; one that recovers within it does not', async () => {
  const clock = new SimulatedClock();
  const h = await connectedCall(clock);
  h.peerState('disconnected');
  clock.increment(DEFAULT_ICE_DISCONNECTED_GRACE_MS - 1);
  await h.flush();
  h.peerState('connected');
  await h.flush();
  clock.increment(DEFAULT_ICE_DISCONNECTED_GRACE_MS * 2);
  await h.flush();
  assert.equal(restartOffers(h), 0, 'recovered by itself');
  h.peerState('disconnected');
  await h.flush();
  clock.increment(DEFAULT_ICE_DISCONNECTED_GRACE_MS);
  await h.flush();
  assert.equal(restartOffers(h), 1, 'restarted after the grace, without waiting for failed');
  assert.equal(h.sent.at(-1)?.action, 'updateMediaSession');
  assert.equal(state(h), 'connected');
  await restartAnswered(h);
  assert.deepEqual(h.actor.getSnapshot().value, { inCall: { connected: 'stable' } });
});

test('paused, ICE failed: restarted and still paused (the track is not re-enabled)', async () => {
  const h = await connectedCall(new SimulatedClock());
  await h.present();
  h.actor.send({ type: 'PAUSE', mute: true });
  await h.flush();
  assert.equal(state(h), 'paused');
  const pausing = h.peerCommands.filter((c) => c.type === 'SET_PAUSED').length;
  h.peerState('failed');
  await h.flush();
  assert.equal(restartOffers(h), 1);
  await restartAnswered(h);
  assert.equal(state(h), 'paused');
  assert.equal(h.peerCommands.filter((c) => c.type === 'SET_PAUSED').length, pausing, 'no SET_PAUSED in or out');
});

test('the host stops presenting during a restart: the restart is left, and taken up again in connected', async () => {
  const clock = new SimulatedClock();
  const h = await presentingThenFailed(clock);
  assert.equal(restartOffers(h), 1);
  h.actor.send({ type: 'STOP_SCREEN' });
  await h.flush();
  assert.equal(h.live.capture, false);
  h.terminal.reply('ctrlPresentation');
  await h.flush();
  assert.equal(restartOffers(h), 2, 'still failed in connected: the next try');
  assert.equal(state(h), 'connected');
  assert.equal(h.actor.getSnapshot().context.pending.updateMediaSession, h.sent.at(-1)?.body.reqId);
});

test('a restart left midway, then a network that recovers by itself: the next failure gets all its tries again', async () => {
  const clock = new SimulatedClock();
  const h = await presentingThenFailed(clock);
  assert.equal(h.actor.getSnapshot().context.iceTries, 1);
  h.actor.send({ type: 'STOP_SCREEN' });
  await h.flush();
  h.peerState('connected');
  h.terminal.reply('ctrlPresentation');
  await h.flush();
  assert.deepEqual(h.actor.getSnapshot().value, { inCall: { connected: 'stable' } });
  assert.equal(h.actor.getSnapshot().context.iceTries, 0, 'connected again: the count starts anew');
  h.peerState('failed');
  await h.flush();
  for (let i = 1; i < ICE_RESTART_TRIES; i++) {
    clock.increment(DEFAULT_ICE_RESTART_TIMEOUT_MS);
    await h.flush();
  }
  assert.equal(restartOffers(h), 1 + ICE_RESTART_TRIES, `${ICE_RESTART_TRIES} tries after the first restart was left`);
  assert.equal(state(h), 'connected');
});

test('a refused restart whose peer connection reconnects by itself ends the restart at once, not with the call', async () => {
  const clock = new SimulatedClock();
  const h = await presentingThenFailed(clock);
  for (let i = 1; i < ICE_RESTART_TRIES; i++) {
    clock.increment(DEFAULT_ICE_RESTART_TIMEOUT_MS);
    await h.flush();
  }
  assert.equal(restartOffers(h), ICE_RESTART_TRIES, 'the last try');
  h.terminal.reply('updateMediaSession', 488);
  await h.flush();
  h.peerState('connected');
  await h.flush();
  assert.deepEqual(h.actor.getSnapshot().value, { inCall: { sharing: { presenting: { live: 'stable' } } } });
  assert.equal(h.actor.getSnapshot().context.iceTries, 0);
  clock.increment(DEFAULT_ICE_RESTART_TIMEOUT_MS * 2);
  await h.flush();
  assert.equal(state(h), 'presenting', 'the call goes on');
  assert.equal(count(h, 'destroyMediaSession'), 0);
});

test('the peer connection reconnects by itself while the restart answer is awaited: restored, and a terminal that never answers does not end the call', async () => {
  const clock = new SimulatedClock();
  const h = await presentingThenFailed(clock);
  assert.equal(count(h, 'updateMediaSession'), 2, 'the restart offer is out');
  h.peerState('connected');
  await h.flush();
  assert.equal(h.actor.getSnapshot().context.iceTries, 0, 'connected again counts as success (gsrtc_ice.js onIceRestartSuccess)');
  for (let i = 0; i <= ICE_RESTART_TRIES; i++) {
    clock.increment(DEFAULT_ICE_RESTART_TIMEOUT_MS);
    await h.flush();
  }
  assert.equal(state(h), 'presenting', 'the media flow: the call goes on');
  assert.equal(count(h, 'destroyMediaSession'), 0);
  assert.deepEqual(h.results.filter((r) => r.type === 'ended'), []);
  assert.equal(restartOffers(h), 1, 'no further try');
  assert.deepEqual(h.actor.getSnapshot().value, { inCall: { sharing: { presenting: { live: 'stable' } } } });
  assert.equal(h.actor.getSnapshot().context.pending.updateMediaSession, undefined, 'the unanswered restart is settled locally');
});

test('connected again before the restart answer: the answer that then comes is still applied', async () => {
  const h = await presentingThenFailed(new SimulatedClock());
  h.peerState('connected');
  await h.flush();
  h.terminal.reply('updateMediaSession');
  await h.flush();
  assert.equal(h.peerCommands.at(-1)?.type, 'APPLY_ANSWER', 'the pending offer gets its answer');
  assert.deepEqual(h.actor.getSnapshot().value, { inCall: { sharing: { presenting: { live: 'stable' } } } });
  assert.equal(h.actor.getSnapshot().context.pending.updateMediaSession, undefined);
});
