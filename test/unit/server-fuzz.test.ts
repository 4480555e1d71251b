/**
 * Property test (fast-check): 10,000 generated frames thrown at a live server — non-JSON, binary, invalid UTF-8,
 * deep nesting, `__proto__` keys, wrong types, missing fields, unknown actions, oversized fields and messages,
 * replies with unknown reqIds, frames for a line another page holds, room messages. Each one must get the answer
 * docs/server.md documents (checked against test/oracle/frame-rules.ts, written from that table and PROTOCOL.md, not
 * from the codec), the server must stay up, and a page↔device pair on the busy line and a pair of members in another
 * room must keep relaying, receiving nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ACTIONS as allActions, lineAnswer } from '../oracle/frame-rules.js';
import { NO_RATE_LIMITS } from '../../src/server/limits.js';
import { type Client, type Harness, ok, request, start, withTimeout } from './server-support.js';

const RUNS = Number(process.env.FUZZ_RUNS) || 10_000;
const MAX_PAYLOAD = 64 * 1024;
const MAX_SDP = 4096;
const HOLDER = 'holder-not-generated';

type Shot = { kind: 'text'; text: string } | { kind: 'binary'; bytes: Uint8Array } | { kind: 'badutf8'; bytes: Uint8Array };
type Target = 'page' | 'device' | 'member';

// ---- generators -----------------------------------------------------------------------------------------

const nastyKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', 'local_line'];
const anyKey = fc.oneof(fc.constantFrom(...nastyKeys, ...allActions), fc.string({ maxLength: 12 }));
const wrong = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.constant(-1),
  fc.constant(2 ** 60),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(anyKey, fc.integer(), { maxKeys: 3 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof(arb, wrong), { nil: undefined, freq: 3 });
const sdpText = fc.oneof(fc.string({ maxLength: 60 }), fc.integer({ min: MAX_SDP - 2, max: MAX_SDP + 200 }).map((n) => 'v'.repeat(n)));
const sdpField = fc.oneof(
  sdpText.map((data) => ({ length: data.length, data })),
  sdpText.map((data) => ({ length: data.length + 1, data })),
  fc.record({ length: wrong, data: wrong }),
  sdpText.map((data) => ({ length: data.length, data, __proto__: { polluted: true }, extra: [[[[1]]]] })),
);
const body = fc.record(
  {
    userName: maybe(fc.constantFrom('alice', 'bob', HOLDER.toUpperCase(), '')),
    reqId: maybe(fc.integer({ min: 0, max: 2 ** 31 })),
    sdp: maybe(sdpField),
    sendPermission: maybe(fc.integer({ min: -1, max: 4 })),
    rspInfo: maybe(fc.record({ rspCode: maybe(fc.constantFrom(200, 400, 486, 501)), rspMsg: maybe(fc.string({ maxLength: 10 })), showCode: maybe(fc.integer()) })),
    cancelReqId: maybe(fc.integer()),
    cancelReqCmd: maybe(fc.constantFrom(...allActions, 'nope')),
    candidate: maybe(fc.record({ candidate: maybe(fc.string({ maxLength: 30 })), sdpMid: maybe(fc.constantFrom('0', '1', null)), sdpMLineIndex: maybe(fc.integer({ min: -1, max: 3 })) })),
    junk: maybe(fc.jsonValue({ maxDepth: 3 })),
  },
  { requiredKeys: [] },
);
const protoKeyText = fc.constantFrom(
  '{"__proto__":{"reqId":1}}',
  '{"createMediaSession":{"__proto__":{"reqId":2},"reqId":3}}',
  '{"ctrlPresentation":{"reqId":4,"sendPermission":1,"__proto__":{"sendPermission":0}}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"__proto__Ret":{"reqId":5}}',
  '{"toString":{"reqId":6}}',
);
const roomBody = fc.record(
  { reqId: maybe(fc.integer({ min: 0, max: 1000 })), displayName: maybe(fc.string({ maxLength: 70 })), to: maybe(fc.string({ maxLength: 8 })), data: maybe(fc.jsonValue({ maxDepth: 4 })) },
  { requiredKeys: [] },
);
const deep = fc.tuple(fc.integer({ min: 10, max: 30_000 }), fc.constantFrom('[', '{"a":', '{"createMediaSession":', '{"sendToRoom":{"reqId":1,"data":')).map(([n, open]) => {
  if (open === '[') return '['.repeat(n) + ']'.repeat(n);
  if (open === '{"a":') return '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  if (open === '{"createMediaSession":') return open + '['.repeat(n) + ']'.repeat(n) + '}';
  return open + '['.repeat(n) + ']'.repeat(n) + '}}';
});

const text = fc.oneof(
  { weight: 30, arbitrary: fc.tuple(fc.constantFrom(...allActions), body, fc.option(fc.oneof(fc.integer(), wrong), { nil: undefined })).map(([a, b, line]) => JSON.stringify(line === undefined ? { [a]: b } : { [a]: b, local_line: line })) },
  { weight: 8, arbitrary: fc.tuple(anyKey, fc.oneof(body, wrong)).map(([a, b]) => JSON.stringify({ [a]: b })) },
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom('joinRoom', 'leaveRoom', 'listMembers', 'sendToRoom', 'joinRoomRet', 'roomMessage'), roomBody).map(([a, b]) => JSON.stringify({ [a]: b })) },
  { weight: 3, arbitrary: fc.dictionary(anyKey, fc.oneof(body, wrong), { minKeys: 2, maxKeys: 4 }).map((d) => JSON.stringify(d)) },
  { weight: 3, arbitrary: protoKeyText },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('\r\n', '\r\n\r\n', '', ' ', '{', 'null', '[]', '{}', '{"a":1}', '\u0000') },
  { weight: 2, arbitrary: deep },
  { weight: 1, arbitrary: fc.integer({ min: MAX_PAYLOAD - 40, max: MAX_PAYLOAD + 100 }).map((n) => JSON.stringify({ ctrlPresentation: { reqId: 1, pad: 'p'.repeat(n) } })) },
);
const shot: fc.Arbitrary<Shot> = fc.oneof(
  { weight: 60, arbitrary: text.map((t) => ({ kind: 'text' as const, text: t })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ kind: 'binary' as const, bytes })) },
  { weight: 1, arbitrary: fc.constantFrom([0xff], [0xc3, 0x28], [0x7b, 0xed, 0xa0, 0x80, 0x7d], [0xf8, 0x88, 0x80, 0x80, 0x80]).map((b) => ({ kind: 'badutf8' as const, bytes: Uint8Array.from(b) })) },
);
const target = fc.constantFrom<Target>('page', 'page', 'device', 'member');

// ---- the oracle: what docs/server.md says each shot gets --------------------------------------------------

type Expected = { close: number } | { frames: Check[] };
type Check = (frame: string) => string | null;

const ret = (action: string, code: number | number[], reqId: number): Check => (frame) => {
  let v: any;
  try {
    v = JSON.parse(frame);
  } catch {
    return `not JSON: ${frame.slice(0, 80)}`;
  }
  const b = v?.[`${action}Ret`];
  const codes = Array.isArray(code) ? code : [code];
  if (!b || Object.keys(v).length !== 1) return `expected ${action}Ret, got ${frame.slice(0, 120)}`;
  if (!codes.includes(b.rspInfo?.rspCode)) return `expected ${action}Ret ${codes}, got ${b.rspInfo?.rspCode}`;
  if (b.reqId !== reqId) return `expected reqId ${reqId}, got ${b.reqId}`;
  return null;
};
const exactly = (text: string): Check => (frame) => (frame === text ? null : `expected ${JSON.stringify(text)}, got ${frame.slice(0, 80)}`);

/** The line's answer from the independent table (test/oracle/frame-rules.ts), as checks on the frames that come back. */
function expectLine(shotText: string, role: 'page' | 'device'): Expected {
  const answer = lineAnswer(shotText, { role, maxPayload: MAX_PAYLOAD, maxSdp: MAX_SDP });
  if ('close' in answer) return answer;
  if ('pong' in answer) return { frames: [exactly('\r\n\r\n')] };
  if ('nothing' in answer) return { frames: [] };
  return { frames: [ret(answer.reply.slice(0, -3), answer.code, answer.reqId)] };
}

function expectRoom(shotText: string): Expected | 'any' {
  if (Buffer.byteLength(shotText) > MAX_PAYLOAD) return { close: 1009 };
  if (shotText === '\r\n') return { frames: [exactly('\r\n\r\n')] };
  if (shotText === '\r\n\r\n') return { frames: [] };
  let v: unknown;
  try {
    v = JSON.parse(shotText);
  } catch {
    return { close: 1007 };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length !== 1) return { close: 1007 };
  return 'any'; // answered by rooms.ts: checked loosely below (a …Ret with a documented code, or nothing)
}

/** Opens (and reopens after a close) one socket per role; `fire` sends a shot and a keep-alive and resolves with
 * the frames before the keep-alive's answer, or the close code. */
function shooter(h: Harness) {
  const sockets: Record<Target, Client | null> = { page: null, device: null, member: null };
  const connect = async (role: Target): Promise<Client> => {
    let c = sockets[role];
    if (c && c.ws.readyState === c.ws.OPEN) return c;
    if (role === 'page') c = await h.page('pair');
    else if (role === 'device') c = await h.device('fuzzdev');
    else {
      c = await h.open('/rooms/fuzzroom', ['gs-room-json']);
      c.send({ joinRoom: { reqId: 0, displayName: 'fuzzer' } });
      await c.next();
    }
    sockets[role] = c;
    return c;
  };
  /** Sends the shot then a keep-alive; resolves with the frames before its answer, or the close code. */
  const fire = async (role: Target, s: Shot): Promise<{ frames: string[] } | { close: number }> => {
    const c = await connect(role);
    if (s.kind === 'text') c.ws.send(s.text);
    else c.ws.send(Buffer.from(s.bytes), { binary: s.kind === 'binary' });
    c.ws.send('\r\n');
    const frames: string[] = [];
    const closed = c.closed.then((x) => ({ close: x.code }));
    for (;;) {
      const next = await withTimeout(Promise.race([c.next(5000).then((f) => ({ f })), closed]), 'an answer or a close', 6000);
      if ('close' in next) return next;
      if (next.f === '\r\n\r\n' && !(s.kind === 'text' && s.text === '\r\n' && frames.length === 0)) return { frames };
      frames.push(next.f);
    }
  };
  return fire;
}

/** Holds what came back to what the oracle expects. */
function checkAnswer(got: { frames: string[] } | { close: number }, expected: Expected, shot: string): void {
  if ('close' in expected) {
    assert.deepEqual(got, expected, `shot ${shot}`);
    return;
  }
  assert.ok('frames' in got, `shot ${shot} closed the socket: ${JSON.stringify(got)}`);
  assert.equal(got.frames.length, expected.frames.length, `shot ${shot} got ${JSON.stringify(got.frames).slice(0, 300)}`);
  expected.frames.forEach((check, i) => {
    const problem = check(got.frames[i]);
    assert.equal(problem, null, `shot ${shot}: ${problem}`);
  });
}

/** Holds the 'pair' line with a page of another userName, so the fuzz page is refused there. */
async function holdPair(h: Harness): Promise<{ device: Client; page: Client }> {
  const device = await h.device('pair');
  const page = await h.page('pair');
  page.send({ createMediaSession: { userName: HOLDER, reqId: 1, sdp: { length: 3, data: 'v=0' } } });
  await device.next();
  return { device, page };
}

// ---- the test -----------------------------------------------------------------------------------------------

test(`${RUNS} generated frames: each gets its documented answer, the server stays up, other pairs are untouched`, { timeout: 600_000 }, async (t) => {
  const h: Harness = await start(t, { rateLimits: NO_RATE_LIMITS, maxSdpBytes: MAX_SDP, handshakeTimeoutMs: 0 });
  // The protected pair holds the line the fuzz page addresses; two members chat in another room.
  const { device, page } = await holdPair(h);
  const quietA = await h.open('/rooms/quiet', ['gs-room-json']);
  const quietB = await h.open('/rooms/quiet', ['gs-room-json']);
  quietA.send({ joinRoom: { reqId: 1, displayName: 'A' } });
  await quietA.next();
  quietB.send({ joinRoom: { reqId: 1, displayName: 'B' } });
  await quietB.next();
  await quietA.next(); // memberJoined B

  let stop = false;
  let relayed = 0;
  const background = (async () => {
    let n = 0;
    while (!stop) {
      n += 1;
      const req = JSON.stringify({ ctrlPresentation: { reqId: 10 + n, sendPermission: 1 } });
      page.send(req);
      assert.equal(await device.next(), req, 'the device gets exactly the holder page frames');
      const back = JSON.stringify({ ctrlPresentationRet: { reqId: 10 + n, rspInfo: ok } });
      device.send(back);
      assert.equal(await page.next(), back, 'the holder page gets exactly the device frames');
      quietA.send({ sendToRoom: { data: { n } } });
      const got = await quietB.nextJson();
      assert.deepEqual(got.roomMessage?.data, { n }, `the quiet room gets only its own messages: ${JSON.stringify(got)}`);
      relayed += 1;
    }
  })();
  background.catch(() => {}); // awaited (and so reported) below

  const fire = shooter(h);

  const counts: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(shot, target, async (s, role) => {
      const got = await fire(role, s);
      let expected: Expected | 'any';
      if (s.kind === 'binary') expected = { close: 1003 };
      else if (s.kind === 'badutf8') expected = { close: 1007 };
      else expected = role === 'member' ? expectRoom(s.text) : expectLine(s.text, role);
      const label = 'close' in got ? `close ${got.close}` : got.frames.length ? 'answered' : 'nothing';
      counts[label] = (counts[label] ?? 0) + 1;
      if (expected === 'any') {
        if ('close' in got) assert.fail(`room member closed ${got.close} for ${JSON.stringify((s as { text: string }).text).slice(0, 200)}`);
        for (const f of got.frames) {
          const v = JSON.parse(f) as Record<string, { rspInfo?: { rspCode: number } }>;
          const [key] = Object.keys(v);
          if (key === 'memberJoined' || key === 'memberLeft' || key === 'roomMessage') continue;
          assert.ok(key.endsWith('Ret'), `room answer ${f.slice(0, 100)}`);
          assert.ok([200, 400, 405, 481, 486, 487].includes(v[key].rspInfo!.rspCode), `room code in ${f.slice(0, 100)}`);
        }
        return;
      }
      checkAnswer(got, expected, describe(s));
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  stop = true;
  await withTimeout(background, 'the protected pair finishes its round');
  t.diagnostic(`outcomes: ${JSON.stringify(counts)}; protected pair rounds meanwhile: ${relayed}`);
  assert.ok(relayed > 10, `the protected pair relayed ${relayed} rounds`);
  assert.ok(Object.keys(counts).length >= 5, `varied outcomes: ${JSON.stringify(counts)}`);
  const health = await request(h.port, '/healthz');
  assert.equal(health.status, 200);
  assert.equal(JSON.parse(health.body).sessions, 1);
  await page.sync();
  await device.sync();
  assert.deepEqual(h.logs, [], 'no error was logged');
});

function describe(s: Shot): string {
  if (s.kind === 'text') return JSON.stringify(s.text.length > 200 ? `${s.text.slice(0, 200)}…(${s.text.length})` : s.text);
  return `${s.kind} [${[...s.bytes].join(',')}]`;
}

/**
 * The random frames above seldom break exactly one field rule of one action (each body draws eight optional fields),
 * so each rule is also tried on its own: every action of PROTOCOL.md with a well-formed body, then each body field
 * set in turn to each probe value, from a page and from a device. The answers come from the same table.
 */
test('each field rule on each action, one field at a time: the documented answer', { timeout: 120_000 }, async (t) => {
  const h: Harness = await start(t, { rateLimits: NO_RATE_LIMITS, maxSdpBytes: MAX_SDP, handshakeTimeoutMs: 0 });
  await holdPair(h);
  const fire = shooter(h);
  const wellFormed = (action: string): Record<string, unknown> => {
    const body: Record<string, unknown> = { userName: 'alice', reqId: 7 };
    if (/^(create|update)MediaSession/.test(action)) body.sdp = { length: 3, data: 'v=0' };
    if (action === 'ctrlPresentation') body.sendPermission = 1;
    if (action === 'cancelRequest') Object.assign(body, { cancelReqId: 6, cancelReqCmd: 'ctrlPresentation' });
    if (action === 'updateCandidate') body.candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    if (action.endsWith('Ret')) body.rspInfo = { rspCode: 200, rspMsg: 'OK' };
    return body;
  };
  const probes: unknown[] = [
    undefined, null, -1, 0, 1, 2, 3, 4, 1.5, 2 ** 60, '', 'x', 'ctrlPresentation', 'nope', [], {}, [1],
    { length: 3, data: 'v=0' }, { length: -1, data: 'v=0' }, { length: 3 }, { data: { value: 5 } }, { data: { value: 5 }, length: 1 },
    { rspCode: 200, rspMsg: 'OK' }, { rspCode: 486 }, { rspCode: '200', rspMsg: 'OK' }, { rspCode: 200, rspMsg: 'OK', showCode: 'x' },
    { candidate: 'c' }, { candidate: 'c', sdpMid: null, sdpMLineIndex: null }, { candidate: 'c', sdpMid: 0 }, { candidate: 1 },
  ];
  const fields = ['userName', 'reqId', 'sdp', 'sendPermission', 'rspInfo', 'cancelReqId', 'cancelReqCmd', 'candidate'];
  const counts: Record<string, number> = {};
  for (const action of allActions) {
    for (const field of fields) {
      for (const probe of probes) {
        const body = { ...wellFormed(action), [field]: probe };
        const text = JSON.stringify({ [action]: body });
        for (const role of ['page', 'device'] as const) {
          const got = await fire(role, { kind: 'text', text });
          const expected = expectLine(text, role);
          checkAnswer(got, expected, `${role} ${text}`);
          const answer = lineAnswer(text, { role, maxPayload: MAX_PAYLOAD, maxSdp: MAX_SDP });
          const label = 'code' in answer ? String(answer.code) : 'nothing' in answer ? 'nothing' : 'other';
          counts[label] = (counts[label] ?? 0) + 1;
        }
      }
    }
  }
  t.diagnostic(`answers: ${JSON.stringify(counts)}`);
  // Each kind of answer the table gives on a line came up.
  assert.deepEqual(Object.keys(counts).sort(), ['400', '481', '486', 'nothing']);
  assert.deepEqual(h.logs, [], 'no error was logged');
});
