/** The gs-room-json codec shared by the server and the room client (src/protocol/room-codec.ts, docs/server.md "Rooms"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeRoomFrame,
  decodeRoomRequest,
  encodeMemberJoined,
  encodeMemberLeft,
  encodeRoomMessage,
  encodeRoomRecording,
  encodeRoomReply,
  encodeRoomRequest,
} from '../../src/protocol/room-codec.js';

const ann = { memberId: 'n1-4', displayName: 'Ann' };

test('what the server writes, the member reads back unchanged', () => {
  assert.deepEqual(decodeRoomFrame(encodeMemberJoined(ann)), { kind: 'memberJoined', member: ann });
  assert.deepEqual(decodeRoomFrame(encodeMemberLeft(ann, 'closed')), { kind: 'memberLeft', member: ann, reason: 'closed' });
  assert.deepEqual(decodeRoomFrame(encodeRoomMessage('n1-4', { type: 'chat', text: 'hi' })), { kind: 'roomMessage', from: 'n1-4', data: { type: 'chat', text: 'hi' } });
  assert.deepEqual(decodeRoomFrame(encodeRoomRecording(true)), { kind: 'recording', recording: true });
  assert.deepEqual(decodeRoomFrame(encodeRoomRecording(false)), { kind: 'recording', recording: false });
  assert.deepEqual(decodeRoomFrame(encodeRoomReply('joinRoom', 7, 486, 'room full', { capacity: 4 })), {
    kind: 'reply',
    action: 'joinRoom',
    reqId: 7,
    code: 486,
    message: 'room full',
    body: { reqId: 7, rspInfo: { rspCode: 486, rspMsg: 'room full' }, capacity: 4 },
  });
});

test('the wire text is the documented shape (docs/server.md "Rooms")', () => {
  assert.equal(encodeRoomReply('leaveRoom', 2, 200, 'left'), '{"leaveRoomRet":{"reqId":2,"rspInfo":{"rspCode":200,"rspMsg":"left"}}}');
  assert.equal(encodeMemberLeft(ann, 'left'), '{"memberLeft":{"memberId":"n1-4","displayName":"Ann","reason":"left"}}');
  assert.equal(encodeRoomMessage('a', undefined), '{"roomMessage":{"from":"a","data":null}}');
});

test('what the member writes, the server reads as a request', () => {
  assert.deepEqual(decodeRoomRequest(encodeRoomRequest('joinRoom', { reqId: 1, displayName: 'Ann' })), {
    kind: 'request',
    action: 'joinRoom',
    reqId: 1,
    body: { reqId: 1, displayName: 'Ann' },
  });
  // sendToRoom alone may go without reqId.
  assert.equal(decodeRoomRequest(encodeRoomRequest('sendToRoom', { data: 1 })).kind, 'request');
});

test('bad requests are told apart: unreadable, unknown, invalid', () => {
  for (const text of ['', 'nope', '[]', '{}', '{"a":{},"b":{}}', 'null']) assert.deepEqual(decodeRoomRequest(text), { kind: 'unreadable' }, text);
  assert.deepEqual(decodeRoomRequest('{"dance":{"reqId":3}}'), { kind: 'unknown', action: 'dance', reqId: 3 });
  assert.deepEqual(decodeRoomRequest('{"joinRoomRet":{}}'), { kind: 'unknown', action: 'joinRoomRet', reqId: undefined });
  for (const text of ['{"joinRoom":{}}', '{"joinRoom":{"reqId":-1}}', '{"joinRoom":{"reqId":1.5}}', '{"leaveRoom":7}', '{"sendToRoom":{"reqId":"x"}}']) {
    assert.equal(decodeRoomRequest(text).kind, 'invalid', text);
  }
});

test('the member ignores what is not a frame of ours', () => {
  for (const text of ['', '{}', '{"memberJoined":{"memberId":1}}', '{"roomMessage":{"from":2}}', '{"hello":{}}', '{"a":1}']) {
    assert.deepEqual(decodeRoomFrame(text), { kind: 'ignored' }, text);
  }
});
