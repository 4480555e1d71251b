import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deviceCodecOrder, midsOf, splitSdp } from '../../src/protocol/index.js';
import { deviceCapability, legalAnswerDirection, repairAnswer } from '../../src/protocol/answer-repair.js';

const head = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0'];

/** Our wire offer: audio, main, slides; H.264 102 as 42e01f, 127 as High 640c1f, VP8 96. */
function offer(slides = 'recvonly', group = 'a=group:BUNDLE 0 1 2'): string {
  const video = (mid: string, role: string, dir: string) => [
    'm=video 9 UDP/TLS/RTP/SAVPF 102 96 127',
    'c=IN IP4 0.0.0.0',
    `a=mid:${mid}`,
    `a=content:${role}`,
    `a=${dir}`,
    'a=rtpmap:102 H264/90000',
    'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    'a=rtpmap:96 VP8/90000',
    'a=rtpmap:127 H264/90000',
    'a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f',
  ];
  return [...head, ...(group ? [group] : []), 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=mid:0', 'a=recvonly', 'a=rtpmap:111 opus/48000/2',
    ...video('1', 'main', 'recvonly'), ...video('2', 'slides', slides), ''].join('\r\n');
}

interface AnswerShape {
  groups?: string[];
  order?: ('audio' | 'main' | 'slides')[];
  content?: boolean;
  mid?: boolean;
  dirs?: Partial<Record<'audio' | 'main' | 'slides', string>>;
  profile?: string;
  framerate?: number;
}

/** A device-like answer (DEVICE.md, answer-OK-devicelike-full.call.sdp), reshaped. */
function answer(shape: AnswerShape = {}): string {
  const { groups = [], order = ['audio', 'main', 'slides'], content = true, mid = true, dirs = {}, profile = '42801F', framerate = 30 } = shape;
  const mids = { audio: '0', main: '1', slides: '2' };
  const section = (role: 'audio' | 'main' | 'slides') =>
    role === 'audio'
      ? ['m=audio 4000 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 127.0.0.1', ...(mid ? ['a=mid:0'] : []), `a=${dirs.audio ?? 'inactive'}`, 'a=rtpmap:111 opus/48000/2']
      : [
          'm=video 4002 UDP/TLS/RTP/SAVPF 102',
          'c=IN IP4 127.0.0.1',
          'b=AS:2048',
          ...(mid ? [`a=mid:${mids[role]}`] : []),
          ...(content ? [`a=content:${role}`] : []),
          `a=${dirs[role] ?? 'inactive'}`,
          'a=rtpmap:102 H264/90000',
          `a=framerate:${framerate}`,
          `a=fmtp:102 profile-level-id=${profile};packetization-mode=1`,
        ];
  return [...head, ...groups, ...order.flatMap(section), ''].join('\r\n');
}

const sectionOf = (sdp: string, i: number) => splitSdp(sdp).media[i].lines;

test('a browser answer that needs nothing comes back as the same text', () => {
  const a = answer({ groups: ['a=group:BUNDLE 0 1 2'], profile: '42e01f', dirs: { slides: 'inactive' } });
  const { sdp, repairs } = repairAnswer(a, offer());
  assert.equal(sdp, a);
  assert.deepEqual(repairs, { droppedGroups: [], reordered: false, midsWritten: [], directions: [], h264: 0 });
});

test('one a=group:BUNDLE per m-line (all mapping onto the offer\'s one group) is dropped: one transport per m-line', () => {
  const groups = ['a=group:BUNDLE 0', 'a=group:BUNDLE 1', 'a=group:BUNDLE 2'];
  const { sdp, repairs } = repairAnswer(answer({ groups }), offer());
  assert.doesNotMatch(sdp, /a=group/);
  assert.deepEqual(repairs.droppedGroups, groups);
});

test('one group, or none, is kept as it is', () => {
  assert.match(repairAnswer(answer({ groups: ['a=group:BUNDLE 0 1 2'] }), offer()).sdp, /a=group:BUNDLE 0 1 2\r\n/);
  assert.match(repairAnswer(answer({ groups: ['a=group:BUNDLE 1 2'] }), offer()).sdp, /a=group:BUNDLE 1 2\r\n/);
  assert.doesNotMatch(repairAnswer(answer(), offer()).sdp, /a=group/);
});

test('a group of one m-line (only BUNDLE 0 kept) is dropped: it bundles nothing, and kept it breaks the update', () => {
  const { sdp, repairs } = repairAnswer(answer({ groups: ['a=group:BUNDLE 0'] }), offer());
  assert.doesNotMatch(sdp, /a=group/);
  assert.deepEqual(repairs.droppedGroups, ['a=group:BUNDLE 0']);
});

test('H.264 Baseline, Main or High on the payload type offered as Constrained Baseline → 42e0 + the answer\'s level', () => {
  for (const profile of ['42801F', '4d001f', '640028', '42001e']) {
    const { sdp } = repairAnswer(answer({ profile }), offer());
    const level = profile.slice(4).toLowerCase();
    for (const i of [1, 2]) assert.ok(sectionOf(sdp, i).includes(`a=fmtp:102 profile-level-id=42e0${level};packetization-mode=1`), `${profile}: ${sectionOf(sdp, i)}`);
  }
});

test('an H.264 payload type offered as High keeps the High profile, with the answer\'s level', () => {
  const a = answer().replace(/102/g, '127');
  const { sdp } = repairAnswer(a, offer());
  assert.ok(sectionOf(sdp, 2).includes('a=fmtp:127 profile-level-id=640c1f;packetization-mode=1'));
});

test('directions are made legal for the offer (RFC 3264 §6.1)', () => {
  assert.equal(legalAnswerDirection('sendonly', 'sendrecv'), 'recvonly');
  assert.equal(legalAnswerDirection('sendonly', 'sendonly'), 'inactive');
  assert.equal(legalAnswerDirection('recvonly', 'sendrecv'), 'sendonly');
  assert.equal(legalAnswerDirection('recvonly', 'recvonly'), 'inactive');
  assert.equal(legalAnswerDirection('inactive', 'sendrecv'), 'inactive');
  assert.equal(legalAnswerDirection('sendrecv', 'sendonly'), 'sendonly');
  assert.equal(legalAnswerDirection('sendrecv', 'recvonly'), 'recvonly');
  // Slides answered sendrecv to a sendrecv offer (the update), sendonly to the first offer: legal, untouched.
  const update = repairAnswer(answer({ dirs: { slides: 'sendrecv' } }), offer('sendrecv'));
  assert.deepEqual(update.repairs.directions, []);
  const first = repairAnswer(answer({ dirs: { slides: 'sendonly', main: 'sendrecv' } }), offer('recvonly'));
  assert.deepEqual(first.repairs.directions, ['1:sendrecv→sendonly']);
  // To our older sendonly slides: sendrecv reads recvonly, so we still send.
  const older = repairAnswer(answer({ dirs: { slides: 'sendrecv' } }), offer('sendonly'));
  assert.ok(sectionOf(older.sdp, 2).includes('a=recvonly'));
});

test('an answer without direction lines (sendrecv) gets a legal one', () => {
  const a = answer().replace(/a=inactive\r\n/g, '');
  const { sdp } = repairAnswer(a, offer('sendonly'));
  assert.ok(sectionOf(sdp, 2).includes('a=recvonly'));
  assert.ok(sectionOf(sdp, 1).includes('a=sendonly'));
});

test('m-lines in another order are put back in the offer\'s order, by a=content', () => {
  const { sdp, repairs } = repairAnswer(answer({ order: ['slides', 'main', 'audio'], mid: false }), offer());
  assert.equal(repairs.reordered, true);
  assert.deepEqual(midsOf(sdp), ['0', '1', '2']);
  assert.ok(sectionOf(sdp, 0)[0].startsWith('m=audio'));
  assert.ok(sectionOf(sdp, 2).includes('a=content:slides'));
});

test('audio last, no a=content: matched by mid', () => {
  const { sdp } = repairAnswer(answer({ order: ['main', 'slides', 'audio'], content: false }), offer());
  assert.deepEqual(midsOf(sdp), ['0', '1', '2']);
  assert.ok(sectionOf(sdp, 0)[0].startsWith('m=audio'));
});

test('no a=mid and no a=content: matched by kind and order; BUNDLE mids renamed with the sections', () => {
  const a = answer({ content: false, mid: false });
  const { sdp, repairs } = repairAnswer(a, offer());
  assert.deepEqual(midsOf(sdp), ['0', '1', '2']);
  assert.deepEqual(repairs.midsWritten, ['0', '1', '2']);
  const renamed = answer({ groups: ['a=group:BUNDLE a v s'] }).replace('a=mid:0', 'a=mid:a').replace('a=mid:1', 'a=mid:v').replace('a=mid:2', 'a=mid:s');
  assert.match(repairAnswer(renamed, offer()).sdp, /a=group:BUNDLE 0 1 2\r\n/);
});

test('the device capability: level and a=framerate of the slides m-line (DEVICE.md level table)', () => {
  assert.deepEqual(deviceCapability(answer()), { level: '1f', width: 1280, height: 720, fps: 30 });
  assert.deepEqual(deviceCapability(answer({ profile: '428028', framerate: 10 })), { level: '28', width: 1920, height: 1080, fps: 10 });
  assert.deepEqual(deviceCapability(answer({ profile: '428015' })), { level: '15', width: 480, height: 272, fps: 30 });
  assert.deepEqual(deviceCapability(answer({ profile: '42801e' })), { level: '1e', width: 848, height: 480, fps: 30 });
  assert.deepEqual(deviceCapability(answer({ profile: '428033' })), { level: '33', width: 3840, height: 2160, fps: 30 });
  assert.deepEqual(deviceCapability(answer({ profile: '42800d' })), { level: '0d', width: 640, height: 360, fps: 30 });
  // Reordered and without a=content: still the slides m-line (mid 2).
  const reordered = answer({ order: ['slides', 'audio', 'main'], content: false }).replace(/(a=mid:2[\s\S]*?)profile-level-id=42801F/, '$1profile-level-id=428016');
  assert.deepEqual(deviceCapability(reordered), { level: '16', width: 640, height: 360, fps: 30 });
  // No a=framerate: no frame-rate cap; VP8 only: no capability.
  assert.deepEqual(deviceCapability(answer().replace(/a=framerate:30\r\n/g, '')), { level: '1f', width: 1280, height: 720 });
  assert.equal(deviceCapability(answer().replace(/H264/g, 'VP8').replace(/a=fmtp:.*\r\n/g, '')), undefined);
  // VP8 first, H.264 behind it (a browser's answer): no capability.
  const browser = answer().replace(/m=video (\d+) UDP\/TLS\/RTP\/SAVPF 102/g, 'm=video $1 UDP/TLS/RTP/SAVPF 96 102').replace(/a=rtpmap:102 H264\/90000/g, 'a=rtpmap:96 VP8/90000\r\na=rtpmap:102 H264/90000');
  assert.equal(deviceCapability(browser), undefined);
});

test('device codec order: H.264 42e01f packetization-mode 1 first, VP8 next, the rest kept in order', () => {
  const codecs = [
    { mimeType: 'video/VP8' },
    { mimeType: 'video/rtx' },
    { mimeType: 'video/H264', sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f' },
    { mimeType: 'video/H264', sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f' },
    { mimeType: 'video/H264', sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' },
    { mimeType: 'video/VP9' },
  ];
  const ordered = deviceCodecOrder(codecs);
  assert.deepEqual(ordered.map((c) => codecs.indexOf(c)), [4, 0, 1, 2, 3, 5]);
  assert.deepEqual(deviceCodecOrder([{ mimeType: 'video/VP8' }]), [{ mimeType: 'video/VP8' }]);
});
