/** Request bookkeeping shared by the terminal and the room client (src/protocol/pending-replies.ts), on mock timers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingReplies } from '../../src/protocol/pending-replies.js';

test('a reply settles its request once; a late or unknown reply is dropped', async () => {
  const pending = new PendingReplies<string, string>();
  const sent: number[] = [];
  const reply = pending.open('call', 1000, () => 'timeout', (reqId) => sent.push(reqId));
  assert.deepEqual(sent, [1]);
  assert.equal(pending.settle(2, 'other'), false);
  assert.equal(pending.settle('1', 'not a number'), false);
  assert.equal(pending.settle(1, 'wrong action', (tag) => tag === 'hangup'), false);
  assert.equal(pending.settle(1, 'ok', (tag) => tag === 'call'), true);
  assert.equal(pending.settle(1, 'again'), false);
  assert.equal(await reply, 'ok');
});

test('a request without a reply resolves with its timeout value after timeoutMs, not before', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const pending = new PendingReplies<string>();
  let settled: string | undefined;
  void pending.open(undefined, 1000, () => 'timeout', () => {}).then((r) => (settled = r));
  t.mock.timers.tick(999);
  await Promise.resolve();
  assert.equal(settled, undefined);
  t.mock.timers.tick(1);
  await Promise.resolve();
  assert.equal(settled, 'timeout');
  // The timed-out request is gone: its late reply settles nothing.
  assert.equal(pending.settle(1, 'late'), false);
});

test('settleAll ends every request but those kept, and their timers with them', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const pending = new PendingReplies<string, string>();
  const a = pending.open('ctrlPresentation', 1000, () => 'timeout', () => {});
  const b = pending.open('destroyMediaSession', 1000, () => 'timeout', () => {});
  pending.settleAll('481', (tag) => tag === 'destroyMediaSession');
  assert.equal(await a, '481');
  assert.equal(pending.settle(2, 'hung up'), true);
  assert.equal(await b, 'hung up');
  assert.equal(pending.nextId(), 3, 'ids never repeat');
});
