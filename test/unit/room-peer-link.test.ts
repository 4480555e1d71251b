/**
 * The per-peer link chart and perfect negotiation's decision (src/room/peer-link.machine.ts) in Node, with the
 * ICE grace period and connect timeout driven by SimulatedClock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createActor, SimulatedClock } from 'xstate';
import { describeIncoming, peerLinkMachine } from '../../src/room/peer-link.machine.js';
import { isPolite } from '../../src/room/messages.js';

function start() {
  const clock = new SimulatedClock();
  const actor = createActor(peerLinkMachine, { input: { remoteId: 'b', polite: true, iceGraceMs: 5_000, connectTimeoutMs: 20_000 }, clock }).start();
  return { clock, actor, state: () => String(actor.getSnapshot().value) };
}

test('connecting → connected on ICE connected/completed', () => {
  const l = start();
  assert.equal(l.state(), 'connecting');
  l.actor.send({ type: 'ICE.STATE', state: 'checking' });
  assert.equal(l.state(), 'connecting');
  l.actor.send({ type: 'ICE.STATE', state: 'completed' });
  assert.equal(l.state(), 'connected');
});

test('disconnected shorter than the grace period recovers; longer fails', () => {
  const l = start();
  l.actor.send({ type: 'ICE.STATE', state: 'connected' });
  l.actor.send({ type: 'ICE.STATE', state: 'disconnected' });
  assert.equal(l.state(), 'interrupted');
  l.clock.increment(4_999);
  l.actor.send({ type: 'ICE.STATE', state: 'connected' });
  assert.equal(l.state(), 'connected');
  l.actor.send({ type: 'ICE.STATE', state: 'failed' });
  l.clock.increment(4_999);
  assert.equal(l.state(), 'interrupted');
  l.clock.increment(1);
  assert.equal(l.state(), 'failed');
  assert.equal(l.actor.getSnapshot().status, 'done');
});

test('a link that never connects fails after the connect timeout; CLOSE closes from any state', () => {
  const l = start();
  l.clock.increment(20_000);
  assert.equal(l.state(), 'failed');
  const m = start();
  m.actor.send({ type: 'ICE.STATE', state: 'connected' });
  m.actor.send({ type: 'CLOSE' });
  assert.equal(m.state(), 'closed');
});

test('perfect negotiation: exactly one of two members is polite', () => {
  assert.equal(isPolite('a-1', 'a-2'), true);
  assert.equal(isPolite('a-2', 'a-1'), false);
});

test('perfect negotiation: colliding offers are ignored by the impolite side and applied (rollback) by the polite one', () => {
  const collision = { makingOffer: true, signalingState: 'have-local-offer', settingRemoteAnswerPending: false };
  assert.equal(describeIncoming('offer', { ...collision, polite: false }), 'ignore');
  assert.equal(describeIncoming('offer', { ...collision, polite: true }), 'rollback-and-apply');
  // Not making an offer but not stable either (our offer is out): still a collision.
  assert.equal(describeIncoming('offer', { polite: false, makingOffer: false, signalingState: 'have-local-offer', settingRemoteAnswerPending: false }), 'ignore');
  // Stable: apply.
  assert.equal(describeIncoming('offer', { polite: false, makingOffer: false, signalingState: 'stable', settingRemoteAnswerPending: false }), 'apply');
  // An answer is always applied.
  assert.equal(describeIncoming('answer', { ...collision, polite: false }), 'apply');
  // While our answer is being applied (settingRemoteAnswerPending), a new offer is not a collision.
  assert.equal(describeIncoming('offer', { polite: false, makingOffer: false, signalingState: 'have-local-offer', settingRemoteAnswerPending: true }), 'apply');
});
