import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestRegistration, resultRegistration } from '../../src/session/notice-events.js';

// The registrations of seed 000 "注册事件说明", written out by hand from the seed rather than from the module.
const seedResults: [op: 'beginScreen' | 'stopScreen' | 'pausePresent' | 'call' | 'hangUp', name: string | undefined][] = [
  ['beginScreen', 'shareScreen'],
  ['stopScreen', 'stopShareScreen'],
  ['pausePresent', 'pauseShareScreen'],
  ['call', undefined],
];

test('a completed operation fires the seed registration of its kind, and error from code 300 up', () => {
  for (const [op, name] of seedResults) {
    for (const [code, failed] of [[200, false], [106, false], [300, true], [486, true]] as const) {
      assert.deepEqual(resultRegistration({ type: 'result', op, result: { code, message: '' } }), { name, failed }, `${op} ${code}`);
    }
  }
});

test('the end of a call fires hangup, whatever ended it', () => {
  assert.deepEqual(resultRegistration({ type: 'ended', result: { code: 200, message: '' } }), { name: 'hangup', failed: false });
  assert.deepEqual(resultRegistration({ type: 'ended', result: { code: 302, message: '' } }), { name: 'hangup', failed: true });
});

test("a terminal's request fires the seed's …Request registration", () => {
  assert.equal(requestRegistration('shareScreen'), 'shareScreenRequest');
  assert.equal(requestRegistration('stopShareScreen'), 'stopShareScreenRequest');
  assert.equal(requestRegistration('hangup'), 'hangupRequest');
});
