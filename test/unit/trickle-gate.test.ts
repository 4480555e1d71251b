import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrickleGate } from '../../src/protocol/index.js';

// Candidates as Chromium's icecandidate event writes them, and an answer whose SDP already carries the first two.
const a = { candidate: 'candidate:3020318029 1 udp 2113937151 a.local 59538 typ host generation 0 ufrag INYv network-cost 999' };
const b = { candidate: 'candidate:3010726397 1 udp 2113942271 b.local 35525 typ host generation 0 ufrag INYv network-cost 999' };
const srflx = { candidate: 'candidate:842163049 1 udp 1677729535 192.0.2.7 61010 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag INYv' };
const late = { candidate: 'candidate:1 1 udp 2113937151 c.local 40000 typ host generation 0 ufrag INYv' };
const described = [
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=candidate:3020318029 1 udp 2113937151 a.local 59538 typ host generation 0 network-cost 999',
  'a=candidate:3010726397 1 udp 2113942271 b.local 35525 typ host generation 0 network-cost 999',
  '',
].join('\r\n');

/** A gate whose sent candidates are collected, with `held` added to it before its description leaves. */
function gateWith(...held: (typeof a | null)[]) {
  const sent: (typeof a | null)[] = [];
  const gate = new TrickleGate<typeof a>((c) => sent.push(c));
  for (const c of held) gate.add(c);
  return { gate, sent };
}

test('TrickleGate holds candidates until the description leaves, then sends only those it does not carry, in order', () => {
  const { gate, sent } = gateWith(a, srflx, b);
  assert.deepEqual(sent, [], 'nothing leaves before the description');
  assert.equal(gate.released, false);
  gate.release(described);
  assert.deepEqual(sent, [srflx], 'the two host candidates the description carries are not sent again');
  assert.equal(gate.released, true);
  gate.add(late);
  gate.add(null);
  assert.deepEqual(sent, [srflx, late, null], 'after it, each candidate and the end-of-candidates marker at once');
  gate.release(described);
  assert.deepEqual(sent, [srflx, late, null], 'a second release sends nothing again');
});

test('TrickleGate always sends a held end-of-candidates marker, after the candidates held before it', () => {
  const { gate, sent } = gateWith(a, late, null);
  gate.release(described);
  assert.deepEqual(sent, [late, null]);
});
