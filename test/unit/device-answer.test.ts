/**
 * The device answer's SDP shaping (src/protocol/device-answer.ts; DEVICE.md), on the original gsRTC client's
 * captured wire offer and a Chromium answer to it (test/fixtures/gsrtc/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DEVICE_LEVELS,
  deviceCodecs,
  isDeviceResolution,
  offersBaselineH264,
  toDeviceAnswer,
  withoutGroups,
} from '../../src/protocol/device-answer.js';
import { contentsOf, midsOf, splitSdp } from '../../src/protocol/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/gsrtc/${name}`, import.meta.url), 'utf8');
const offer = fixture('orig-offer.sdp');
/** Chromium's answer to orig-offer.sdp set as it came (with its three groups): what our terminal used to send. */
const browserAnswer = fixture('answer-REJECTED-pergroup.sdp');

const sections = (sdp: string) => splitSdp(sdp).media.map((s) => s.lines);

test('withoutGroups drops every a=group line and nothing else', () => {
  assert.equal((offer.match(/^a=group:/gm) ?? []).length, 3);
  const stripped = withoutGroups(offer);
  assert.doesNotMatch(stripped, /a=group:/);
  assert.equal(stripped.split('\r\n').length, offer.split(/\r?\n/).length - 3);
  assert.deepEqual(midsOf(stripped), ['0', '1', '2']);
  assert.ok(stripped.endsWith('\r\n'));
});

test('toDeviceAnswer: no group, H.264 Baseline 4280<level> first with a=framerate and b=AS/b=TIAS, content echoed', () => {
  const wire = toDeviceAnswer(browserAnswer, offer, { maxResolution: '1280x720', framerate: 30, maxBitrateKbps: 2048 });
  assert.doesNotMatch(wire, /a=group:/);
  assert.deepEqual(midsOf(wire), ['0', '1', '2']);
  assert.deepEqual(contentsOf(wire), [undefined, 'main', 'slides']);
  const [audio, main, slides] = sections(wire);
  assert.equal(audio[0], 'm=audio 32790 UDP/TLS/RTP/SAVPF 111 9 0 8');
  assert.ok(!audio.some((l) => l.startsWith('b=') || l.startsWith('a=framerate')));
  for (const video of [main, slides]) {
    assert.match(video[0], / UDP\/TLS\/RTP\/SAVPF 108$/, 'one payload type: H.264, no rtx, no AV1');
    assert.deepEqual(video.filter((l) => /^a=(rtpmap|fmtp|rtcp-fb):/.test(l) && !l.includes(':108 ')), []);
    assert.deepEqual(video.filter((l) => l.startsWith('a=fmtp:')), ['a=fmtp:108 profile-level-id=42801F;packetization-mode=1']);
    assert.deepEqual(video.filter((l) => l.startsWith('a=framerate:')), ['a=framerate:30']);
    assert.deepEqual(video.slice(1, 4), ['c=IN IP4 192.0.2.2', 'b=AS:2048', 'b=TIAS:2048000']);
    assert.ok(video.includes('a=rtcp-fb:108 nack pli'));
  }
  // ICE and DTLS lines are the browser's own.
  assert.equal((wire.match(/^a=candidate:/gm) ?? []).length, (browserAnswer.match(/^a=candidate:/gm) ?? []).length);
  assert.equal((wire.match(/^a=fingerprint:/gm) ?? []).length, 3);
});

test('the level follows the maximum resolution (DEVICE.md table), the defaults are 1080p at 30 fps and 2048 kbps', () => {
  assert.deepEqual(DEVICE_LEVELS, { '480x272': '15', '640x360': '16', '848x480': '1e', '1280x720': '1f', '1920x1080': '28', '3840x2160': '33' });
  assert.match(toDeviceAnswer(browserAnswer, offer), /a=fmtp:108 profile-level-id=428028;packetization-mode=1\r\n/);
  assert.match(toDeviceAnswer(browserAnswer, offer), /a=framerate:30\r\n/);
  assert.match(toDeviceAnswer(browserAnswer, offer), /b=AS:2048\r\nb=TIAS:2048000\r\n/);
  const small = toDeviceAnswer(browserAnswer, offer, { maxResolution: '848x480', framerate: 10, maxBitrateKbps: 512.4 });
  assert.match(small, /profile-level-id=42801E;/);
  assert.match(small, /a=framerate:10\r\n/);
  assert.match(small, /b=AS:512\r\nb=TIAS:512000\r\n/);
  assert.ok(isDeviceResolution('3840x2160'));
  assert.ok(!isDeviceResolution('1920x1200'));
  assert.ok(!isDeviceResolution('toString'));
});

test('toDeviceAnswer keeps only the first Baseline H.264 of several, and only opus/G.722/PCMU/PCMA', () => {
  const answer = [
    'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110',
    'c=IN IP4 0.0.0.0', 'b=AS:64', 'a=mid:0',
    'a=rtpmap:111 opus/48000/2', 'a=rtpmap:63 red/48000/2', 'a=fmtp:63 111/111', 'a=rtpmap:9 G722/8000',
    'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:13 CN/8000', 'a=rtpmap:110 telephone-event/48000',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 106',
    'c=IN IP4 0.0.0.0', 'b=AS:9000', 'a=mid:1',
    'a=rtpmap:96 VP8/90000', 'a=rtcp-fb:96 nack',
    'a=rtpmap:97 rtx/90000', 'a=fmtp:97 apt=96',
    'a=rtpmap:102 H264/90000', 'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f',
    'a=rtpmap:103 H264/90000', 'a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f',
    'a=rtpmap:106 H264/90000', 'a=rtcp-fb:106 nack', 'a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
    'm=video 0 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 0.0.0.0', 'a=mid:2', 'a=rtpmap:96 VP8/90000',
    '',
  ].join('\r\n');
  const wire = toDeviceAnswer(answer, offer, { maxResolution: '1920x1080', framerate: 25, maxBitrateKbps: 1000 });
  const [audio, video, rejected] = sections(wire);
  assert.equal(audio[0], 'm=audio 9 UDP/TLS/RTP/SAVPF 111 9 0 8');
  assert.ok(!audio.some((l) => /:(63|13|110) /.test(l)));
  assert.ok(audio.includes('b=AS:64'), 'audio bandwidth left as the browser wrote it');
  assert.equal(video[0], 'm=video 9 UDP/TLS/RTP/SAVPF 106');
  assert.deepEqual(video.filter((l) => l.startsWith('a=')), [
    'a=mid:1', 'a=content:main', 'a=rtpmap:106 H264/90000', 'a=framerate:25',
    'a=fmtp:106 profile-level-id=428028;packetization-mode=1', 'a=rtcp-fb:106 nack',
  ]);
  assert.deepEqual(video.filter((l) => l.startsWith('b=')), ['b=AS:1000', 'b=TIAS:1000000']);
  // A rejected m-line is left alone, but still says which content it was.
  assert.deepEqual(rejected, ['m=video 0 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 0.0.0.0', 'a=mid:2', 'a=content:slides', 'a=rtpmap:96 VP8/90000']);
});

test('offersBaselineH264: packetization-mode 1 Baseline or Constrained Baseline on a live video m-line', () => {
  assert.ok(offersBaselineH264(offer));
  const only = (fmtp: string, port = '9') =>
    ['v=0', 's=-', `m=video ${port} UDP/TLS/RTP/SAVPF 100`, 'a=mid:1', 'a=rtpmap:100 H264/90000', `a=fmtp:100 ${fmtp}`, ''].join('\r\n');
  assert.ok(offersBaselineH264(only('packetization-mode=1;profile-level-id=42e028')));
  assert.ok(offersBaselineH264(only('profile-level-id=42801F;packetization-mode=1')));
  assert.ok(!offersBaselineH264(only('packetization-mode=0;profile-level-id=42e01f')));
  assert.ok(!offersBaselineH264(only('packetization-mode=1;profile-level-id=640c1f')));
  assert.ok(!offersBaselineH264(only('packetization-mode=1;profile-level-id=42e01f', '0')));
  assert.ok(!offersBaselineH264(offer.replace(/H264/g, 'VP8')));
});

test('deviceCodecs picks, in order, Constrained Baseline then Baseline H.264 (mode 1) and opus, G.722, PCMU, PCMA', () => {
  const h264 = (fmtp: string) => ({ mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: fmtp });
  const video = [
    { mimeType: 'video/VP8', clockRate: 90000 },
    { mimeType: 'video/rtx', clockRate: 90000 },
    h264('level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f'),
    h264('level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f'),
    h264('level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f'),
    h264('level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f'),
    { mimeType: 'video/red', clockRate: 90000 },
  ];
  assert.deepEqual(deviceCodecs(video, 'video'), [video[4], video[2]]);
  const audio = ['opus', 'red', 'G722', 'PCMU', 'PCMA', 'CN', 'telephone-event'].map((n) => ({ mimeType: `audio/${n}`, clockRate: 8000 }));
  assert.deepEqual(deviceCodecs(audio, 'audio').map((c) => c.mimeType), ['audio/opus', 'audio/G722', 'audio/PCMU', 'audio/PCMA']);
  assert.deepEqual(deviceCodecs([{ mimeType: 'video/VP8' }], 'video'), []);
});
