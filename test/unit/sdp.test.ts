import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandwidthsOf, carriesCandidate, contentsOf, fromWireSdp, midsOf, rolesOf, toWireSdp, withStartBitrate } from '../../src/protocol/index.js';

/** An offer as Firefox writes it: mids that are not 0/1/2, three m-lines in the terminal's order. */
const offer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE {a1} {v1} {v2}',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=mid:{a1}',
  'a=recvonly',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 0.0.0.0',
  'b=AS:30',
  'a=mid:{v1}',
  'a=recvonly',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 0.0.0.0',
  'a=mid:{v2}',
  'a=content:old',
  'a=sendonly',
  '',
].join('\r\n');

test('roles follow the fixed m-line order: audio, main, slides', () => {
  assert.deepEqual(rolesOf(offer), ['audio', 'main', 'slides']);
});

test('toWireSdp rewrites mids to 0/1/2 with a=content and BUNDLE to match', () => {
  const wire = toWireSdp(offer);
  assert.deepEqual(midsOf(wire.sdp), ['0', '1', '2']);
  assert.deepEqual(contentsOf(wire.sdp), [undefined, 'main', 'slides']);
  assert.match(wire.sdp, /a=group:BUNDLE 0 1 2\r\n/);
  assert.deepEqual(wire.mids, { '0': '{a1}', '1': '{v1}', '2': '{v2}' });
  assert.ok(wire.sdp.endsWith('\r\n'));
  assert.doesNotMatch(wire.sdp, /a=content:old/);
});

test('with a max bitrate, every video m-line gets b=AS (kbps) and b=TIAS (bps), replacing the old ones', () => {
  const wire = toWireSdp(offer, { maxBitrateKbps: 1500 });
  assert.deepEqual(bandwidthsOf(wire.sdp), [{ as: undefined, tias: undefined }, { as: 1500, tias: 1500000 }, { as: 1500, tias: 1500000 }]);
  // b= lines follow c= (RFC 8866 order).
  assert.match(wire.sdp, /c=IN IP4 0\.0\.0\.0\r\nb=AS:1500\r\nb=TIAS:1500000\r\n/);
});

test('without a max bitrate, existing b= lines stay', () => {
  assert.deepEqual(bandwidthsOf(toWireSdp(offer).sdp)[1], { as: 30, tias: undefined });
});

test('fromWireSdp restores the local mids on the answer and drops a=content', () => {
  const { mids } = toWireSdp(offer);
  const answer = [
    'v=0',
    'o=- 3 4 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1 2',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=mid:0',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'a=mid:1',
    'a=content:main',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'a=mid:2',
    'a=content:slides',
    '',
  ].join('\n');
  const local = fromWireSdp(answer, mids);
  assert.deepEqual(midsOf(local), ['{a1}', '{v1}', '{v2}']);
  assert.match(local, /a=group:BUNDLE \{a1\} \{v1\} \{v2\}\r\n/);
  assert.deepEqual(contentsOf(local), [undefined, undefined, undefined]);
});

test('a fourth video m-line is gui (mid 3)', () => {
  const four = offer + 'm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:{v3}\r\n';
  const wire = toWireSdp(four);
  assert.deepEqual(midsOf(wire.sdp), ['0', '1', '2', '3']);
  assert.equal(contentsOf(wire.sdp)[3], 'gui');
});

test('withStartBitrate sets x-google-start-bitrate on every video encoder, keeps other parameters, leaves rtx/red/audio alone', () => {
  const answer = [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=mid:0',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100',
    'a=mid:2',
    'a=rtpmap:96 VP8/90000',
    'a=rtpmap:97 rtx/90000',
    'a=fmtp:97 apt=96',
    'a=rtpmap:98 H264/90000',
    'a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;x-google-start-bitrate=300',
    'a=rtpmap:99 red/90000',
    'a=rtpmap:100 ulpfec/90000',
    '',
  ].join('\r\n');
  const out = withStartBitrate(answer, 1499.6);
  const lines = out.split('\r\n');
  // VP8 had no fmtp: one comes right after its rtpmap.
  assert.equal(lines[lines.indexOf('a=rtpmap:96 VP8/90000') + 1], 'a=fmtp:96 x-google-start-bitrate=1500');
  // H264 keeps its parameters; its old start bitrate is replaced, not repeated.
  assert.ok(lines.includes('a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;x-google-start-bitrate=1500'));
  assert.equal(out.match(/x-google-start-bitrate/g)!.length, 2);
  assert.ok(lines.includes('a=fmtp:97 apt=96'));
  assert.ok(lines.includes('a=fmtp:111 minptime=10;useinbandfec=1'));
  assert.ok(!/a=fmtp:(99|100) /.test(out));
  assert.equal(withStartBitrate(out, 1500), out, 'applying it twice changes nothing');
});

test('carriesCandidate matches a candidate line on its first six fields, whatever follows', () => {
  const sdp = [
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=candidate:3020318029 1 udp 2113937151 a.local 59538 typ host generation 0 network-cost 999',
    'a=candidate:3010726397 1 udp 2113942271 b.local 35525 typ host generation 0 network-cost 999',
    '',
  ].join('\r\n');
  // As Chromium's icecandidate event writes them: with ufrag, which the SDP line does not have.
  assert.equal(carriesCandidate(sdp, 'candidate:3020318029 1 udp 2113937151 a.local 59538 typ host generation 0 ufrag INYv network-cost 999'), true);
  assert.equal(carriesCandidate(sdp, 'candidate:3010726397 1 udp 2113942271 b.local 35525 typ host generation 0 ufrag INYv'), true);
  // Another port, another address, a TCP candidate, or a port that only starts the same: not carried.
  assert.equal(carriesCandidate(sdp, 'candidate:3020318029 1 udp 2113937151 a.local 59539 typ host generation 0 ufrag INYv'), false);
  assert.equal(carriesCandidate(sdp, 'candidate:3020318029 1 udp 2113937151 c.local 59538 typ host generation 0 ufrag INYv'), false);
  assert.equal(carriesCandidate(sdp, 'candidate:2 1 tcp 1518283007 a.local 9 typ host tcptype active generation 0'), false);
  assert.equal(carriesCandidate(sdp, 'candidate:3020318029 1 udp 2113937151 a.local 5953 typ host'), false);
  assert.equal(carriesCandidate('', 'candidate:3020318029 1 udp 2113937151 a.local 59538 typ host'), false);
});
