/** The room client's reading of gs-room-json frames, the members' data and the codec ordering (src/room/messages.ts, src/protocol/room-codec.ts, codecs.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inviteLink, parsePeerData, parseRoomFrame, roomAddress } from '../../src/room/messages.js';
import { membersOf } from '../../src/protocol/room-codec.js';
import { orderCodecs, parseAudioCodec, parseVideoCodec, preferredMimeTypes } from '../../src/room/codecs.js';

test('replies decode with their code, message and body', () => {
  const m = parseRoomFrame(JSON.stringify({ joinRoomRet: { reqId: 1, rspInfo: { rspCode: 486, rspMsg: 'room full (4 members)' }, capacity: 4 } }));
  assert.equal(m.kind, 'reply');
  assert.ok(m.kind === 'reply' && m.action === 'joinRoom' && m.code === 486 && m.reqId === 1 && m.body.capacity === 4);
  const ok = parseRoomFrame(JSON.stringify({ joinRoomRet: { reqId: 2, rspInfo: { rspCode: 200, rspMsg: 'joined' }, members: [{ memberId: 'a', displayName: 'A' }, { memberId: 3 }] } }));
  assert.ok(ok.kind === 'reply');
  assert.deepEqual(membersOf(ok.kind === 'reply' ? ok.body : {}), [{ memberId: 'a', displayName: 'A' }]);
});

test('notifications and room messages decode; junk is ignored', () => {
  assert.deepEqual(parseRoomFrame('{"memberJoined":{"memberId":"x","displayName":"X"}}'), { kind: 'memberJoined', member: { memberId: 'x', displayName: 'X' } });
  assert.deepEqual(parseRoomFrame('{"memberLeft":{"memberId":"x","displayName":"X","reason":"closed"}}'), {
    kind: 'memberLeft',
    member: { memberId: 'x', displayName: 'X' },
    reason: 'closed',
  });
  const chat = parseRoomFrame(JSON.stringify({ roomMessage: { from: 'x', data: { type: 'chat', text: '<b>hi</b>', sentAt: 5 } } }));
  assert.deepEqual(chat, { kind: 'roomMessage', from: 'x', data: { type: 'chat', text: '<b>hi</b>', sentAt: 5 } });
  for (const junk of ['\r\n', 'nope', '[]', '{"a":1,"b":2}', '{"roomMessage":{"from":"x","data":{"type":"chat","text":""}}}', '{"roomMessage":{"from":"x","data":{"type":"call","action":"explode","callId":"1"}}}']) {
    assert.equal(parseRoomFrame(junk).kind, 'ignored', junk);
  }
});

test('peer data: descriptions, candidates, media and call signals validate', () => {
  assert.deepEqual(parsePeerData({ type: 'description', description: { type: 'offer', sdp: 'v=0' } }), { type: 'description', description: { type: 'offer', sdp: 'v=0' } });
  assert.equal(parsePeerData({ type: 'description', description: { type: 'pranswer', sdp: 'v=0' } }), null);
  assert.deepEqual(parsePeerData({ type: 'candidate', candidate: null }), { type: 'candidate', candidate: null });
  assert.equal(parsePeerData({ type: 'candidate', candidate: { candidate: 5 } }), null);
  assert.deepEqual(parsePeerData({ type: 'media', camera: 'c', screen: 7 }), { type: 'media', camera: 'c', screen: null });
  assert.deepEqual(parsePeerData({ type: 'call', action: 'invite', callId: 'k' }), { type: 'call', action: 'invite', callId: 'k' });
  assert.equal(parsePeerData({ type: 'chat', text: 'x'.repeat(2001) }), null);
});

test('addresses: the room WebSocket and the invite link (without the inviter\'s login)', () => {
  assert.equal(roomAddress('http://localhost:8080/any?x=1', 'team-1'), 'ws://localhost:8080/rooms/team-1');
  assert.equal(roomAddress('https://example.test', 'r'), 'wss://example.test/rooms/r');
  assert.equal(inviteLink('http://h/room.html?user=Alice&video=vp8#x', 'r1'), 'http://h/room.html?video=vp8&room=r1');
});

test('codec preference: the chosen codec first, the rest in the browser\'s order', () => {
  const caps = [{ mimeType: 'video/VP9' }, { mimeType: 'video/rtx' }, { mimeType: 'video/H264' }, { mimeType: 'video/VP8' }, { mimeType: 'video/H264' }];
  assert.deepEqual(orderCodecs(caps, preferredMimeTypes.vp8).map((c) => c.mimeType), ['video/VP8', 'video/VP9', 'video/rtx', 'video/H264', 'video/H264']);
  assert.deepEqual(orderCodecs(caps, preferredMimeTypes.h264).map((c) => c.mimeType), ['video/H264', 'video/H264', 'video/VP9', 'video/rtx', 'video/VP8']);
  const audio = [{ mimeType: 'audio/opus' }, { mimeType: 'audio/PCMA' }, { mimeType: 'audio/PCMU' }];
  assert.deepEqual(orderCodecs(audio, preferredMimeTypes.g711).map((c) => c.mimeType), ['audio/PCMU', 'audio/PCMA', 'audio/opus']);
  assert.equal(parseVideoCodec('H.264'), 'h264');
  assert.equal(parseVideoCodec('av1'), 'auto');
  assert.equal(parseAudioCodec('PCMA'), 'g711');
});
