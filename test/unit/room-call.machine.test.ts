/**
 * The 1:1 call chart (src/room/call.machine.ts) in Node: every way a call starts and ends, with the signals it
 * sends and the media it starts/stops recorded through the provided actions, and the ring timeout driven by
 * xstate's SimulatedClock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createActor, SimulatedClock } from 'xstate';
import { callMachine, type CallSignal } from '../../src/room/call.machine.js';

function start(ringTimeoutMs = 30_000) {
  const signals: CallSignal[] = [];
  const media: string[] = [];
  const clock = new SimulatedClock();
  const actor = createActor(
    callMachine.provide({
      actions: {
        signal: (_, p) => void signals.push(p),
        startMedia: (_, p) => void media.push(`start ${p.peer}${p.caller ? ' as caller' : ''}`),
        stopMedia: (_, p) => void media.push(`stop ${p.peer}`),
      },
    }),
    { input: { ringTimeoutMs }, clock },
  ).start();
  const state = () => String(actor.getSnapshot().value);
  const ctx = () => actor.getSnapshot().context;
  return { actor, signals, media, clock, state, ctx };
}

test('caller: invite → ringing → accept → active (media started) → hang up → idle (media stopped)', () => {
  const c = start();
  c.actor.send({ type: 'DIAL', to: 'bob', callId: 'c1' });
  assert.equal(c.state(), 'outgoing');
  assert.deepEqual(c.signals, [{ to: 'bob', action: 'invite', callId: 'c1' }]);
  c.actor.send({ type: 'REMOTE', from: 'bob', action: 'ringing', callId: 'c1' });
  assert.equal(c.ctx().ringing, true);
  c.actor.send({ type: 'REMOTE', from: 'bob', action: 'accept', callId: 'c1' });
  assert.equal(c.state(), 'active');
  assert.deepEqual(c.media, ['start bob as caller']);
  c.actor.send({ type: 'HANG_UP' });
  assert.equal(c.state(), 'idle');
  assert.deepEqual(c.media, ['start bob as caller', 'stop bob']);
  assert.deepEqual(c.signals.at(-1), { to: 'bob', action: 'hangup', callId: 'c1' });
  assert.equal(c.ctx().lastEnd, 'hangup');
  assert.equal(c.ctx().peer, null);
});

test('callee: invite → ringing sent → ACCEPT → active → remote hangup → idle', () => {
  const c = start();
  c.actor.send({ type: 'REMOTE', from: 'alice', action: 'invite', callId: 'c2' });
  assert.equal(c.state(), 'incoming');
  assert.deepEqual(c.signals, [{ to: 'alice', action: 'ringing', callId: 'c2' }]);
  c.actor.send({ type: 'ACCEPT' });
  assert.equal(c.state(), 'active');
  assert.deepEqual(c.signals.at(-1), { to: 'alice', action: 'accept', callId: 'c2' });
  c.actor.send({ type: 'REMOTE', from: 'alice', action: 'hangup', callId: 'c2' });
  assert.equal(c.state(), 'idle');
  assert.equal(c.ctx().lastEnd, 'remote-hangup');
  assert.deepEqual(c.media, ['start alice', 'stop alice']);
});

test('decline: the callee declines; the caller ends as declined, no media either side', () => {
  const callee = start();
  callee.actor.send({ type: 'REMOTE', from: 'alice', action: 'invite', callId: 'c3' });
  callee.actor.send({ type: 'DECLINE' });
  assert.equal(callee.state(), 'idle');
  assert.equal(callee.ctx().lastEnd, 'rejected');
  assert.deepEqual(callee.signals.at(-1), { to: 'alice', action: 'decline', callId: 'c3' });
  const caller = start();
  caller.actor.send({ type: 'DIAL', to: 'bob', callId: 'c3' });
  caller.actor.send({ type: 'REMOTE', from: 'bob', action: 'decline', callId: 'c3' });
  assert.equal(caller.state(), 'idle');
  assert.equal(caller.ctx().lastEnd, 'declined');
  assert.deepEqual([...callee.media, ...caller.media], []);
});

test('cancel while ringing: the caller sends cancel, the callee ends as remote-cancelled', () => {
  const caller = start();
  caller.actor.send({ type: 'DIAL', to: 'bob', callId: 'c4' });
  caller.actor.send({ type: 'CANCEL' });
  assert.equal(caller.state(), 'idle');
  assert.equal(caller.ctx().lastEnd, 'cancelled');
  assert.deepEqual(caller.signals.at(-1), { to: 'bob', action: 'cancel', callId: 'c4' });
  const callee = start();
  callee.actor.send({ type: 'REMOTE', from: 'alice', action: 'invite', callId: 'c4' });
  callee.actor.send({ type: 'REMOTE', from: 'alice', action: 'cancel', callId: 'c4' });
  assert.equal(callee.state(), 'idle');
  assert.equal(callee.ctx().lastEnd, 'remote-cancelled');
});

test('signals of another call id or another member change nothing', () => {
  const c = start();
  c.actor.send({ type: 'DIAL', to: 'bob', callId: 'c5' });
  c.actor.send({ type: 'REMOTE', from: 'bob', action: 'accept', callId: 'old' });
  c.actor.send({ type: 'REMOTE', from: 'mallory', action: 'accept', callId: 'c5' });
  assert.equal(c.state(), 'outgoing');
});

test('a second invite while busy is answered busy; the caller of a busy callee ends as busy', () => {
  const c = start();
  c.actor.send({ type: 'REMOTE', from: 'alice', action: 'invite', callId: 'c6' });
  c.actor.send({ type: 'ACCEPT' });
  c.actor.send({ type: 'REMOTE', from: 'carol', action: 'invite', callId: 'c7' });
  assert.equal(c.state(), 'active');
  assert.equal(c.ctx().peer, 'alice');
  assert.deepEqual(c.signals.at(-1), { to: 'carol', action: 'busy', callId: 'c7' });
  const carol = start();
  carol.actor.send({ type: 'DIAL', to: 'bob', callId: 'c7' });
  carol.actor.send({ type: 'REMOTE', from: 'bob', action: 'busy', callId: 'c7' });
  assert.equal(carol.ctx().lastEnd, 'busy');
});

test('ring timeout: no answer within ringTimeoutMs ends both sides as no-answer', () => {
  const caller = start(30_000);
  caller.actor.send({ type: 'DIAL', to: 'bob', callId: 'c8' });
  caller.clock.increment(29_999);
  assert.equal(caller.state(), 'outgoing');
  caller.clock.increment(1);
  assert.equal(caller.state(), 'idle');
  assert.equal(caller.ctx().lastEnd, 'no-answer');
  assert.deepEqual(caller.signals.at(-1), { to: 'bob', action: 'cancel', callId: 'c8' });
  const callee = start(30_000);
  callee.actor.send({ type: 'REMOTE', from: 'alice', action: 'invite', callId: 'c9' });
  callee.clock.increment(30_000);
  assert.equal(callee.ctx().lastEnd, 'no-answer');
  assert.deepEqual(callee.signals.at(-1), { to: 'alice', action: 'decline', callId: 'c9' });
});

test('link failed (ICE beyond the grace period) or the peer leaving ends an active call', () => {
  const c = start();
  c.actor.send({ type: 'DIAL', to: 'bob', callId: 'c10' });
  c.actor.send({ type: 'REMOTE', from: 'bob', action: 'accept', callId: 'c10' });
  c.actor.send({ type: 'LINK.FAILED', memberId: 'carol' });
  assert.equal(c.state(), 'active');
  c.actor.send({ type: 'LINK.FAILED', memberId: 'bob' });
  assert.equal(c.state(), 'idle');
  assert.equal(c.ctx().lastEnd, 'link-failed');
  assert.deepEqual(c.media, ['start bob as caller', 'stop bob']);
  c.actor.send({ type: 'REMOTE', from: 'alice', action: 'invite', callId: 'c11' });
  c.actor.send({ type: 'ACCEPT' });
  c.actor.send({ type: 'PEER.LEFT', memberId: 'alice' });
  assert.equal(c.ctx().lastEnd, 'peer-left');
  assert.equal(c.state(), 'idle');
});
