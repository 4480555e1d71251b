/**
 * The room chart (src/room/room.machine.ts) in Node: join, the server's answers and their codes, members coming
 * and going, chat, leave and socket loss, with a scripted signalling actor and join/leave replies, the actions it
 * asks of its host recorded, and its waits driven by SimulatedClock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createActor, fromCallback, fromPromise, SimulatedClock, type AnyEventObject } from 'xstate';
import { roomMachine, type JoinReply, type RoomEvent, type RoomNotice } from '../../src/room/room.machine.js';

const ann = { memberId: 'm-1', displayName: 'Ann' };
const bob = { memberId: 'm-2', displayName: 'Bob' };
const cid = { memberId: 'm-3', displayName: 'Cid' };

/** A join reply resolving when the test says so. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function start(opts: { refuseSocket?: string } = {}) {
  const clock = new SimulatedClock();
  const did: string[] = [];
  const notices: RoomNotice[] = [];
  const announced: { state: string; code?: number; message?: string }[] = [];
  const socket = { open: false, closed: 0, sendBack: null as null | ((e: AnyEventObject) => void) };
  let join = deferred<JoinReply>();
  let leave = deferred<unknown>();
  const leaves: number[] = [];
  const actor = createActor(
    roomMachine.provide({
      actors: {
        signalling: fromCallback(({ sendBack, input }) => {
          did.push(`open ${input.room}`);
          if (opts.refuseSocket) sendBack({ type: 'SIGNALLING.REFUSED', message: opts.refuseSocket });
          socket.open = true;
          socket.sendBack = sendBack;
          return () => {
            socket.open = false;
            socket.closed++;
          };
        }),
        joinRoom: fromPromise(({ input }) => {
          did.push(`joinRoom ${input.displayName}`);
          return join.promise;
        }),
        leaveRoom: fromPromise(({ input }) => {
          leaves.push(input.timeoutMs);
          return leave.promise;
        }),
      },
      actions: {
        announce: (_, p) => void announced.push({ state: p.state, code: p.result?.code, message: p.result?.message }),
        notify: (_, n) => void notices.push(n),
        linkMembers: (_, p) => void did.push(`link ${p.members.map((m) => m.memberId).join(',')} as ${p.selfId}`),
        greetMember: (_, p) => void did.push(`greet ${p.memberId}`),
        unlinkMember: (_, p) => void did.push(`unlink ${p.memberId}`),
        peerData: (_, p) => void did.push(`data ${p.from} ${p.data.type}`),
        broadcast: (_, p) => void did.push(`broadcast ${p.data.type}`),
        recordingChanged: (_, p) => void did.push(`recording ${p.recording}`),
        closeAll: () => void did.push('closeAll'),
      },
    }),
    { input: { requestTimeoutMs: 10_000 }, clock },
  ).start();
  const send = (e: RoomEvent) => actor.send(e);
  const value = () => JSON.stringify(actor.getSnapshot().value);
  const ctx = () => actor.getSnapshot().context;
  const last = () => announced.at(-1)!;
  const reply = (r: Partial<JoinReply> & { code: number }) => {
    join.resolve({ message: '', body: {}, capacity: 4, ...r });
    return join.promise.then(() => new Promise((res) => setImmediate(res)));
  };
  const leaveReplied = () => {
    leave.resolve({});
    return leave.promise.then(() => new Promise((res) => setImmediate(res)));
  };
  const reset = () => {
    join = deferred();
    leave = deferred();
  };
  return { actor, clock, did, notices, announced, socket, send, value, ctx, last, reply, leaveReplied, reset, leaves };
}

async function joined(r = start()) {
  r.send({ type: 'JOIN', room: 'team', displayName: 'Ann' });
  r.send({ type: 'SIGNALLING.OPEN' });
  await r.reply({ code: 200, body: { memberId: ann.memberId, members: [ann, bob], capacity: 16 } });
  return r;
}

test('join: idle → joining (opening → requesting) → joined, links every other member, 200 joined', async () => {
  const r = start();
  assert.equal(r.value(), '"idle"');
  r.send({ type: 'JOIN', room: 'team', displayName: 'Ann' });
  assert.equal(r.value(), '{"session":{"joining":"opening"}}');
  assert.deepEqual(r.last(), { state: 'joining', code: undefined, message: undefined });
  assert.deepEqual(r.did, ['open team']);
  r.send({ type: 'SIGNALLING.OPEN' });
  assert.equal(r.value(), '{"session":{"joining":"requesting"}}');
  assert.deepEqual(r.did, ['open team', 'joinRoom Ann']);
  await r.reply({ code: 200, body: { memberId: 'm-1', members: [ann, bob], capacity: 16 } });
  assert.equal(r.value(), '{"session":"joined"}');
  assert.deepEqual(r.last(), { state: 'joined', code: 200, message: 'joined' });
  assert.deepEqual(r.did.slice(2), ['link m-2 as m-1']);
  assert.deepEqual(r.ctx().members, [bob]);
  assert.equal(r.ctx().selfId, 'm-1');
  assert.equal(r.ctx().serverCapacity, 16);
  assert.deepEqual(r.notices, [{ type: 'members' }]);
  // A second JOIN while joined is not taken (the client answers 487).
  assert.equal(r.actor.getSnapshot().can({ type: 'JOIN', room: 'x', displayName: 'y' }), false);
});

test('join refused by the server: 486 → full, any other code → failed with that code; the session is closed', async () => {
  const r = start();
  r.send({ type: 'JOIN', room: 'team', displayName: 'Ann' });
  r.send({ type: 'SIGNALLING.OPEN' });
  await r.reply({ code: 486, message: 'room team is full' });
  assert.equal(r.value(), '"full"');
  assert.deepEqual(r.last(), { state: 'full', code: 486, message: 'room team is full' });
  assert.equal(r.socket.closed, 1);
  assert.ok(r.did.includes('closeAll'));
  // From full a new join is allowed; a bad name is refused with 400.
  r.reset();
  r.send({ type: 'JOIN', room: 'team', displayName: '' });
  r.send({ type: 'SIGNALLING.OPEN' });
  await r.reply({ code: 400, message: 'bad displayName' });
  assert.equal(r.value(), '"failed"');
  assert.deepEqual(r.last(), { state: 'failed', code: 400, message: 'bad displayName' });
});

test('join into a room fuller than the page accepts: leaveRoom, then full with 486', async () => {
  const r = start();
  r.send({ type: 'JOIN', room: 'team', displayName: 'Ann' });
  r.send({ type: 'SIGNALLING.OPEN' });
  await r.reply({ code: 200, capacity: 2, body: { memberId: 'm-1', members: [ann, bob, cid] } });
  assert.equal(r.value(), '{"session":{"joining":"refusing"}}');
  assert.deepEqual(r.leaves, [10_000]);
  assert.equal(r.did.filter((d) => d.startsWith('link')).length, 0);
  await r.leaveReplied();
  assert.equal(r.value(), '"full"');
  assert.deepEqual(r.last(), { state: 'full', code: 486, message: 'room full (2 members)' });
  // Exactly as many members as the page accepts: joined.
  r.reset();
  r.send({ type: 'JOIN', room: 'team', displayName: 'Ann' });
  r.send({ type: 'SIGNALLING.OPEN' });
  await r.reply({ code: 200, capacity: 3, body: { memberId: 'm-1', members: [ann, bob, cid] } });
  assert.equal(r.value(), '{"session":"joined"}');
});

test('signalling errors: a bad address → 300, never opened → 302, no joinRoomRet in time → 408', async () => {
  const a = start({ refuseSocket: 'bad URL' });
  a.send({ type: 'JOIN', room: 'team', displayName: 'Ann' });
  assert.equal(a.value(), '"failed"');
  assert.deepEqual(a.last(), { state: 'failed', code: 300, message: 'bad URL' });

  const b = start();
  b.send({ type: 'JOIN', room: 'team', displayName: 'Ann' });
  b.send({ type: 'SIGNALLING.UNREACHABLE', message: 'WebSocket closed (1006)' });
  assert.deepEqual(b.last(), { state: 'failed', code: 302, message: 'signalling did not open: WebSocket closed (1006)' });

  const c = start();
  c.send({ type: 'JOIN', room: 'team', displayName: 'Ann' });
  c.send({ type: 'SIGNALLING.CLOSED', code: 1006, reason: '' });
  assert.deepEqual(c.last(), { state: 'failed', code: 302, message: 'signalling did not open: signalling closed (1006)' });

  const d = start();
  d.send({ type: 'JOIN', room: 'team', displayName: 'Ann' });
  d.send({ type: 'SIGNALLING.OPEN' });
  d.clock.increment(9_999);
  assert.equal(d.value(), '{"session":{"joining":"requesting"}}');
  d.clock.increment(1);
  assert.deepEqual(d.last(), { state: 'failed', code: 408, message: 'no joinRoomRet in 10000 ms' });
  assert.equal(d.socket.closed, 1);
});

test('members: a newcomer is linked, greeted and announced; one who leaves is unlinked; unknown or repeated ones change nothing', async () => {
  const r = await joined();
  r.did.length = 0;
  r.notices.length = 0;
  r.send({ type: 'MEMBER.JOINED', member: cid });
  assert.deepEqual(r.did, ['link m-3 as m-1', 'greet m-3']);
  assert.deepEqual(r.notices, [{ type: 'member-joined', member: cid }, { type: 'members' }]);
  assert.deepEqual(r.ctx().members, [bob, cid]);
  r.send({ type: 'MEMBER.JOINED', member: cid });
  r.send({ type: 'MEMBER.JOINED', member: ann });
  assert.equal(r.did.length, 2);
  r.send({ type: 'MEMBER.LEFT', member: bob, reason: 'left' });
  assert.deepEqual(r.did.at(-1), 'unlink m-2');
  assert.deepEqual(r.notices.slice(2), [{ type: 'member-left', member: bob, reason: 'left' }, { type: 'members' }]);
  assert.deepEqual(r.ctx().members, [cid]);
  r.send({ type: 'MEMBER.LEFT', member: bob, reason: 'left' });
  assert.equal(r.notices.length, 4);
  assert.equal(r.value(), '{"session":"joined"}');
});

test('chat: a member\'s line and ours are kept and announced; ours goes to everyone; empty or too long text is not taken', async () => {
  const r = await joined();
  r.notices.length = 0;
  r.send({ type: 'PEER.DATA', from: 'm-2', data: { type: 'chat', text: 'hi', sentAt: 5 } });
  const theirs = { from: 'm-2', displayName: 'Bob', text: 'hi', sentAt: 5, self: false };
  assert.deepEqual(r.notices, [{ type: 'chat', message: theirs }]);
  r.send({ type: 'PEER.DATA', from: 'stranger', data: { type: 'chat', text: 'spam', sentAt: 6 } });
  r.send({ type: 'SEND_CHAT', text: 'hello', sentAt: 7 });
  const ours = { from: 'm-1', displayName: 'Ann', text: 'hello', sentAt: 7, self: true };
  assert.deepEqual(r.ctx().chat, [theirs, ours]);
  assert.equal(r.did.at(-1), 'broadcast chat');
  for (const text of ['   ', 'x'.repeat(2001)]) assert.equal(r.actor.getSnapshot().can({ type: 'SEND_CHAT', text, sentAt: 8 }), false);
  assert.equal(r.actor.getSnapshot().can({ type: 'SEND_CHAT', text: 'x'.repeat(2000), sentAt: 8 }), true);
  // Negotiation and call data from a member go to the host; from a stranger, nowhere.
  r.send({ type: 'PEER.DATA', from: 'm-2', data: { type: 'call', action: 'invite', callId: 'c' } });
  r.send({ type: 'PEER.DATA', from: 'stranger', data: { type: 'call', action: 'invite', callId: 'c' } });
  assert.deepEqual(r.did.filter((d) => d.startsWith('data')), ['data m-2 call']);
  r.send({ type: 'RECORDING', recording: true });
  assert.equal(r.did.at(-1), 'recording true');
});

test('chat before joining is not taken', () => {
  const r = start();
  assert.equal(r.actor.getSnapshot().can({ type: 'SEND_CHAT', text: 'hi', sentAt: 1 }), false);
});

test('leave: joined → leaving (leaveRoom) → idle with 200 left, on the reply or after the 2 s wait; everything closed', async () => {
  const r = await joined();
  r.send({ type: 'LEAVE' });
  assert.equal(r.value(), '{"session":"leaving"}');
  assert.deepEqual(r.last(), { state: 'leaving', code: undefined, message: undefined });
  assert.deepEqual(r.leaves, [2_000]);
  await r.leaveReplied();
  assert.equal(r.value(), '"idle"');
  assert.deepEqual(r.last(), { state: 'idle', code: 200, message: 'left' });
  assert.equal(r.socket.closed, 1);
  assert.deepEqual(r.ctx().members, []);
  assert.equal(r.ctx().selfId, '');

  const s = await joined();
  s.send({ type: 'LEAVE' });
  s.clock.increment(1_999);
  assert.equal(s.value(), '{"session":"leaving"}');
  s.clock.increment(1);
  assert.deepEqual(s.last(), { state: 'idle', code: 200, message: 'left' });
});

test('leave while joining goes through leaving; a second leave while leaving closes at once', () => {
  const r = start();
  r.send({ type: 'JOIN', room: 'team', displayName: 'Ann' });
  r.send({ type: 'LEAVE' });
  assert.equal(r.value(), '{"session":"leaving"}');
  r.send({ type: 'LEAVE' });
  assert.equal(r.value(), '"idle"');
  assert.deepEqual(r.last(), { state: 'idle', code: undefined, message: undefined });
  assert.equal(r.socket.closed, 1);
});

test('socket loss while joined → failed 302 with the close code; FAIL from the host → failed with its result', async () => {
  const r = await joined();
  r.send({ type: 'SIGNALLING.CLOSED', code: 1001, reason: 'going away' });
  assert.equal(r.value(), '"failed"');
  assert.deepEqual(r.last(), { state: 'failed', code: 302, message: 'signalling closed (1001 going away)' });
  assert.equal(r.socket.closed, 1);
  assert.ok(r.did.includes('closeAll'));
  // From failed, LEAVE returns to idle without a result.
  r.send({ type: 'LEAVE' });
  assert.deepEqual(r.last(), { state: 'idle', code: undefined, message: undefined });

  const s = await joined();
  s.send({ type: 'FAIL', result: { code: 302, message: 'media server lost: closed' } });
  assert.deepEqual(s.last(), { state: 'failed', code: 302, message: 'media server lost: closed' });
  assert.equal(s.socket.closed, 1);
});

test('socket loss while leaving is not a failure: the leave ends as planned', async () => {
  const r = await joined();
  r.send({ type: 'LEAVE' });
  r.send({ type: 'SIGNALLING.CLOSED', code: 1000, reason: '' });
  assert.equal(r.value(), '{"session":"leaving"}');
  await r.leaveReplied();
  assert.deepEqual(r.last(), { state: 'idle', code: 200, message: 'left' });
});
