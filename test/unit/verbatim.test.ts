/**
 * isVerbatim (src/protocol/verbatim.ts): when the server may relay a received text as it came. Never for a text
 * with a member outside the protocol or a key written twice; always for one that holds exactly its frame.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFrame } from '../../src/protocol/index.js';
import { isVerbatim } from '../../src/protocol/verbatim.js';

test('verbatim: a text with only protocol members, each once, may travel as received', () => {
  const verbatim = (text: string): boolean => {
    const parsed = parseFrame(text);
    assert.equal(parsed.kind, 'frame', text);
    return parsed.kind === 'frame' && isVerbatim(text, parsed);
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
  // Members the protocol does not define.
  assert.equal(verbatim('{"destroyMediaSession":{"reqId":1,"extra":1}}'), false);
  assert.equal(verbatim('{"destroyMediaSession":{"reqId":1,"__proto__":{"polluted":true}}}'), false);
  assert.equal(verbatim('{"createMediaSession":{"reqId":1,"sdp":{"length":1,"data":"x","more":2}}}'), false);
  // Values of the wrong shape never get this far: the codec refuses them on every action (test/unit/codec.test.ts).
  for (const text of [
    '{"destroyMediaSession":{"reqId":1,"candidate":{"candidate":{"deep":[1]}}}}',
    '{"destroyMediaSession":{"reqId":1,"sendPermission":[1,{"a":1}]}}',
  ]) {
    assert.equal(parseFrame(text).kind, 'invalid', text);
  }
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
      assert.equal(isVerbatim(text, parsed), bodyWritten === bodyDistinct && bodyDistinct === bodyKept, text);
    }),
    { numRuns: 2000 },
  );
});
