import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFrame, serialiseFrame, replyTo, replyToInvalid, sdpField } from '../../src/protocol/index.js';

test('keep-alives parse as keepalive', () => {
  assert.deepEqual(parseFrame('\r\n'), { kind: 'keepalive' });
  assert.deepEqual(parseFrame('\r\n\r\n'), { kind: 'keepalive' });
});

test('a createMediaSession round-trips through serialise and parse', () => {
  const frame = { action: 'createMediaSession' as const, body: { userName: 'alice', reqId: 7, sdp: sdpField('v=0\r\n') } };
  const text = serialiseFrame(frame);
  assert.equal(text, '{"createMediaSession":{"userName":"alice","reqId":7,"sdp":{"length":5,"data":"v=0\\r\\n"}}}');
  assert.deepEqual(parseFrame(text), { kind: 'frame', frame, verbatim: true });
});

test('local_line travels beside the action key', () => {
  const parsed = parseFrame('{"ctrlPresentation":{"reqId":1,"sendPermission":3},"local_line":2}');
  assert.equal(parsed.kind, 'frame');
  if (parsed.kind === 'frame') {
    assert.equal(parsed.frame.localLine, 2);
    assert.equal(serialiseFrame(parsed.frame), '{"ctrlPresentation":{"reqId":1,"sendPermission":3},"local_line":2}');
  }
});

const bad: [string, string, number][] = [
  ['not json', 'not JSON', 400],
  ['[1,2]', 'JSON object', 400],
  ['{"a":{},"b":{}}', 'exactly one action', 400],
  ['{}', 'exactly one action', 400],
  ['{"fooBar":{"reqId":1}}', 'unknown action', 405],
  ['{"createMediaSession":5}', 'body must be an object', 400],
  ['{"createMediaSession":{"reqId":"1","sdp":{"length":1,"data":"x"}}}', 'reqId', 400],
  ['{"createMediaSession":{"reqId":1.5,"sdp":{"length":1,"data":"x"}}}', 'reqId', 400],
  ['{"createMediaSession":{"reqId":1}}', 'sdp must be', 400],
  ['{"createMediaSession":{"reqId":1,"sdp":{"length":9,"data":"x"}}}', 'sdp.length', 400],
  ['{"createMediaSession":{"reqId":1,"userName":5,"sdp":{"length":1,"data":"x"}}}', 'userName', 400],
  ['{"ctrlPresentation":{"reqId":1,"sendPermission":7}}', 'sendPermission', 400],
  ['{"ctrlPresentationRet":{"reqId":1}}', 'rspInfo', 400],
  ['{"createMediaSessionRet":{"reqId":1,"rspInfo":{"rspCode":200,"rspMsg":"ok"}}}', 'must carry sdp', 400],
  ['{"cancelRequest":{"reqId":1,"cancelReqId":2,"cancelReqCmd":"nope"}}', 'cancelReqCmd', 400],
  ['{"updateCandidate":{"reqId":1,"candidate":{"candidate":3}}}', 'candidate', 400],
  ['{"destroyMediaSession":{"reqId":1},"local_line":"x"}', 'local_line', 400],
];

for (const [text, reason, code] of bad) {
  test(`rejects ${JSON.stringify(text)} with ${code}`, () => {
    const parsed = parseFrame(text);
    assert.equal(parsed.kind, 'invalid');
    if (parsed.kind === 'invalid') {
      assert.equal(parsed.code, code);
      assert.match(parsed.reason, new RegExp(reason));
    }
  });
}

test('an invalid request is answered with <action>Ret carrying its reqId and code', () => {
  const parsed = parseFrame('{"ctrlPresentation":{"reqId":9,"sendPermission":7}}');
  assert.equal(parsed.kind, 'invalid');
  if (parsed.kind !== 'invalid') return;
  const reply = replyToInvalid(parsed);
  assert.deepEqual(reply, {
    action: 'ctrlPresentationRet',
    body: { reqId: 9, rspInfo: { rspCode: 400, rspMsg: 'sendPermission must be 0, 1, 2 or 3' } },
  });
});

test('an invalid reply, or an unreadable frame, is answered with nothing', () => {
  const r1 = parseFrame('{"ctrlPresentationRet":{"reqId":1}}');
  const r2 = parseFrame('garbage');
  assert.ok(r1.kind === 'invalid' && replyToInvalid(r1) === null);
  assert.ok(r2.kind === 'invalid' && replyToInvalid(r2) === null);
});

test('fields outside the protocol are dropped, __proto__ included', () => {
  const parsed = parseFrame('{"destroyMediaSession":{"reqId":1,"__proto__":{"polluted":true},"extra":1}}');
  assert.equal(parsed.kind, 'frame');
  if (parsed.kind === 'frame') assert.deepEqual(Object.keys(parsed.frame.body), ['reqId']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('replyTo builds <action>Ret with rspInfo', () => {
  assert.equal(
    serialiseFrame(replyTo('ctrlPresentation', 3, 200, 'OK')),
    '{"ctrlPresentationRet":{"reqId":3,"rspInfo":{"rspCode":200,"rspMsg":"OK"}}}',
  );
});

test('verbatim: a text with only protocol members, each once, may travel as received', () => {
  const verbatim = (text: string): boolean => {
    const parsed = parseFrame(text);
    assert.equal(parsed.kind, 'frame', text);
    return parsed.kind === 'frame' && parsed.verbatim;
  };
  // Exactly the frame, whatever the spacing, member order or string escapes.
  assert.equal(verbatim('{"ctrlPresentation":{"reqId":1,"sendPermission":3},"local_line":2}'), true);
  assert.equal(verbatim(' { "local_line" : 2 ,\r\n "ctrlPresentation" : { "sendPermission" : 3 , "reqId" : 1 } } '), true);
  const tricky = 'a " \\ \\" ":{} \\\\';
  assert.equal(verbatim(JSON.stringify({ updateCandidate: { reqId: 2, candidate: { candidate: tricky, sdpMid: null, sdpMLineIndex: 0 } } })), true);
  assert.equal(verbatim('{"ctrlPresentationRet":{"reqId":4,"rspInfo":{"rspCode":200,"rspMsg":"\\":\\\\","showCode":1}}}'), true);
  // A member written twice (JSON.parse keeps the last), at any depth.
  assert.equal(verbatim('{"ctrlPresentation":{"reqId":1,"sendPermission":0,"sendPermission":3}}'), false);
  assert.equal(verbatim('{"ctrlPresentation":{"reqId":1,"sendPermission":3},"local_line":1,"local_line":2}'), false);
  assert.equal(verbatim('{"createMediaSession":{"reqId":1,"sdp":{"length":1,"data":"y","data":"x"}}}'), false);
  assert.equal(verbatim('{"destroyMediaSession":{"reqId":1,"re\\u0071Id":1}}'), false);
  // Members the protocol does not define, or values of the wrong shape where the action does not check them.
  assert.equal(verbatim('{"destroyMediaSession":{"reqId":1,"extra":1}}'), false);
  assert.equal(verbatim('{"destroyMediaSession":{"reqId":1,"__proto__":{"polluted":true}}}'), false);
  assert.equal(verbatim('{"createMediaSession":{"reqId":1,"sdp":{"length":1,"data":"x","more":2}}}'), false);
  assert.equal(verbatim('{"destroyMediaSession":{"reqId":1,"candidate":{"candidate":{"deep":[1]}}}}'), false);
  assert.equal(verbatim('{"destroyMediaSession":{"reqId":1,"sendPermission":[1,{"a":1}]}}'), false);
});

test('verbatim holds exactly when re-serialising keeps every member the text wrote (property)', () => {
  const key = fc.constantFrom('userName', 'reqId', 'sendPermission', 'extra', 'local_line', '"', '\\', 'a\\"b', ':');
  const scalar = fc.oneof(fc.string(), fc.integer({ min: 0, max: 10 }), fc.constant(null), fc.constant('\\":{'));
  const member = fc.tuple(key, scalar);
  const members = (ms: [string, unknown][]) => ms.map(([k, v]) => `${JSON.stringify(k)} : ${JSON.stringify(v)}`);
  fc.assert(
    fc.property(fc.array(member, { maxLength: 5 }), fc.nat(20), (extra, reqId) => {
      const text = `{"destroyMediaSession":{${['"reqId":' + reqId, ...members(extra)].join(',')}}}`;
      const parsed = parseFrame(text);
      if (parsed.kind !== 'frame') return;
      const bodyWritten = 1 + extra.length;
      const bodyDistinct = Object.keys(JSON.parse(text).destroyMediaSession).length;
      const bodyKept = Object.keys(parsed.frame.body).length;
      assert.equal(parsed.verbatim, bodyWritten === bodyDistinct && bodyDistinct === bodyKept, text);
    }),
    { numRuns: 2000 },
  );
});
