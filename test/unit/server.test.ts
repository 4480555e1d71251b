/**
 * The signalling server end to end: a real server on port 0, real `ws` clients speaking gs-webrtc-json.
 * Covers the upgrade checks, keep-alive, the relay rules of src/server/relay.ts, close codes, HTTP and close().
 * The client, the harness and the fixtures are test/unit/server-support.ts's, shared with the other server tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SUBPROTOCOL } from '../../src/protocol/index.js';
import { createSignallingServer } from '../../src/server/server.js';
import { ANSWER, OFFER, call, create, refusedStatus, request, sdp, start, until, withTimeout } from './server-support.js';

test('upgrades are refused for an unknown path (404), a bad id or no gs-webrtc-json sub-protocol (400)', async (t) => {
  const h = await start(t);
  assert.equal(await refusedStatus(`${h.url}/nope`, [SUBPROTOCOL]), 404);
  assert.equal(await refusedStatus(`${h.url}/terminals/abc/device/extra`, [SUBPROTOCOL]), 404);
  assert.equal(await refusedStatus(`${h.url}/terminals/abc/page`, [SUBPROTOCOL]), 404);
  assert.equal(await refusedStatus(`${h.url}/terminals/`, [SUBPROTOCOL]), 400);
  assert.equal(await refusedStatus(`${h.url}/terminals/bad.id`, [SUBPROTOCOL]), 400);
  assert.equal(await refusedStatus(`${h.url}/terminals/a%2Fb/device`, [SUBPROTOCOL]), 400);
  assert.equal(await refusedStatus(`${h.url}/terminals/${'a'.repeat(65)}`, [SUBPROTOCOL]), 400);
  assert.equal(await refusedStatus(`${h.url}/terminals/abc`), 400);
  assert.equal(await refusedStatus(`${h.url}/terminals/abc/device`, ['other-protocol']), 400);
  assert.deepEqual(h.server.stats(), { terminals: 0, sessions: 0, connections: 0, rooms: 0, members: 0 });

  const page = await h.page(`A_z-9${'x'.repeat(59)}`);
  const device = await h.open('/terminals/abc/device?token=ignored');
  assert.equal(page.ws.protocol, SUBPROTOCOL);
  assert.equal(device.ws.protocol, SUBPROTOCOL);
  await until(() => h.server.stats().connections === 2, 'two connections');
  assert.deepEqual(h.server.stats(), { terminals: 1, sessions: 0, connections: 2, rooms: 0, members: 0 });
});

test('"\\r\\n" from a page or a device is answered "\\r\\n\\r\\n"; "\\r\\n\\r\\n" is ignored', async (t) => {
  const h = await start(t);
  const device = await h.device('t1');
  const page = await h.page('t1');
  page.send('\r\n\r\n');
  page.send('\r\n');
  assert.equal(await page.next(), '\r\n\r\n');
  device.send('\r\n');
  assert.equal(await device.next(), '\r\n\r\n');
  await page.silent();
  await device.silent();
});

test('createMediaSession with no device online → createMediaSessionRet 486 with the request reqId', async (t) => {
  const h = await start(t);
  const page = await h.page('nobody');
  page.send(create(7));
  const reply = (await page.nextJson()) as { createMediaSessionRet: { reqId: number; rspInfo: { rspCode: number; rspMsg: string } } };
  assert.equal(reply.createMediaSessionRet.reqId, 7);
  assert.equal(reply.createMediaSessionRet.rspInfo.rspCode, 486);
  assert.match(reply.createMediaSessionRet.rspInfo.rspMsg, /not online/);
  assert.deepEqual(h.server.stats().sessions, 0);
});

test('the holder page and the device relay both ways, re-serialised with only protocol fields', async (t) => {
  const h = await start(t);
  const device = await h.device('t1');
  const page = await h.page('t1');
  page.send({ createMediaSession: { reqId: 1, userName: 'alice', sdp: sdp(OFFER), extra: 'dropped' } });
  assert.equal(
    await device.next(),
    JSON.stringify({ createMediaSession: { userName: 'alice', reqId: 1, sdp: sdp(OFFER) } }),
  );
  assert.deepEqual(h.server.stats(), { terminals: 1, sessions: 1, connections: 2, rooms: 0, members: 0 });

  device.send({ local_line: 3, createMediaSessionRet: { rspInfo: { rspCode: 200, rspMsg: 'ok' }, sdp: sdp(ANSWER), reqId: 1, junk: true } });
  assert.equal(
    await page.next(),
    JSON.stringify({ createMediaSessionRet: { reqId: 1, sdp: sdp(ANSWER), rspInfo: { rspCode: 200, rspMsg: 'ok' } }, local_line: 3 }),
  );

  device.send({ ctrlPresentation: { reqId: 40, sendPermission: 3 }, local_line: 3 });
  assert.equal(await page.next(), '{"ctrlPresentation":{"reqId":40,"sendPermission":3},"local_line":3}');
  page.send({ ctrlPresentationRet: { reqId: 40, rspInfo: { rspCode: 403, rspMsg: 'no' } } });
  assert.equal(await device.next(), '{"ctrlPresentationRet":{"reqId":40,"rspInfo":{"rspCode":403,"rspMsg":"no"}}}');
  page.send({ updateCandidate: { reqId: 2, candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: 0 } } });
  assert.equal(await device.next(), '{"updateCandidate":{"reqId":2,"candidate":{"candidate":"","sdpMid":"0","sdpMLineIndex":0}}}');
});

test('a frame with only protocol members travels as it came; a member written twice or an extra one is re-serialised', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 't1');
  // Spacing and member order are the sender's: the text is relayed byte for byte.
  const spaced = '{ "ctrlPresentation" : { "sendPermission" : 1, "reqId" : 2 } }';
  page.send(spaced);
  assert.equal(await device.next(), spaced);
  // JSON.parse keeps the last of two members with one key (a device parser may keep the first): the server sends
  // on only the value it checked.
  page.send('{"ctrlPresentation":{"reqId":3,"sendPermission":1,"sendPermission":0}}');
  assert.equal(await device.next(), '{"ctrlPresentation":{"reqId":3,"sendPermission":0}}');
  device.send('{"ctrlPresentationRet":{"reqId":3,"rspInfo":{"rspCode":200,"rspMsg":"ok","rspCode":403}}}');
  assert.equal(await page.next(), '{"ctrlPresentationRet":{"reqId":3,"rspInfo":{"rspCode":403,"rspMsg":"ok"}}}');
  device.send('{"ctrlPresentationRet":{"reqId":2,"rspInfo":{"rspCode":200,"rspMsg":"ok","note":{"deep":[1]}}}}');
  assert.equal(await page.next(), '{"ctrlPresentationRet":{"reqId":2,"rspInfo":{"rspCode":200,"rspMsg":"ok"}}}');
});

test('a second page while the line is busy → 486, and the first page still works', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 'busy');
  const second = await h.page('busy');
  second.send(create(5, 'bob'));
  const reply = (await second.nextJson()) as { createMediaSessionRet: { reqId: number; rspInfo: { rspCode: number; rspMsg: string } } };
  assert.equal(reply.createMediaSessionRet.reqId, 5);
  assert.equal(reply.createMediaSessionRet.rspInfo.rspCode, 486);
  assert.match(reply.createMediaSessionRet.rspInfo.rspMsg, /busy/);
  await device.silent();

  page.send({ ctrlPresentation: { reqId: 2, sendPermission: 1 } });
  assert.equal(await device.next(), '{"ctrlPresentation":{"reqId":2,"sendPermission":1}}');
  device.send({ ctrlPresentationRet: { reqId: 2, rspInfo: { rspCode: 200, rspMsg: 'ok' } } });
  assert.equal(await page.next(), '{"ctrlPresentationRet":{"reqId":2,"rspInfo":{"rspCode":200,"rspMsg":"ok"}}}');
  await second.silent();
  assert.equal(h.server.stats().sessions, 1);
});

test('requests from a page not holding the line, or from a device with no holder, → <action>Ret 481', async (t) => {
  const h = await start(t);
  const device = await h.device('t1');
  const page = await h.page('t1');
  page.send({ ctrlPresentation: { reqId: 3, sendPermission: 1 } });
  assert.deepEqual(await page.nextJson(), {
    ctrlPresentationRet: { reqId: 3, rspInfo: { rspCode: 481, rspMsg: 'Not in a call with terminal t1' } },
  });
  page.send({ destroyMediaSession: { reqId: 4, userName: 'alice' } });
  assert.equal(((await page.nextJson()) as { destroyMediaSessionRet: { rspInfo: { rspCode: number } } }).destroyMediaSessionRet.rspInfo.rspCode, 481);
  page.send({ ctrlPresentationRet: { reqId: 9, rspInfo: { rspCode: 200, rspMsg: 'ok' } } }); // a reply: dropped
  await page.sync();

  device.send({ ctrlPresentation: { reqId: 11, sendPermission: 3 } });
  assert.deepEqual(await device.nextJson(), {
    ctrlPresentationRet: { reqId: 11, rspInfo: { rspCode: 481, rspMsg: 'No page is in a call with terminal t1' } },
  });
  device.send({ createMediaSessionRet: { reqId: 1, rspInfo: { rspCode: 486, rspMsg: 'busy' } } }); // dropped
  await device.sync();
  await page.silent();
});

test('an invalid request → 400 <action>Ret, an unknown action → 405, an invalid reply is dropped; none is relayed', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 't1');
  page.send({ ctrlPresentation: { reqId: 9, sendPermission: 7 } });
  const bad = (await page.nextJson()) as { ctrlPresentationRet: { reqId: number; rspInfo: { rspCode: number; rspMsg: string } } };
  assert.equal(bad.ctrlPresentationRet.reqId, 9);
  assert.equal(bad.ctrlPresentationRet.rspInfo.rspCode, 400);
  assert.match(bad.ctrlPresentationRet.rspInfo.rspMsg, /sendPermission/);

  page.send({ fooBar: { reqId: 12 } });
  const unknown = (await page.nextJson()) as { fooBarRet: { reqId: number; rspInfo: { rspCode: number } } };
  assert.equal(unknown.fooBarRet.reqId, 12);
  assert.equal(unknown.fooBarRet.rspInfo.rspCode, 405);

  page.send({ ctrlPresentationRet: { reqId: 1 } }); // a reply without rspInfo: dropped
  await page.sync();
  device.send({ updateMediaSession: { reqId: 20 } }); // no sdp
  const fromDevice = (await device.nextJson()) as { updateMediaSessionRet: { reqId: number; rspInfo: { rspCode: number } } };
  assert.equal(fromDevice.updateMediaSessionRet.reqId, 20);
  assert.equal(fromDevice.updateMediaSessionRet.rspInfo.rspCode, 400);
  await device.silent();
  await page.silent();
});

test('a binary frame closes the socket with 1003', async (t) => {
  const h = await start(t);
  const page = await h.page('t1');
  page.ws.send(Buffer.from('{"createMediaSession":{}}'));
  const closed = await withTimeout(page.closed, 'close');
  assert.equal(closed.code, 1003);
  await until(() => h.server.stats().connections === 0, 'connection gone');
});

test('unreadable text closes the socket with 1007 and the server keeps serving the others', async (t) => {
  const h = await start(t);
  const device = await h.device('t1');
  const page = await h.page('t1');
  page.send('this is not json');
  assert.equal((await withTimeout(page.closed, 'close')).code, 1007);
  device.send('{"a":{},"b":{}}');
  assert.equal((await withTimeout(device.closed, 'close')).code, 1007);

  const device2 = await h.device('t2');
  const page2 = await h.page('t2');
  page2.send(create(1));
  assert.deepEqual(await device2.nextJson(), create(1));
  const health = await request(h.port, '/healthz');
  assert.equal(health.status, 200);
  assert.deepEqual(JSON.parse(health.body), { ok: true, terminals: 1, sessions: 1, connections: 2, rooms: 0, members: 0, node: h.server.nodeId });
});

test('the holder disconnecting → the device gets destroyMediaSession with its userName; its Ret is dropped', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 't1', 'carol');
  assert.equal(h.server.stats().sessions, 1);
  page.ws.close();
  assert.equal(await device.next(), '{"destroyMediaSession":{"userName":"carol","reqId":1}}');
  assert.equal(h.server.stats().sessions, 0);

  const next = await h.page('t1');
  next.send(create(1, 'dave'));
  assert.deepEqual(await device.nextJson(), create(1, 'dave'));
  device.send({ destroyMediaSessionRet: { reqId: 1, rspInfo: { rspCode: 200, rspMsg: 'ok' } } });
  await device.sync();
  await next.silent(); // the Ret answered the server, not the new holder
  assert.equal(h.server.stats().sessions, 1);
});

test('a page hang-up is relayed, its Ret comes back, and the line is free again', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 't1');
  page.send({ destroyMediaSession: { reqId: 6, userName: 'alice' } });
  assert.equal(await device.next(), '{"destroyMediaSession":{"reqId":6,"userName":"alice"}}', 'relayed as it came');
  assert.equal(h.server.stats().sessions, 0);
  device.send({ destroyMediaSessionRet: { reqId: 6, rspInfo: { rspCode: 200, rspMsg: 'ok' } } });
  assert.equal(await page.next(), '{"destroyMediaSessionRet":{"reqId":6,"rspInfo":{"rspCode":200,"rspMsg":"ok"}}}');
  page.ws.close();
  await withTimeout(page.closed, 'close');
  await device.silent(); // no destroyMediaSession on the page's behalf: it already hung up

  const other = await h.page('t1');
  other.send(create(1, 'erin'));
  assert.deepEqual(await device.nextJson(), create(1, 'erin'));
});

test('a terminal hang-up is relayed, the page Ret goes back, and the line is free again', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 't1');
  device.send({ destroyMediaSession: { reqId: 30, rspInfo: { rspCode: 502, rspMsg: 'line needed' } } });
  assert.equal(await page.next(), '{"destroyMediaSession":{"reqId":30,"rspInfo":{"rspCode":502,"rspMsg":"line needed"}}}');
  assert.equal(h.server.stats().sessions, 0);
  page.send({ destroyMediaSessionRet: { reqId: 30, rspInfo: { rspCode: 200, rspMsg: 'ok' } } });
  assert.equal(await device.next(), '{"destroyMediaSessionRet":{"reqId":30,"rspInfo":{"rspCode":200,"rspMsg":"ok"}}}');
  page.send({ ctrlPresentation: { reqId: 2, sendPermission: 1 } });
  assert.equal(((await page.nextJson()) as { ctrlPresentationRet: { rspInfo: { rspCode: number } } }).ctrlPresentationRet.rspInfo.rspCode, 481);
});

test('the device disconnecting closes the holder page with 1001', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 't1');
  const bystander = await h.page('t1');
  device.ws.close();
  const closed = await withTimeout(page.closed, 'page close');
  assert.deepEqual(closed, { code: 1001, reason: 'terminal went away' });
  await until(() => h.server.stats().connections === 1, 'only the bystander left');
  assert.deepEqual(h.server.stats(), { terminals: 0, sessions: 0, connections: 1, rooms: 0, members: 0 });
  bystander.send(create(2));
  assert.equal(((await bystander.nextJson()) as { createMediaSessionRet: { rspInfo: { rspCode: number } } }).createMediaSessionRet.rspInfo.rspCode, 486);
});

test('a second device under the same id replaces the first (4001) and ends the page session', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 't1');
  const replacement = await h.device('t1');
  assert.deepEqual(await withTimeout(device.closed, 'old device close'), { code: 4001, reason: 'replaced' });
  assert.deepEqual(await withTimeout(page.closed, 'page close'), { code: 1001, reason: 'terminal went away' });
  await until(() => h.server.stats().connections === 1, 'only the new device left');
  assert.deepEqual(h.server.stats(), { terminals: 1, sessions: 0, connections: 1, rooms: 0, members: 0 });
  await replacement.silent(); // no destroyMediaSession for the old device's session

  const next = await h.page('t1');
  next.send(create(3));
  assert.deepEqual(await replacement.nextJson(), create(3));
});

test('/healthz answers JSON counts; other methods → 405; no static folder → 404', async (t) => {
  const h = await start(t);
  await h.device('a');
  await h.device('b');
  await call(h, 'c');
  const health = await request(h.port, '/healthz');
  assert.equal(health.status, 200);
  assert.match(String(health.headers['content-type']), /^application\/json/);
  assert.deepEqual(JSON.parse(health.body), { ok: true, terminals: 3, sessions: 1, connections: 4, rooms: 0, members: 0, node: h.server.nodeId });
  const post = await request(h.port, '/healthz', 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
  assert.equal((await request(h.port, '/')).status, 404);
  assert.equal((await request(h.port, '/index.html')).status, 404);
});

test('static files are served with their Content-Type and no path escapes the folder', async (t) => {
  const top = mkdtempSync(path.join(tmpdir(), 'gs-server-test-'));
  t.after(() => rmSync(top, { recursive: true, force: true }));
  const root = path.join(top, 'demo');
  mkdirSync(path.join(root, 'sub'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>sharer</title>');
  writeFileSync(path.join(root, 'app.mjs'), 'export const x = 1;');
  writeFileSync(path.join(root, 'style.css'), 'body{}');
  writeFileSync(path.join(root, 'sub', 'index.html'), 'sub index');
  writeFileSync(path.join(top, 'package.json'), '{"secret":true}');
  const h = await start(t, { staticDir: root });

  const index = await request(h.port, '/');
  assert.equal(index.status, 200);
  assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(index.body, '<!doctype html><title>sharer</title>');
  const js = await request(h.port, '/app.mjs?v=1');
  assert.equal(js.status, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.body, 'export const x = 1;');
  assert.equal((await request(h.port, '/style.css')).headers['content-type'], 'text/css; charset=utf-8');
  assert.equal((await request(h.port, '/sub/')).body, 'sub index');
  const head = await request(h.port, '/index.html', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], '36');
  assert.equal(head.body, '');

  for (const attempt of ['/../package.json', '/%2e%2e/package.json', '/sub/../../package.json', '/..%2fpackage.json', '/%2e%2e%2fpackage.json', '/missing.js', '/%zz']) {
    const answer = await request(h.port, attempt);
    assert.equal(answer.status, 404, attempt);
    assert.doesNotMatch(answer.body, /secret/, attempt);
  }
  assert.equal((await request(h.port, '/index.html', 'DELETE')).status, 405);
});

test('close() closes every socket with 1001, is safe to call twice and leaves the stats at zero', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 't1');
  const idle = await h.page('t2');
  const first = h.server.close();
  const second = h.server.close();
  assert.equal(first, second);
  await Promise.all([first, second]);
  assert.deepEqual(h.server.stats(), { terminals: 0, sessions: 0, connections: 0, rooms: 0, members: 0 });
  for (const client of [device, page, idle]) assert.equal((await withTimeout(client.closed, 'client close')).code, 1001);
  await h.server.close();
  assert.equal(h.server.httpServer.listening, false);
  await assert.rejects(h.server.listen(0), /closed/);
});

test('a message over maxPayload closes the socket with 1009', async (t) => {
  const h = await start(t, { maxPayload: 64 });
  const page = await h.page('t1');
  page.send(create(1)); // about 100 bytes
  assert.equal((await withTimeout(page.closed, 'close')).code, 1009);
  h.logs.length = 0; // ws reports the oversize frame as a socket error, which is logged
});

test('invalid options are rejected with a TypeError', () => {
  assert.throws(() => createSignallingServer({ maxPayload: 0 }), TypeError);
  assert.throws(() => createSignallingServer({ maxPayload: 1.5 }), TypeError);
  assert.throws(() => createSignallingServer({ staticDir: '' }), TypeError);
});
