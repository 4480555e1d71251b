/**
 * Rooms (src/server/rooms.ts, docs/server.md "Rooms"): join with a display name, the member list, joined/left
 * notifications, capacity ("room full" 486), leave, empty rooms reclaimed, and a member's messages reaching only
 * its own room. Real server on port 0, real `ws` clients.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Client, type Harness, refusedStatus, start, until, withTimeout } from './server-support.js';

const ROOM = ['gs-room-json'];
const member = (h: Harness, room: string) => h.open(`/rooms/${room}`, ROOM);
async function join(h: Harness, room: string, displayName: string): Promise<{ c: Client; id: string; ret: any }> {
  const c = await member(h, room);
  c.send({ joinRoom: { reqId: 1, displayName } });
  const ret = (await c.nextJson()).joinRoomRet;
  assert.equal(ret.rspInfo.rspCode, 200, JSON.stringify(ret));
  return { c, id: ret.memberId, ret };
}

test('rooms need the gs-room-json sub-protocol and a valid name', async (t) => {
  const h = await start(t);
  assert.equal(await refusedStatus(`${h.url}/rooms/a`, ['gs-webrtc-json']), 400);
  assert.equal(await refusedStatus(`${h.url}/rooms/bad.name`, ROOM), 400);
  assert.equal(await refusedStatus(`${h.url}/rooms/a/b`, ROOM), 404);
  assert.equal(await refusedStatus(`${h.url}/terminals/a`, ROOM), 400);
  const c = await member(h, 'a');
  assert.equal(c.ws.protocol, 'gs-room-json');
});

test('join → member list; the others hear memberJoined and memberLeft; listMembers; leave; rejoin', async (t) => {
  const h = await start(t);
  const alice = await join(h, 'standup', 'Alice');
  assert.deepEqual(alice.ret.members, [{ memberId: alice.id, displayName: 'Alice' }]);
  assert.equal(alice.ret.capacity, 16);
  const bob = await join(h, 'standup', 'Bob');
  assert.deepEqual(bob.ret.members.map((m: { displayName: string }) => m.displayName), ['Alice', 'Bob']);
  assert.deepEqual(await alice.c.nextJson(), { memberJoined: { memberId: bob.id, displayName: 'Bob' } });
  assert.deepEqual(h.server.stats(), { terminals: 0, sessions: 0, connections: 2, rooms: 1, members: 2 });

  bob.c.send({ listMembers: { reqId: 7 } });
  const list = (await bob.c.nextJson()).listMembersRet;
  assert.equal(list.reqId, 7);
  assert.equal(list.members.length, 2);

  bob.c.send({ leaveRoom: { reqId: 8 } });
  assert.equal((await bob.c.nextJson()).leaveRoomRet.rspInfo.rspCode, 200);
  assert.deepEqual(await alice.c.nextJson(), { memberLeft: { memberId: bob.id, displayName: 'Bob', reason: 'left' } });
  bob.c.send({ listMembers: { reqId: 9 } });
  assert.equal((await bob.c.nextJson()).listMembersRet.rspInfo.rspCode, 481);
  bob.c.send({ leaveRoom: { reqId: 10 } });
  assert.equal((await bob.c.nextJson()).leaveRoomRet.rspInfo.rspCode, 481);
  bob.c.send({ joinRoom: { reqId: 11, displayName: 'Bob again' } });
  assert.equal((await bob.c.nextJson()).joinRoomRet.rspInfo.rspCode, 200);
  assert.equal((await alice.c.nextJson()).memberJoined.displayName, 'Bob again');
  bob.c.send({ joinRoom: { reqId: 12, displayName: 'twice' } });
  assert.equal((await bob.c.nextJson()).joinRoomRet.rspInfo.rspCode, 487);

  bob.c.ws.close();
  assert.deepEqual(await alice.c.nextJson(), { memberLeft: { memberId: bob.id, displayName: 'Bob again', reason: 'closed' } });
});

test('capacity: the member past it gets joinRoomRet 486 "room full" and can try again when someone leaves', async (t) => {
  const h = await start(t, { roomCapacity: 2 });
  const a = await join(h, 'small', 'A');
  await join(h, 'small', 'B');
  await a.c.next(); // memberJoined B
  const late = await member(h, 'small');
  late.send({ joinRoom: { reqId: 3, displayName: 'C' } });
  const full = (await late.nextJson()).joinRoomRet;
  assert.equal(full.rspInfo.rspCode, 486);
  assert.match(full.rspInfo.rspMsg, /room full/);
  assert.equal(full.reqId, 3);
  await a.c.silent(); // nobody heard of C
  a.c.ws.close();
  await until(() => h.server.stats().members === 1, 'A gone');
  late.send({ joinRoom: { reqId: 4, displayName: 'C' } });
  assert.equal((await late.nextJson()).joinRoomRet.rspInfo.rspCode, 200);
});

test('messages reach only the sender\'s own room: broadcast and to one member; unknown member → 481', async (t) => {
  const h = await start(t);
  const a = await join(h, 'red', 'A');
  const b = await join(h, 'red', 'B');
  const c = await join(h, 'red', 'C');
  const other = await join(h, 'blue', 'X');
  await a.c.next(); await a.c.next(); await b.c.next(); // joined notices
  a.c.send({ sendToRoom: { data: { hello: 'all' } } });
  assert.deepEqual(await b.c.nextJson(), { roomMessage: { from: a.id, data: { hello: 'all' } } });
  assert.deepEqual(await c.c.nextJson(), { roomMessage: { from: a.id, data: { hello: 'all' } } });
  a.c.send({ sendToRoom: { reqId: 5, to: c.id, data: 'psst' } });
  assert.equal((await a.c.nextJson()).sendToRoomRet.rspInfo.rspCode, 200);
  assert.deepEqual(await c.c.nextJson(), { roomMessage: { from: a.id, data: 'psst' } });
  a.c.send({ sendToRoom: { reqId: 6, to: other.id, data: 'cross-room' } });
  assert.equal((await a.c.nextJson()).sendToRoomRet.rspInfo.rspCode, 481);
  other.c.send({ sendToRoom: { data: 'blue only' } });
  await Promise.all([a.c.silent(), b.c.silent(), c.c.silent(), other.c.silent()]);
  const outsider = await member(h, 'red');
  outsider.send({ sendToRoom: { reqId: 1, data: 'not joined' } });
  assert.equal((await outsider.nextJson()).sendToRoomRet.rspInfo.rspCode, 481);
  await b.c.silent();
});

test('bad room messages: unknown action 405, bad body 400, deep data 400, binary 1003, not JSON 1007', async (t) => {
  const h = await start(t);
  const a = await join(h, 'r', 'A');
  a.c.send({ dance: { reqId: 3 } });
  assert.equal((await a.c.nextJson()).danceRet.rspInfo.rspCode, 405);
  a.c.send({ joinRoom: { reqId: 'x' } });
  assert.equal((await a.c.nextJson()).joinRoomRet.rspInfo.rspCode, 400);
  a.c.send({ sendToRoom: { reqId: 4, data: JSON.parse('['.repeat(40) + ']'.repeat(40)) } });
  assert.equal((await a.c.nextJson()).sendToRoomRet.rspInfo.rspCode, 400);
  const n = await member(h, 'r');
  n.send({ joinRoom: { reqId: 1, displayName: '' } });
  assert.equal((await n.nextJson()).joinRoomRet.rspInfo.rspCode, 400);
  n.send('\r\n');
  assert.equal(await n.next(), '\r\n\r\n');
  n.ws.send(Buffer.from([1, 2]));
  assert.equal((await withTimeout(n.closed, 'binary close')).code, 1003);
  a.c.send('not json');
  assert.equal((await withTimeout(a.c.closed, 'text close')).code, 1007);
});

test('empty rooms are reclaimed', async (t) => {
  const h = await start(t);
  const members = await Promise.all(['a', 'b', 'c'].map((room) => join(h, room, 'M')));
  assert.equal(h.server.stats().rooms, 3);
  for (const m of members) m.c.ws.close();
  await until(() => h.server.stats().rooms === 0 && h.server.stats().members === 0, 'rooms reclaimed');
});
