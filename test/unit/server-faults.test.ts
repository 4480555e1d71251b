/**
 * Faults: a page's socket killed mid-renegotiation, a device vanishing mid-presentation, and SIGTERM on a server
 * process (graceful close 1001 to every client, exit 0). Real servers, real `ws` clients.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANSWER, Client, call, create, ok, sdp, start, startServerProcess, until, withTimeout } from './server-support.js';

test('a page killed mid-renegotiation: the device gets destroyMediaSession, its late answer is dropped, the line is free', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 'reneg', 'carol');
  device.send({ createMediaSessionRet: { reqId: 1, rspInfo: ok, sdp: sdp(ANSWER) } });
  await page.next();
  page.send({ ctrlPresentation: { reqId: 2, sendPermission: 1 } });
  await device.next();
  device.send({ ctrlPresentationRet: { reqId: 2, rspInfo: ok } });
  await page.next();
  page.send({ updateMediaSession: { reqId: 3, userName: 'carol', sdp: sdp('v=0\r\na=content:slides\r\n') } });
  assert.equal((await device.nextJson()).updateMediaSession.reqId, 3);
  page.ws.terminate(); // no closing handshake: the TCP connection just goes
  const destroy = await device.nextJson();
  assert.equal(destroy.destroyMediaSession.userName, 'carol');
  assert.equal(h.server.stats().sessions, 0);
  device.send({ updateMediaSessionRet: { reqId: 3, rspInfo: ok, sdp: sdp(ANSWER) } }); // too late: dropped
  device.send({ destroyMediaSessionRet: { reqId: destroy.destroyMediaSession.reqId, rspInfo: ok } });
  await device.sync();
  const next = await h.page('reneg');
  next.send(create(1, 'dave'));
  assert.deepEqual(await device.nextJson(), create(1, 'dave'));
  await next.silent();
});

test('a device vanishing mid-presentation: the page is closed 1001 and the line is reclaimed', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 'vanish');
  device.send({ createMediaSessionRet: { reqId: 1, rspInfo: ok, sdp: sdp(ANSWER) } });
  await page.next();
  page.send({ ctrlPresentation: { reqId: 2, sendPermission: 1 } });
  await device.next();
  device.ws.terminate();
  assert.deepEqual(await withTimeout(page.closed, 'page closed'), { code: 1001, reason: 'terminal went away' });
  await until(() => h.server.stats().connections === 0, 'everything reclaimed');
  assert.deepEqual(h.server.stats(), { terminals: 0, sessions: 0, connections: 0, rooms: 0, members: 0 });
});

test('SIGTERM on a server process: every client is closed 1001 "server shutting down" and the process exits 0', async (t) => {
  const { child, port } = await startServerProcess();
  t.after(() => child.kill());
  const url = `ws://127.0.0.1:${port}`;
  const device = new Client(`${url}/terminals/sig/device`);
  const page = new Client(`${url}/terminals/sig`);
  const member = new Client(`${url}/rooms/sig`, ['gs-room-json']);
  await Promise.all([device.opened, page.opened, member.opened]);
  page.send(create(1));
  await device.next();
  member.send({ joinRoom: { reqId: 1, displayName: 'm' } });
  await member.next();
  child.proc.kill('SIGTERM');
  for (const c of [device, page, member]) {
    assert.deepEqual(await withTimeout(c.closed, 'closed by the server', 5000), { code: 1001, reason: 'server shutting down' });
  }
  assert.deepEqual(await withTimeout(child.exited, 'exit', 10_000), { code: 0, signal: null });
});
