import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Body,
  type NestedField,
  NESTED_FIELDS,
  parseFrame,
  serialiseFrame,
  replyTo,
  replyToInvalid,
  sdpField,
} from '../../src/protocol/index.js';

test('keep-alives parse as keepalive', () => {
  assert.deepEqual(parseFrame('\r\n'), { kind: 'keepalive' });
  assert.deepEqual(parseFrame('\r\n\r\n'), { kind: 'keepalive' });
});

test('a createMediaSession round-trips through serialise and parse', () => {
  const frame = { action: 'createMediaSession' as const, body: { userName: 'alice', reqId: 7, sdp: sdpField('v=0\r\n') } };
  const text = serialiseFrame(frame);
  assert.equal(text, '{"createMediaSession":{"userName":"alice","reqId":7,"sdp":{"length":5,"data":"v=0\\r\\n"}}}');
  assert.deepEqual(parseFrame(text), { kind: 'frame', frame, decoded: JSON.parse(text) });
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
  ['{"createMediaSession":{"reqId":1,"sdp":{"length":-1,"data":"x"}}}', 'sdp must be', 400],
  ['{"createMediaSession":{"reqId":1,"sdp":{"length":"1","data":"x"}}}', 'sdp must be', 400],
  // Near misses of the original gsRTC client's shapes (DEVICE.md) stay refused.
  ['{"createMediaSession":{"reqId":1,"sdp":{"data":{"value":5}}}}', 'sdp must be', 400],
  ['{"updateMediaSession":{"reqId":1,"sdp":{"data":{"value":5}}}}', 'sdp must be', 400],
  ['{"destroyMediaSession":{"reqId":1,"sdp":{"data":{"value":"5"}}}}', 'sdp must be', 400],
  ['{"destroyMediaSession":{"reqId":1,"sdp":{"data":{"value":5,"x":1}}}}', 'sdp must be', 400],
  ['{"destroyMediaSession":{"reqId":1,"sdp":{"data":{"value":5},"length":1}}}', 'sdp must be', 400],
  ['{"destroyMediaSession":{"reqId":1,"sdp":{"data":{}}}}', 'sdp must be', 400],
  ['{"destroyMediaSession":{"reqId":1,"sdp":{"value":5}}}', 'sdp must be', 400],
  ['{"destroyMediaSessionRet":{"reqId":1,"rspInfo":{"rspCode":200,"rspMsg":"OK"},"sdp":{"data":{"value":5}}}}', 'sdp must be', 400],
  ['{"destroyMediaSession":{"reqId":1,"rspInfo":{"rspCode":502}}}', 'rspInfo', 400],
  ['{"ctrlPresentationRet":{"reqId":1,"rspInfo":{"rspCode":200,"rspMsg":7}}}', 'rspInfo', 400],
  ['{"ctrlPresentationRet":{"reqId":1,"rspInfo":{"rspMsg":"OK"}}}', 'rspInfo', 400],
  ['{"close":{"reqId":1}}', 'unknown action', 405],
  ['{"close  ":{"reqId":1}}', 'unknown action', 405],
  ['{"close ":{"reqId":"1"}}', 'reqId', 400],
  ['{"close ":5}', 'body must be an object', 400],
  ['{"createMediaSession":{"reqId":1,"userName":5,"sdp":{"length":1,"data":"x"}}}', 'userName', 400],
  ['{"ctrlPresentation":{"reqId":1,"sendPermission":7}}', 'sendPermission', 400],
  ['{"ctrlPresentationRet":{"reqId":1}}', 'rspInfo', 400],
  ['{"createMediaSessionRet":{"reqId":1,"rspInfo":{"rspCode":200,"rspMsg":"ok"}}}', 'must carry sdp', 400],
  ['{"cancelRequest":{"reqId":1,"cancelReqId":2,"cancelReqCmd":"nope"}}', 'cancelReqCmd', 400],
  ['{"updateCandidate":{"reqId":1,"candidate":{"candidate":3}}}', 'candidate', 400],
  ['{"destroyMediaSession":{"reqId":1},"local_line":"x"}', 'local_line', 400],
  // A field some other action requires is checked wherever it comes, not only there.
  ['{"createMediaSession":{"reqId":1,"sdp":{"length":1,"data":"x"},"candidate":5}}', 'candidate', 400],
  ['{"destroyMediaSession":{"reqId":1,"candidate":{"candidate":"c","sdpMid":7}}}', 'candidate.sdpMid', 400],
  ['{"destroyMediaSession":{"reqId":1,"sendPermission":"1"}}', 'sendPermission', 400],
  ['{"updateMediaSession":{"reqId":1,"sdp":{"length":1,"data":"x"},"cancelReqId":"2"}}', 'cancelReqId', 400],
  ['{"destroyMediaSessionRet":{"reqId":1,"rspInfo":{"rspCode":200,"rspMsg":"ok"},"cancelReqCmd":"nope"}}', 'cancelReqCmd', 400],
];

test('accepts the shapes the original gsRTC client sends (DEVICE.md "What the original sends")', () => {
  const hangUp = '{"destroyMediaSession":{"userName":"webRTC_Client","reqId":1,"sdp":{"data":{"value":5}}}}';
  const parsed = parseFrame(hangUp);
  assert.equal(parsed.kind, 'frame');
  if (parsed.kind !== 'frame') return;
  assert.deepEqual(parsed.frame, { action: 'destroyMediaSession', body: { userName: 'webRTC_Client', reqId: 1 }, sdpValue: 5 });
  assert.equal(serialiseFrame(parsed.frame), hangUp, 'written back as it came');

  const counted = parseFrame('{"createMediaSession":{"reqId":2,"sdp":{"length":9,"data":"x"}}}');
  assert.equal(counted.kind, 'frame', 'an sdp.length that does not count sdp.data');
  if (counted.kind === 'frame') assert.deepEqual(counted.frame.body.sdp, { length: 9, data: 'x' });

  const terse = parseFrame('{"ctrlPresentationRet":{"reqId":3,"rspInfo":{"rspCode":200}}}');
  assert.equal(terse.kind, 'frame', 'a reply without rspMsg');
  if (terse.kind === 'frame') assert.deepEqual(terse.frame.body.rspInfo, { rspCode: 200 });

  const close = parseFrame('{"close ":{"userName":"webRTC_Client","reqId":4}}');
  assert.equal(close.kind, 'frame', 'the "close " notice');
  if (close.kind === 'frame') assert.equal(close.frame.action, 'close ');
  const badClose = parseFrame('{"close ":{"reqId":-4}}');
  assert.ok(badClose.kind === 'invalid' && replyToInvalid(badClose) === null, 'an invalid notice gets no reply either');
});

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

// NESTED_FIELDS names only members of SdpField, RspInfo and CandidateField (its own type says so); this says it
// names all of them, at compile time.
type Unlisted = { [F in NestedField]: Exclude<keyof NonNullable<Body[F]>, (typeof NESTED_FIELDS)[F][number]> }[NestedField];
const everyMemberListed: [Unlisted] extends [never] ? true : never = true;

test('the codec checks the type of every member NESTED_FIELDS lets through', () => {
  assert.ok(everyMemberListed);
  const valid: Record<NestedField, Record<string, Record<string, unknown>>> = {
    sdp: { createMediaSession: { reqId: 1, sdp: { length: 1, data: 'x' } } },
    rspInfo: { ctrlPresentationRet: { reqId: 1, rspInfo: { rspCode: 200, rspMsg: 'ok', showCode: 1 } } },
    candidate: { updateCandidate: { reqId: 1, candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: 0 } } },
  };
  for (const [field, members] of Object.entries(NESTED_FIELDS) as [NestedField, readonly string[]][]) {
    const [action, body] = Object.entries(valid[field])[0];
    assert.equal(parseFrame(JSON.stringify(valid[field])).kind, 'frame', field);
    for (const member of members) {
      // true is neither an integer nor a string, nor null nor absent: wrong for every member.
      const text = JSON.stringify({ [action]: { ...body, [field]: { ...(body[field] as object), [member]: true } } });
      const parsed = parseFrame(text);
      assert.equal(parsed.kind, 'invalid', text);
      if (parsed.kind === 'invalid') assert.match(parsed.reason, new RegExp(`^${field}\\b`), text);
    }
  }
});

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
