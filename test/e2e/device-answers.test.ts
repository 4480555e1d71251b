/**
 * `<gs-screen-share>` against what a device may send (DEVICE.md "Measured"): for each row, the element calls a
 * device stand-in (./support/device-stand-in.ts: a real Chromium peer on the server's device socket whose answer
 * text is reshaped to that row) and presents. Every row must end with call 200, beginScreen 200 and H.264 or VP8
 * frames decoded at the stand-in; the device rows also check what the original does with the device's level and
 * a=framerate (they cap the capture, the encoder and `qualityPlan`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, until, type Harness } from './support/harness.js';
import { standInCodec, standInFrames, startStandIn, type StandInShape } from './support/device-stand-in.js';

let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** DEVICE.md's best guess of a GVC3220 answer (fixtures/gsrtc/answer-OK-devicelike-full). */
const DEVICE: StandInShape = { h264Profile: '42801F', framerate: 30, bandwidthKbps: 2048 };

interface Row {
  name: string;
  shape: StandInShape;
  /** Set on the element before the call. */
  setup?: (el: HTMLElement & Record<string, unknown>) => void;
  /** Extra checks once frames flow. */
  check?: (sharer: Page, standIn: Page) => Promise<void>;
}

interface Shared {
  plan: { maxWidth: number; maxHeight: number; maxFps: number; deviceCap?: unknown };
  track: { width?: number; height?: number; frameRate?: number };
  encoding: { maxFramerate?: number; scaleResolutionDownBy?: number };
  sent: { width?: number; height?: number };
}

function shared(sharer: Page): Promise<Shared> {
  return sharer.evaluate(async () => {
    const el = document.querySelector('gs-screen-share')!;
    const track = el.localStream!.getVideoTracks()[0];
    const sender = el.peerConnection!.getSenders().find((s) => s.track === track)!;
    const [encoding] = sender.getParameters().encodings;
    let sent: { width?: number; height?: number } = {};
    (await el.peerConnection!.getStats()).forEach((s: { type: string; kind?: string; frameWidth?: number; frameHeight?: number; bytesSent?: number }) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video' && s.bytesSent) sent = { width: s.frameWidth, height: s.frameHeight };
    });
    const { width, height, frameRate } = track.getSettings();
    return {
      plan: el.qualityPlan,
      track: { width, height, frameRate },
      encoding: { maxFramerate: encoding.maxFramerate, scaleResolutionDownBy: encoding.scaleResolutionDownBy },
      sent,
    };
  });
}

const rows: Row[] = [
  { name: 'one a=group:BUNDLE per m-line (what Chromium echoes to the original\'s offer)', shape: { ...DEVICE, perLineGroups: true } },
  { name: 'no a=group at all (one transport per m-line), VP8 as the browser picks', shape: {} },
  { name: 'one group BUNDLE 0 1 2', shape: { keepGroups: true } },
  { name: 'only BUNDLE 0 kept (the first m-line of the offer\'s group), in the first answer and the update', shape: { ...DEVICE, firstOnlyGroup: true } },
  {
    name: 'the host sets bundlePolicy max-bundle, the device answers without BUNDLE',
    shape: DEVICE,
    setup: (el) => {
      el.rtcConfiguration = { bundlePolicy: 'max-bundle' };
    },
    check: async (sharer) => {
      // The device path uses max-compat whatever the host asked (the host's other settings stay).
      assert.equal(await sharer.evaluate(() => document.querySelector('gs-screen-share')!.peerConnection!.getConfiguration().bundlePolicy), 'max-compat');
    },
  },
  {
    name: 'H.264 only, profile-level-id=42801F first, a=framerate:30, b=AS 2048 (the device-like answer): 1280×720 at 30 fps at most',
    shape: DEVICE,
    setup: (el) => {
      el.quality = 'balanced';
    },
    check: async (sharer, standIn) => {
      assert.equal(await standInCodec(standIn), 'video/H264');
      const s = await shared(sharer);
      assert.deepEqual([s.plan.maxWidth, s.plan.maxHeight, s.plan.maxFps], [1280, 720, 30]);
      assert.deepEqual(s.plan.deviceCap, { level: '1f', width: 1280, height: 720, fps: 30 });
      assert.ok((s.track.width ?? 0) <= 1280 && (s.track.height ?? 0) <= 720 && (s.track.frameRate ?? 0) <= 30, JSON.stringify(s.track));
      assert.equal(s.encoding.maxFramerate, 30);
    },
  },
  {
    name: 'level 1e + a=framerate:10 with the motion preset (720p, 60 fps): the lower wins, 848×480 at 10 fps',
    shape: { ...DEVICE, h264Profile: '42801E', framerate: 10 },
    setup: (el) => {
      el.quality = 'motion';
    },
    check: async (sharer) => {
      const s = await shared(sharer);
      assert.deepEqual([s.plan.maxWidth, s.plan.maxHeight, s.plan.maxFps], [848, 480, 10]);
      assert.equal(s.encoding.maxFramerate, 10);
      assert.ok((s.track.width ?? 0) <= 848 && (s.track.height ?? 0) <= 480, `capture ${JSON.stringify(s.track)}`);
      const sent = await until(async () => ((await shared(sharer)).sent.width ? (await shared(sharer)).sent : null));
      assert.ok(sent && (sent.width ?? 0) <= 848 && (sent.height ?? 0) <= 480, `sent ${JSON.stringify(sent)}`);
    },
  },
  { name: 'High 640028 answered on the payload type offered as Constrained Baseline', shape: { ...DEVICE, h264Profile: '640028' } },
  { name: 'Main 4d001f answered on the payload type offered as Constrained Baseline', shape: { ...DEVICE, h264Profile: '4d001f' } },
  {
    name: 'slides answered sendonly in the first answer and sendrecv in the update, main sendrecv',
    shape: { ...DEVICE, slidesFirst: 'sendonly', slidesUpdate: 'sendrecv', main: 'sendrecv' },
  },
  { name: 'm-lines reordered (audio last)', shape: { ...DEVICE, audioLast: true } },
  { name: 'no a=content', shape: { ...DEVICE, noContent: true } },
  { name: 'no a=mid', shape: { ...DEVICE, noMid: true } },
  { name: 'no a=content, no a=mid, audio last', shape: { ...DEVICE, noContent: true, noMid: true, audioLast: true } },
];

rows.forEach((row, i) => {
  test(`device row: ${row.name} → call 200, beginScreen 200, frames decoded`, async () => {
    const id = `device-row-${i}`;
    const standIn = await h.open('/healthz');
    await startStandIn(standIn, `ws://localhost:${h.port}/terminals/${id}/device`, row.shape);
    const sharer = await h.open(`/?id=${id}`);
    if (row.setup) await sharer.evaluate(`(${row.setup.toString()})(document.querySelector('gs-screen-share'))`);
    const call = await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call());
    const errors = () => standIn.evaluate(() => (window as unknown as { standIn: { errors: string[] } }).standIn.errors);
    assert.equal(call.code, 200, `call: ${call.message} ${await errors()}`);
    const begun = await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen());
    assert.equal(begun.code, 200, `beginScreen: ${begun.message} ${await errors()}`);
    const frames = await until(async () => ((await standInFrames(standIn)) >= 10 ? standInFrames(standIn) : 0), 20_000);
    assert.ok(frames >= 10, `frames decoded at the stand-in: ${frames}`);
    // The offer puts H.264 Constrained Baseline (packetization-mode 1) first, VP8 right behind it.
    const offer = await standIn.evaluate(() => (window as unknown as { standIn: { offers: string[] } }).standIn.offers[0]);
    const slides = offer.split('m=video')[2];
    const codecOf = (pt: string) => new RegExp(`a=rtpmap:${pt} ([^/]+)/`).exec(slides)?.[1];
    // Payload types in preference order, without the retransmission / redundancy ones that follow each codec.
    const pts = slides.split('\r\n')[0].trim().split(' ').slice(2).filter((pt) => !/^(rtx|red|ulpfec|flexfec-03)$/i.test(codecOf(pt) ?? ''));
    assert.equal(codecOf(pts[0]), 'H264');
    assert.match(slides, new RegExp(`a=fmtp:${pts[0]} .*packetization-mode=1`));
    assert.match(slides, new RegExp(`a=fmtp:${pts[0]} .*profile-level-id=42e01f`));
    assert.equal(codecOf(pts[1]), 'VP8');
    await row.check?.(sharer, standIn);
    assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.hangUp())).code, 200);
    await sharer.context().close();
    await standIn.context().close();
  });
});
