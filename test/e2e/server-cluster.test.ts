/**
 * Several nodes through Redis: Debian's redis-server on a free loopback port and two server processes sharing it
 * (REDIS_URL). A page on one node and its device on the other relay frames both ways; busy/offline answers work
 * across nodes; a device registering on the other node replaces the first (4001); killing one node (SIGKILL) ends
 * only the sessions that involved it — its own clients lose their sockets, the other node's pages whose line it
 * owned are closed 1001, the other node's devices whose page it held get destroyMediaSession — while a pair on the
 * surviving node goes on relaying.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { type Child, Client, create, delay, freePort, ok, startChild, startServerProcess, withTimeout } from '../unit/server-support.js';
import { chromiumArgs, terminalFramesDecoded, until } from './support/harness.js';

let redis: Child;
let redisUrl: string;
const children: Child[] = [];
const clients: Client[] = [];

before(async () => {
  const port = await freePort();
  redis = startChild('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await redis.waitFor(/Ready to accept connections/);
  redisUrl = `redis://127.0.0.1:${port}`;
});

after(async () => {
  for (const c of clients) c.ws.terminate();
  for (const c of children) await c.kill('SIGTERM');
  await redis?.kill('SIGTERM');
});

async function node(id: string, args: string[] = []): Promise<{ child: Child; url: string; port: number }> {
  const { child, port } = await startServerProcess(['--node-id', id, ...args], { REDIS_URL: redisUrl });
  children.push(child);
  return { child, url: `ws://127.0.0.1:${port}`, port };
}

async function open(url: string, protocols?: string[]): Promise<Client> {
  const c = new Client(url, protocols);
  clients.push(c);
  await withTimeout(c.opened, `open ${url}`);
  return c;
}

/** The first frame that arrives on `page` or `device` (without leaving a waiter behind on the other). */
async function firstOf(page: Client, device: Client): Promise<{ f: any; from: 'page' | 'device' }> {
  const end = Date.now() + 3000;
  while (Date.now() < end) {
    if (device.queue.length) return { f: JSON.parse(device.queue.shift()!), from: 'device' };
    if (page.queue.length) return { f: JSON.parse(page.queue.shift()!), from: 'page' };
    await delay(5);
  }
  throw new Error('no answer from either side');
}

/** Sends createMediaSession until the line is known cluster-wide (registration is asynchronous). */
async function callAcross(page: Client, device: Client, userName: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    page.send(create(attempt + 1, userName));
    const got = await firstOf(page, device);
    if (got.from === 'device') {
      assert.equal(got.f.createMediaSession.userName, userName);
      device.send({ createMediaSessionRet: { reqId: got.f.createMediaSession.reqId, rspInfo: ok, sdp: { length: 3, data: 'v=0' } } });
      assert.equal((await page.nextJson()).createMediaSessionRet.rspInfo.rspCode, 200);
      return;
    }
    assert.equal(got.f.createMediaSessionRet.rspInfo.rspCode, 486, JSON.stringify(got.f));
    await delay(100);
  }
  assert.fail('the line never became reachable across nodes');
}

async function roundTrip(page: Client, device: Client, reqId: number): Promise<void> {
  const req = JSON.stringify({ ctrlPresentation: { reqId, sendPermission: 1 } });
  page.send(req);
  assert.equal(await device.next(), req);
  const back = JSON.stringify({ ctrlPresentationRet: { reqId, rspInfo: ok } });
  device.send(back);
  assert.equal(await page.next(), back);
}

test('a page on node A and its device on node B relay both ways; kill B: only its sessions end, with codes', async () => {
  const a = await node('node-a');
  const b = await node('node-b');

  // x: page on A, device on B.   z: page on B, device on A.   y: both on A.
  const dx = await open(`${b.url}/terminals/x/device`);
  const px = await open(`${a.url}/terminals/x`);
  await callAcross(px, dx, 'alice');
  for (let i = 0; i < 20; i++) await roundTrip(px, dx, 100 + i);
  const dz = await open(`${a.url}/terminals/z/device`);
  const pz = await open(`${b.url}/terminals/z`);
  await callAcross(pz, dz, 'zed');
  await roundTrip(pz, dz, 7);
  const dy = await open(`${a.url}/terminals/y/device`);
  const py = await open(`${a.url}/terminals/y`);
  await callAcross(py, dy, 'yan');

  // A second page with another userName on another node: busy (486); an unknown terminal: not online (486).
  const other = await open(`${a.url}/terminals/x`);
  other.send(create(9, 'bob'));
  const busy = (await other.nextJson()).createMediaSessionRet;
  assert.equal(busy.rspInfo.rspCode, 486);
  assert.match(busy.rspInfo.rspMsg, /busy/);
  other.send(create(10, 'bob'));
  const nobody = await open(`${b.url}/terminals/nobody`);
  nobody.send(create(11, 'bob'));
  assert.match((await nobody.nextJson()).createMediaSessionRet.rspInfo.rspMsg, /not online/);
  assert.equal((await other.nextJson()).createMediaSessionRet.rspInfo.rspCode, 486);
  // A page hang-up across nodes: relayed, its Ret comes back, the line is free for the other page.
  px.send({ destroyMediaSession: { reqId: 50, userName: 'alice' } });
  assert.equal((await dx.nextJson()).destroyMediaSession.reqId, 50);
  dx.send({ destroyMediaSessionRet: { reqId: 50, rspInfo: ok } });
  assert.equal((await px.nextJson()).destroyMediaSessionRet.reqId, 50);
  other.send(create(12, 'bob'));
  assert.equal((await dx.nextJson()).createMediaSession.userName, 'bob');
  dx.send({ createMediaSessionRet: { reqId: 12, rspInfo: ok, sdp: { length: 3, data: 'v=0' } } });
  assert.equal((await other.nextJson()).createMediaSessionRet.rspInfo.rspCode, 200);

  b.child.proc.kill('SIGKILL');
  const t0 = Date.now();
  assert.equal((await withTimeout(dx.closed, 'B device lost', 5000)).code, 1006);
  assert.equal((await withTimeout(pz.closed, 'B page lost', 5000)).code, 1006);
  // A notices B is gone: its page on B's line is closed 1001, its device whose page was on B gets destroyMediaSession.
  assert.deepEqual(await withTimeout(other.closed, 'A page of B line closed', 10_000), { code: 1001, reason: 'server node went away' });
  const destroy = await dz.nextJson(10_000);
  assert.equal(destroy.destroyMediaSession.userName, 'zed');
  assert.ok(Date.now() - t0 < 10_000);
  // The pair on A never noticed.
  for (let i = 0; i < 5; i++) await roundTrip(py, dy, 200 + i);
  assert.equal(py.ws.readyState, py.ws.OPEN);
  assert.equal(dz.ws.readyState, dz.ws.OPEN);
});

test('a device registering on another node replaces the first one (4001) and its page is closed 1001', async () => {
  const a = await node('node-c');
  const b = await node('node-d');
  const d1 = await open(`${a.url}/terminals/moving/device`);
  const p1 = await open(`${b.url}/terminals/moving`);
  await callAcross(p1, d1, 'mo');
  const d2 = await open(`${b.url}/terminals/moving/device`);
  assert.deepEqual(await withTimeout(d1.closed, 'old device replaced', 5000), { code: 4001, reason: 'replaced' });
  assert.equal((await withTimeout(p1.closed, 'page closed', 5000)).code, 1001);
  const p2 = await open(`${a.url}/terminals/moving`);
  await callAcross(p2, d2, 'mo2');
  await roundTrip(p2, d2, 3);
});

test('rooms span nodes: members on A and B see each other, capacity counts both, messages cross; a killed node\'s members leave', async () => {
  const a = await node('node-g');
  const b = await node('node-h');
  const c = await node('node-i');
  const ROOM = ['gs-room-json'];
  const joinOn = async (url: string, displayName: string) => {
    const m = await open(`${url}/rooms/conf`, ROOM);
    m.send({ joinRoom: { reqId: 1, displayName } });
    return { m, ret: (await m.nextJson()).joinRoomRet };
  };
  const alice = await joinOn(a.url, 'Alice');
  assert.equal(alice.ret.rspInfo.rspCode, 200);
  const bob = await joinOn(b.url, 'Bob');
  assert.equal(bob.ret.rspInfo.rspCode, 200);
  assert.deepEqual(bob.ret.members.map((m: { displayName: string }) => m.displayName).sort(), ['Alice', 'Bob']);
  assert.deepEqual(await alice.m.nextJson(), { memberJoined: { memberId: bob.ret.memberId, displayName: 'Bob' } });
  const carol = await joinOn(c.url, 'Carol');
  await alice.m.next();
  await bob.m.next();

  alice.m.send({ sendToRoom: { reqId: 2, data: { hi: 'all' } } });
  assert.equal((await alice.m.nextJson()).sendToRoomRet.rspInfo.rspCode, 200);
  assert.deepEqual(await bob.m.nextJson(), { roomMessage: { from: alice.ret.memberId, data: { hi: 'all' } } });
  assert.deepEqual(await carol.m.nextJson(), { roomMessage: { from: alice.ret.memberId, data: { hi: 'all' } } });
  bob.m.send({ sendToRoom: { reqId: 3, to: alice.ret.memberId, data: 'psst' } });
  assert.equal((await bob.m.nextJson()).sendToRoomRet.rspInfo.rspCode, 200);
  assert.deepEqual(await alice.m.nextJson(), { roomMessage: { from: bob.ret.memberId, data: 'psst' } });
  await carol.m.silent();
  const other = await joinOn(b.url, 'Elsewhere').then(async (x) => x); // same room name on B: same room
  assert.equal(other.ret.members.length, 4);
  for (const x of [alice, bob, carol]) await x.m.next(); // memberJoined Elsewhere
  other.m.send({ leaveRoom: { reqId: 4 } });
  await other.m.next();
  for (const x of [alice, bob, carol]) assert.equal((await x.m.nextJson()).memberLeft.reason, 'left');

  c.child.proc.kill('SIGKILL');
  assert.equal((await withTimeout(carol.m.closed, 'C member lost', 5000)).code, 1006);
  const leftA = await alice.m.nextJson(10_000);
  assert.deepEqual(leftA, { memberLeft: { memberId: carol.ret.memberId, displayName: 'Carol', reason: 'closed' } });
  assert.equal((await bob.m.nextJson(10_000)).memberLeft.memberId, carol.ret.memberId);
  alice.m.send({ listMembers: { reqId: 5 } });
  assert.deepEqual((await alice.m.nextJson()).listMembersRet.members.map((m: { displayName: string }) => m.displayName).sort(), ['Alice', 'Bob']);
});

test('room capacity counts the members of every node; a member who leaves frees a place', async () => {
  const a = await node('node-j', ['--room-capacity', '2']);
  const b = await node('node-k', ['--room-capacity', '2']);
  const join = async (url: string, reqId: number) => {
    const m = await open(`${url}/rooms/small`, ['gs-room-json']);
    m.send({ joinRoom: { reqId, displayName: `m${reqId}` } });
    return { m, code: (await m.nextJson()).joinRoomRet.rspInfo.rspCode as number };
  };
  const first = await join(a.url, 1);
  const second = await join(b.url, 2);
  const third = await join(a.url, 3);
  assert.deepEqual([first.code, second.code, third.code], [200, 200, 486]);
  second.m.ws.close();
  await first.m.next(); // memberJoined m2
  assert.equal((await first.m.nextJson()).memberLeft.reason, 'closed');
  third.m.send({ joinRoom: { reqId: 4, displayName: 'm3' } });
  assert.equal((await third.m.nextJson()).joinRoomRet.rspInfo.rspCode, 200);
});

test('Chromium: the sharer page on node A shares its screen with the terminal page on node B', async () => {
  const a = await node('node-e');
  const b = await node('node-f');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: chromiumArgs });
  try {
    const terminal = await (await browser.newContext()).newPage();
    await terminal.goto(`http://localhost:${b.port}/terminal.html?id=e2e-cluster`);
    assert.ok(await until(async () => (await terminal.evaluate(() => document.querySelector('gs-terminal')!.state)) === 'online'));
    const sharer = await (await browser.newContext()).newPage();
    await sharer.goto(`http://localhost:${a.port}/?id=e2e-cluster`);
    let code = 0;
    for (let i = 0; i < 20 && code !== 200; i++) {
      code = (await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code;
      if (code !== 200) await delay(200); // the registration reaches Redis asynchronously
    }
    assert.equal(code, 200);
    assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
    const frames = await until(async () => ((await terminalFramesDecoded(terminal)) >= 20 ? terminalFramesDecoded(terminal) : 0), 15_000);
    assert.ok(frames >= 20, `framesDecoded ${frames}`);
    assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.hangUp())).code, 200);
    assert.ok(await until(async () => (await terminal.evaluate(() => document.querySelector('gs-terminal')!.state)) === 'online'), 'terminal free again');
  } finally {
    await browser.close();
  }
});
