import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sfuAccessOf } from '../../src/protocol/sfu-access.js';

const good = { url: 'ws://127.0.0.1:8188', room: 1234, token: 't-1', feed: 77, capacity: 12 };

test('joinRoomRet with an sfu field gives the access as sent', () => {
  assert.deepEqual(sfuAccessOf({ sfu: good }), good);
  assert.deepEqual(sfuAccessOf({ sfu: { ...good, url: 'wss://sfu.example/janus' } })?.url, 'wss://sfu.example/janus');
});

test('a missing capacity reads as 0', () => {
  const { capacity: _, ...rest } = good;
  assert.equal(sfuAccessOf({ sfu: rest })?.capacity, 0);
});

test('no sfu field, or a malformed one, means a mesh room (null)', () => {
  assert.equal(sfuAccessOf({}), null);
  assert.equal(sfuAccessOf({ sfu: 'ws://127.0.0.1:8188' }), null);
  for (const bad of [{ url: 'http://127.0.0.1:8188' }, { url: 8188 }, { room: '1234' }, { token: 5 }, { feed: '77' }, { feed: undefined }]) {
    assert.equal(sfuAccessOf({ sfu: { ...good, ...bad } }), null, JSON.stringify(bad));
  }
});
