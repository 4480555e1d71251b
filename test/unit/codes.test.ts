import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Code, allCodes, describeCode, result } from '../../src/protocol/index.js';
import { isWebSocketAddress, terminalAddress, deviceAddress } from '../../src/protocol/index.js';

test('the code table holds exactly the GVC3220 codes of PROTOCOL.md', () => {
  assert.deepEqual(allCodes, [104, 105, 106, 200, 300, 301, 302, 303, 308, 400, 403, 405, 408, 481, 486, 487, 488, 489, 501, 502]);
  assert.deepEqual(Object.values(Code).sort((a, b) => a - b), allCodes);
});

test('every code has a description; unknown codes say so', () => {
  for (const code of allCodes) assert.doesNotMatch(describeCode(code), /Unknown/);
  assert.equal(describeCode(999), 'Unknown code 999');
  assert.deepEqual(result(486), { code: 486, message: 'The terminal has no free line' });
  assert.deepEqual(result(486, 'busy'), { code: 486, message: 'busy' });
});

test('WebSocket addresses: ws/wss with a host only', () => {
  for (const ok of ['ws://192.168.131.172:10200', 'wss://host/terminals/a', 'ws://localhost:3000/terminals/x']) assert.ok(isWebSocketAddress(ok), ok);
  for (const bad of ['', '   ', 'http://host', 'ftp://host', 'ws://', 'host:10200', 42, null]) assert.ok(!isWebSocketAddress(bad), String(bad));
});

test('our server addresses for pages and devices', () => {
  assert.equal(terminalAddress('http://localhost:3000', 'room-1'), 'ws://localhost:3000/terminals/room-1');
  assert.equal(terminalAddress('https://example.test', 'a'), 'wss://example.test/terminals/a');
  assert.equal(deviceAddress('http://localhost:3000/x?y', 'a'), 'ws://localhost:3000/terminals/a/device');
});

import { fromBetaCode, toBetaCode, betaCodeAliases } from '../../src/protocol/index.js';

test('beta codes map to the current ones and back: 100→300, 466→302, 403→303, 408→308', () => {
  assert.deepEqual(betaCodeAliases, { 100: 300, 466: 302, 403: 303, 408: 308 });
  assert.deepEqual([100, 466, 403, 408, 200, 486].map(fromBetaCode), [300, 302, 303, 308, 200, 486]);
  assert.deepEqual([300, 302, 303, 308, 200, 486].map(toBetaCode), [100, 466, 403, 408, 200, 486]);
});
