// The long steps the element shows progress for (src/session/public-state.ts progressPhase), read from the real
// session chart driven by scripted actors, and what Cancel can do in each: the chart decides, the view follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness } from '../support/scripted-actors.js';
import { progressPhase } from '../../src/session/public-state.js';

const phase = (h: ReturnType<typeof createHarness>) => progressPhase(h.actor.getSnapshot());
const last = (h: ReturnType<typeof createHarness>) => h.results[h.results.length - 1];

test('calling is a long step until the answer is applied; Cancel (HANG_UP) ends the call with 489', async () => {
  const h = createHarness({ requestTimeoutMs: 10_000 });
  assert.equal(phase(h), null);
  h.actor.send({ type: 'CALL', url: 'ws://localhost:1/terminals/t1' });
  await h.flush();
  assert.equal(phase(h), 'calling');
  h.terminal.open();
  await h.flush();
  assert.equal(phase(h), 'calling', 'waiting for the terminal to answer createMediaSession');
  h.actor.send({ type: 'HANG_UP' });
  await h.flush();
  assert.deepEqual({ op: last(h)?.op, code: last(h)?.code }, { op: 'call', code: 489 });
  assert.notEqual(phase(h), 'calling');
  h.actor.stop();
});

test('the capture picker is a long step that Cancel cannot end: STOP_SCREEN answers 104 and the capture goes on', async () => {
  const h = createHarness({ requestTimeoutMs: 10_000, capture: { outcome: 'hang' } });
  await h.connect();
  assert.equal(phase(h), null, 'connected is no long step');
  h.actor.send({ type: 'BEGIN_SCREEN' });
  await h.flush();
  assert.equal(phase(h), 'capturing');
  h.actor.send({ type: 'STOP_SCREEN' });
  await h.flush();
  assert.deepEqual({ op: last(h)?.op, code: last(h)?.code }, { op: 'stopScreen', code: 104 });
  assert.equal(phase(h), 'capturing');
  assert.equal(h.live.capture, true);
  h.actor.stop();
  assert.equal(h.live.capture, false);
});

test('waiting for the terminal to accept is a long step; Cancel (STOP_SCREEN) ends beginScreen with 489', async () => {
  const h = createHarness({ requestTimeoutMs: 10_000 });
  await h.connect();
  h.actor.send({ type: 'BEGIN_SCREEN' });
  await h.flush();
  assert.equal(phase(h), 'requesting', 'ctrlPresentation(1) sent, no reply yet');
  h.actor.send({ type: 'STOP_SCREEN' });
  await h.flush();
  assert.ok(h.results.some((r) => r.op === 'beginScreen' && r.code === 489));
  assert.equal(phase(h), null);
  h.actor.stop();
});

test('the renegotiation after the terminal accepted is still "waiting for the terminal"; live presenting is not', async () => {
  const h = createHarness({ requestTimeoutMs: 10_000 });
  await h.connect();
  h.actor.send({ type: 'BEGIN_SCREEN' });
  await h.flush();
  h.terminal.reply('ctrlPresentation');
  await h.flush();
  assert.equal(phase(h), 'requesting', 'updateMediaSession awaiting its answer');
  h.terminal.reply('updateMediaSession');
  await h.flush();
  assert.equal(phase(h), null);
  h.actor.stop();
});
