/**
 * The server's guards at the upgrade and per connection: JWT tokens (jose), the Origin allow-list, the message size
 * cap, rate limits, SDP and candidate caps, the handshake timeout, ping/pong liveness, the bounded send queue, and
 * the same-userName replacement (501) on a line. Real server on port 0, real `ws` clients.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { issueToken } from '../../src/server/auth.js';
import { NO_RATE_LIMITS } from '../../src/server/limits.js';
import { createSignallingServer } from '../../src/server/server.js';
import {
  ANSWER,
  Client,
  call,
  create,
  delay,
  ok,
  refusedStatus,
  request,
  sdp,
  start,
  startChild,
  until,
  withTimeout,
} from './server-support.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

test('tokens (HS256): none → 401; a page token opens its terminal only, as a page only; expired/nbf/none → 401', async (t) => {
  const h = await start(t, { jwtSecret: SECRET });
  const page = (await issueToken({ secret: SECRET, terminal: 'A', role: 'page' })).token;
  const device = (await issueToken({ secret: SECRET, terminal: 'A', role: 'terminal' })).token;
  assert.equal(await refusedStatus(`${h.url}/terminals/A`, ['gs-webrtc-json']), 401);
  assert.equal(await refusedStatus(`${h.url}/terminals/A?token=garbage`, ['gs-webrtc-json']), 401);
  assert.equal(await refusedStatus(`${h.url}/terminals/B?token=${page}`, ['gs-webrtc-json']), 401, 'token for A refused in B');
  assert.equal(await refusedStatus(`${h.url}/terminals/A/device?token=${page}`, ['gs-webrtc-json']), 401, 'page role cannot register a device');
  assert.equal(await refusedStatus(`${h.url}/terminals/A?token=${device}`, ['gs-webrtc-json']), 401, 'terminal role cannot be a page');
  assert.equal(await refusedStatus(`${h.url}/rooms/A?token=${page}`, ['gs-room-json']), 401, 'a terminal token is not a room token');
  const expired = (await issueToken({ secret: SECRET, terminal: 'A', role: 'page', ttlSeconds: 10, now: now() - 60 })).token;
  assert.equal(await refusedStatus(`${h.url}/terminals/A?token=${expired}`, ['gs-webrtc-json']), 401, 'expired');
  const early = await new SignJWT({ terminal: 'A', role: 'page' })
    .setProtectedHeader({ alg: 'HS256' })
    .setNotBefore(now() + 120)
    .setExpirationTime(now() + 600)
    .sign(new TextEncoder().encode(SECRET));
  assert.equal(await refusedStatus(`${h.url}/terminals/A?token=${early}`, ['gs-webrtc-json']), 401, 'nbf in the future');
  const noExp = await new SignJWT({ terminal: 'A', role: 'page' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
  assert.equal(await refusedStatus(`${h.url}/terminals/A?token=${noExp}`, ['gs-webrtc-json']), 401, 'no exp');
  const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ terminal: 'A', role: 'page', exp: now() + 600 })}.`;
  assert.equal(await refusedStatus(`${h.url}/terminals/A?token=${none}`, ['gs-webrtc-json']), 401, 'alg none');
  const other = (await issueToken({ secret: `${SECRET}-other`, terminal: 'A', role: 'page' })).token;
  assert.equal(await refusedStatus(`${h.url}/terminals/A?token=${other}`, ['gs-webrtc-json']), 401, 'another secret');
  assert.equal(h.server.stats().connections, 0);

  const d = await h.open(`/terminals/A/device?token=${device}`);
  const p = await h.open(`/terminals/A`, undefined, { headers: { Authorization: `Bearer ${page}` } });
  p.send(create(1));
  assert.deepEqual(await d.nextJson(), create(1));
  const roomToken = (await issueToken({ secret: SECRET, room: 'R', role: 'page' })).token;
  await h.open(`/rooms/R?token=${roomToken}`, ['gs-room-json']);
});

test('tokens (ES256 public key): a valid ES256 token opens; an HS256 token signed with the public key is refused', async (t) => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const h = await start(t, { jwtPublicKey: publicPem });
  const good = (await issueToken({ privateKey: privatePem, terminal: 'A', role: 'page' })).token;
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const payload = b64({ terminal: 'A', role: 'page', exp: now() + 600 });
  const swapped = `${header}.${payload}.${createHmac('sha256', publicPem).update(`${header}.${payload}`).digest('base64url')}`;
  assert.equal(await refusedStatus(`${h.url}/terminals/A?token=${swapped}`, ['gs-webrtc-json']), 401, 'algorithm swap');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const wrongKey = (await issueToken({ privateKey: rsa, terminal: 'A', role: 'page' })).token;
  assert.equal(await refusedStatus(`${h.url}/terminals/A?token=${wrongKey}`, ['gs-webrtc-json']), 401, 'RS256 from another key');
  await h.open(`/terminals/A?token=${good}`);
});

test('POST /tokens (demoTokens) issues a token the upgrade accepts; the CLI prints one too', async (t) => {
  const h = await start(t, { jwtSecret: SECRET, demoTokens: true });
  const bad = await request(h.port, '/tokens', 'POST', JSON.stringify({ terminal: 'x y', role: 'page' }));
  assert.equal(bad.status, 400);
  assert.equal((await request(h.port, '/tokens', 'POST', JSON.stringify({ terminal: 'demo', role: 'boss' }))).status, 400);
  assert.equal((await request(h.port, '/tokens', 'POST', JSON.stringify({ terminal: 'demo', role: 'page', ttl: 999999 }))).status, 400);
  assert.equal((await request(h.port, '/tokens', 'GET')).status, 405);
  const answer = await request(h.port, '/tokens', 'POST', JSON.stringify({ terminal: 'demo', role: 'page', ttl: 60 }));
  assert.equal(answer.status, 200);
  const { token, expiresAt } = JSON.parse(answer.body) as { token: string; expiresAt: number };
  assert.ok(Math.abs(expiresAt - (now() + 60)) <= 2);
  await h.open(`/terminals/demo?token=${token}`);

  const cli = startChild(process.execPath, ['--import', 'tsx', 'src/server/issue-token.ts', '--terminal', 'demo', '--role', 'terminal', '--ttl', '120'], { JWT_SECRET: SECRET });
  t.after(() => cli.kill());
  assert.deepEqual(await withTimeout(cli.exited, 'issue-token', 20_000), { code: 0, signal: null });
  const printed = cli.output().trim().split('\n').pop()!;
  await h.open(`/terminals/demo/device?token=${printed}`);
  assert.equal(await refusedStatus(`${h.url}/terminals/demo?token=${printed}`, ['gs-webrtc-json']), 401);
});

test('without demoTokens there is no /tokens route; without a key the server is open', async (t) => {
  const h = await start(t);
  assert.equal((await request(h.port, '/tokens', 'POST', '{}')).status, 405);
  await h.page('anyone');
});

test('Origin allow-list: a listed origin or none passes, another gets 403', async (t) => {
  const h = await start(t, { allowedOrigins: ['https://good.example', 'http://localhost:3000'] });
  assert.equal(await refusedStatus(`${h.url}/terminals/A`, ['gs-webrtc-json'], { origin: 'https://evil.example' }), 403);
  assert.equal(await refusedStatus(`${h.url}/rooms/A`, ['gs-room-json'], { origin: 'null' }), 403);
  await h.open('/terminals/A', undefined, { origin: 'https://good.example' });
  await h.open('/terminals/A'); // no Origin header: not a browser
});

test('a message over 64 KiB closes the socket with 1009 (the default cap)', async (t) => {
  const h = await start(t);
  const page = await h.page('t1');
  page.send('x'.repeat(64 * 1024 + 1));
  assert.equal((await withTimeout(page.closed, 'close')).code, 1009);
  const fits = await h.page('t1');
  fits.send({ fooBar: { reqId: 1, pad: 'x'.repeat(60 * 1024) } });
  assert.equal((await fits.nextJson()).fooBarRet.rspInfo.rspCode, 405);
});

test('per-connection rate limit → close 1008; the address limit covers all its connections', async (t) => {
  const h = await start(t, { rateLimits: { messagesPerSecond: 10, messageBurst: 40, ipMessagesPerSecond: 30, ipMessageBurst: 50 } });
  const fast = await h.page('t1');
  for (let i = 0; i < 45; i++) fast.send('\r\n');
  assert.deepEqual(await withTimeout(fast.closed, 'rate close'), { code: 1008, reason: 'rate limit exceeded' });

  await delay(2000); // the address bucket refills
  const a = await h.page('t2');
  const b = await h.page('t3');
  for (let i = 0; i < 18; i++) a.send('\r\n');
  for (let i = 0; i < 18; i++) b.send('\r\n');
  for (let i = 0; i < 18; i++) a.send('\r\n');
  const closes = await Promise.race([a.closed, b.closed]);
  assert.deepEqual(closes, { code: 1008, reason: 'rate limit of this address exceeded' });
  const metrics = await request(h.port, '/metrics');
  assert.match(metrics.body, /gs_frames_rejected_total\{reason="rate_limited"\} [2-9]/);
  assert.match(metrics.body, /gs_connections_closed_total\{code="1008"\} [2-9]/);
});

test('upgrades per address are limited (429), and so are open connections per address', async (t) => {
  const h = await start(t, { rateLimits: { ipUpgradesPerSecond: 1, ipUpgradeBurst: 3, maxConnectionsPerIp: 100 } });
  await h.page('a');
  await h.page('a');
  await h.page('a');
  assert.equal(await refusedStatus(`${h.url}/terminals/a`, ['gs-webrtc-json']), 429);
  const h2 = await start(t, { rateLimits: { maxConnectionsPerIp: 2 } });
  await h2.page('a');
  await h2.page('a');
  assert.equal(await refusedStatus(`${h2.url}/terminals/a`, ['gs-webrtc-json']), 429);
});

test('SDP over maxSdpBytes → 400 and not relayed; updateCandidate past maxCandidates → 400', async (t) => {
  const h = await start(t, { maxSdpBytes: 1000, maxCandidates: 3 });
  const device = await h.device('t1');
  const page = await h.page('t1');
  const big = 'v=0\r\n' + 'a=x\r\n'.repeat(300);
  page.send({ createMediaSession: { reqId: 1, userName: 'u', sdp: sdp(big) } });
  const refused = await page.nextJson();
  assert.equal(refused.createMediaSessionRet.rspInfo.rspCode, 400);
  assert.match(refused.createMediaSessionRet.rspInfo.rspMsg, /sdp over 1000/);
  await device.silent();
  assert.equal(h.server.stats().sessions, 0);

  page.send(create(2, 'u'));
  await device.next();
  device.send({ createMediaSessionRet: { reqId: 2, rspInfo: ok, sdp: sdp(big) } }); // a reply too large: dropped
  await device.sync();
  await page.silent();
  for (let i = 0; i < 3; i++) {
    page.send({ updateCandidate: { reqId: 10 + i, candidate: { candidate: `candidate:${i}` } } });
    assert.equal((await device.nextJson()).updateCandidate.reqId, 10 + i);
  }
  page.send({ updateCandidate: { reqId: 13, candidate: { candidate: 'candidate:3' } } });
  const capped = await page.nextJson();
  assert.equal(capped.updateCandidateRet.rspInfo.rspCode, 400);
  await device.silent();
  device.send({ updateCandidate: { reqId: 50, candidate: { candidate: 'candidate:d' } } }); // the device has its own count
  assert.equal((await page.nextJson()).updateCandidate.reqId, 50);
});

test('a page or room member that sends no request in time is closed 4408; keep-alives do not count; devices wait', async (t) => {
  const h = await start(t, { handshakeTimeoutMs: 300 });
  const idle = await h.page('t1');
  const member = await h.open('/rooms/r', ['gs-room-json']);
  const device = await h.device('t1');
  const talker = await h.page('t2');
  idle.send('\r\n');
  talker.send(create(1));
  assert.equal((await talker.nextJson()).createMediaSessionRet.rspInfo.rspCode, 486);
  assert.deepEqual(await withTimeout(idle.closed, 'idle close'), { code: 4408, reason: 'no request in time' });
  assert.equal((await withTimeout(member.closed, 'member close')).code, 4408);
  await delay(200);
  assert.equal(device.ws.readyState, device.ws.OPEN);
  assert.equal(talker.ws.readyState, talker.ws.OPEN);
});

test('ping/pong: a socket that stops answering pings is terminated within two intervals; the line is reclaimed', async (t) => {
  const h = await start(t, { heartbeatIntervalMs: 150 });
  const deaf = await h.open('/terminals/t1/device', undefined, { autoPong: false });
  const fine = await h.device('t2');
  assert.equal(h.server.stats().terminals, 2);
  // How soon is test/unit/server-heartbeat.test.ts's to say, on a mock clock; here, that it happens on a real socket
  // while one that answers lives on through pings of its own.
  let pings = 0;
  fine.ws.on('ping', () => pings++);
  await withTimeout(deaf.closed, 'deaf socket terminated');
  await until(() => h.server.stats().terminals === 1, 'line reclaimed');
  const seen = pings;
  await until(() => pings >= seen + 3, 'three more pings answered by the live socket');
  assert.equal(fine.ws.readyState, fine.ws.OPEN);
});

test('a slow reader is dropped (1013) when its send queue passes maxBufferedBytes; another pair is not slowed', async (t) => {
  const h = await start(t, { maxBufferedBytes: 256 * 1024, rateLimits: NO_RATE_LIMITS });
  const { device, page } = await call(h, 'slow');
  const other = await call(h, 'fast', 'bob');
  (page.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  const offer = 'v=0\r\n' + 'a=pad\r\n'.repeat(3500); // ~25 KB, under maxSdpBytes
  let worst = 0;
  const sender = (async () => {
    for (let i = 0; i < 800 && h.server.stats().sessions === 2; i++) {
      device.send({ updateMediaSession: { reqId: 100 + i, sdp: sdp(offer) } });
      if (i % 50 === 0) await delay(1);
    }
  })();
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    other.page.send({ ctrlPresentation: { reqId: 1000 + i, sendPermission: 1 } });
    await other.device.next();
    worst = Math.max(worst, performance.now() - t0);
  }
  await sender;
  await until(() => h.server.stats().sessions === 1, 'the slow page dropped', 5000);
  const metrics = await request(h.port, '/metrics');
  assert.match(metrics.body, /gs_connections_closed_total\{code="1013"\} 1/);
  assert.ok(worst < 1500, `the other pair waited ${worst} ms`);
  other.device.send({ ctrlPresentationRet: { reqId: 1000, rspInfo: ok } });
  assert.equal((await other.page.nextJson()).ctrlPresentationRet.reqId, 1000);
});

test('same userName twice: the old page gets destroyMediaSession 501 and is closed; the device gets the new call', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 'line', 'alice');
  device.send({ createMediaSessionRet: { reqId: 1, rspInfo: ok, sdp: sdp(ANSWER) } });
  await page.next();
  const again = await h.page('line');
  again.send(create(1, 'alice'));
  const destroy = await page.nextJson();
  assert.equal(destroy.destroyMediaSession.userName, 'alice');
  assert.deepEqual(destroy.destroyMediaSession.rspInfo.rspCode, 501);
  assert.deepEqual(await withTimeout(page.closed, 'old page closed'), { code: 4001, reason: 'replaced by a page with the same userName' });
  const ended = await device.nextJson();
  assert.equal(ended.destroyMediaSession.userName, 'alice');
  assert.equal(ended.destroyMediaSession.rspInfo, undefined);
  assert.deepEqual(await device.nextJson(), create(1, 'alice'));
  device.send({ destroyMediaSessionRet: { reqId: ended.destroyMediaSession.reqId, rspInfo: ok } }); // dropped
  device.send({ createMediaSessionRet: { reqId: 1, rspInfo: ok, sdp: sdp(ANSWER) } });
  assert.equal((await again.nextJson()).createMediaSessionRet.rspInfo.rspCode, 200);
  assert.equal(h.server.stats().sessions, 1);

  const third = await h.page('line');
  third.send(create(4, 'bob'));
  const busy = await third.nextJson();
  assert.equal(busy.createMediaSessionRet.rspInfo.rspCode, 486);
  assert.equal(busy.createMediaSessionRet.reqId, 4);
  await again.silent();
});

test('/metrics exposes connections, lines, rooms and relayed/rejected frames', async (t) => {
  const h = await start(t);
  const { device, page } = await call(h, 'm1');
  page.send({ fooBar: { reqId: 1 } });
  await page.next();
  device.send({ createMediaSessionRet: { reqId: 1, rspInfo: ok, sdp: sdp(ANSWER) } });
  await page.next();
  const answer = await request(h.port, '/metrics');
  assert.equal(answer.status, 200);
  assert.match(String(answer.headers['content-type']), /^text\/plain/);
  assert.match(answer.body, /gs_connections\{kind="device"\} 1/);
  assert.match(answer.body, /gs_connections\{kind="page"\} 1/);
  assert.match(answer.body, /gs_terminals_online 1/);
  assert.match(answer.body, /gs_lines_busy 1/);
  assert.match(answer.body, /gs_frames_relayed_total\{path="line"\} 2/);
  assert.match(answer.body, /gs_frames_rejected_total\{reason="unknown_action"\} 1/);
});

test('a structured (pino-shaped) logger gets info records; the function form only warnings and errors', async (t) => {
  const records: { level: string; fields: object; message: string }[] = [];
  const logger = Object.fromEntries(
    (['debug', 'info', 'warn', 'error'] as const).map((level) => [level, (fields: object, message: string) => records.push({ level, fields, message })]),
  ) as unknown as import('../../src/server/log.js').StructuredLogger;
  const h = await start(t, { log: logger, heartbeatIntervalMs: 100 });
  assert.ok(records.some((r) => r.level === 'info' && /open/.test(r.message)), 'says it runs open');
  const c = new Client(`${h.url}/terminals/x/device`, ['gs-webrtc-json'], { autoPong: false });
  await c.opened;
  await withTimeout(c.closed, 'terminated');
  await until(() => records.some((r) => r.message === 'no pong: terminated'), 'logged');
});

test('GET /turn-credentials: TURN REST credentials (HMAC-SHA1 of "<expiry>:<id>"); needs a token when tokens are on', async (t) => {
  const turn = { secret: 'turn-secret', urls: ['turn:127.0.0.1:3478?transport=udp'], ttlSeconds: 600 };
  const h = await start(t, { turn });
  const answer = await request(h.port, '/turn-credentials');
  assert.equal(answer.status, 200);
  const body = JSON.parse(answer.body) as { iceServers: { urls: string[]; username: string; credential: string }[]; ttl: number };
  assert.equal(body.ttl, 600);
  const [server] = body.iceServers;
  assert.deepEqual(server.urls, turn.urls);
  const [expiry] = server.username.split(':');
  assert.ok(Math.abs(Number(expiry) - (now() + 600)) <= 2);
  assert.equal(server.credential, createHmac('sha1', 'turn-secret').update(server.username).digest('base64'));
  assert.equal((await request((await start(t)).port, '/turn-credentials')).status, 404, 'off without TURN settings');

  const locked = await start(t, { turn, jwtSecret: SECRET });
  assert.equal((await request(locked.port, '/turn-credentials')).status, 401);
  const token = (await issueToken({ secret: SECRET, room: 'any', role: 'page' })).token;
  assert.equal((await request(locked.port, `/turn-credentials?token=${token}`)).status, 200);
});

test('invalid security options are rejected with a TypeError', () => {
  assert.throws(() => createSignallingServer({ jwtSecret: 'short' }), TypeError);
  assert.throws(() => createSignallingServer({ jwtSecret: SECRET, jwtPublicKey: 'x' }), TypeError);
  assert.throws(() => createSignallingServer({ jwtPublicKey: 'not a pem' }), TypeError);
  assert.throws(() => createSignallingServer({ demoTokens: true }), TypeError);
  assert.throws(() => createSignallingServer({ rateLimits: { messagesPerSecond: -1 } }), TypeError);
  assert.throws(() => createSignallingServer({ turn: { secret: 's', urls: ['http://x'] } }), TypeError);
});
