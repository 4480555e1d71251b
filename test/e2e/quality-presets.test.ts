/**
 * Share quality presets end to end (issue 8): a 1920×1080 sharer page (the fake screen follows the page's
 * screen size) shares to the demo terminal; for each preset the terminal's inbound-rtp frame size and frame rate
 * must match the preset, and a preset changed mid-share must take effect with no new offer/answer.
 *
 * Tolerances, for this headless 2-core box where one Chromium encodes and decodes: size exactly the preset's
 * (1920×1080 for text and balanced, 1280×720 for motion) within 5 s of beginScreen — motion's maintain-framerate
 * encoder reaches it because the page sets the encoder's start bitrate (src/protocol/sdp.ts withStartBitrate);
 * frame rate at most the preset's max × 1.15 + 1 (the cap the preset sets), at least 90 % of what the capture
 * delivered (nothing lost on the way) and at least min(half its min, 8 fps): Chromium's fake screen capture
 * itself delivers about 20 fps on this box (measured: media-source frames), so balanced's and motion's 24/30 fps
 * floors are out of its reach.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, until, type Harness } from './support/harness.js';
import { measure, measureWithCapture, openWideSharer, terminalInbound } from './support/quality.js';
import { QUALITY_PRESETS, type QualityPlan, type QualityPreset } from '../../src/session/quality.js';
import { startBitrateKbps } from '../../src/session/actors/peer.js';

let h: Harness;
let sharer: Page;
let terminal: Page;

const el = 'gs-screen-share';
const setQuality = (preset: string) => sharer.evaluate(([s, p]) => ((document.querySelector(s) as HTMLElement & { quality: string }).quality = p), [el, preset] as const);
const run = (method: 'call' | 'beginScreen' | 'hangUp') => sharer.evaluate((m) => document.querySelector('gs-screen-share')![m](), method);

before(async () => {
  h = await startHarness();
  terminal = await h.open('/terminal.html?id=e2e-quality&answer=browser');
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  sharer = await openWideSharer(h, '?id=e2e-quality');
  // These are the presets' own figures, against a browser terminal (answer=browser) and page: a device's answer caps
  // them with its level and a=framerate (docs/device.md), which device-answers.test.ts checks.
  await sharer.evaluate(() => (document.querySelector('gs-screen-share')!.terminalKind = 'browser'));
  // Count the negotiations the terminal sees: offers in (createMediaSession / updateMediaSession) and
  // setRemoteDescription calls on its peer connection.
  await terminal.evaluate(() => {
    const w = window as unknown as { offers: string[]; remoteDescriptions: number };
    w.offers = [];
    w.remoteDescriptions = 0;
    document.querySelector('gs-terminal')!.addEventListener('terminal-frame', (e) => {
      const { direction, text } = (e as CustomEvent<{ direction: string; text: string }>).detail;
      const frame = JSON.parse(text) as Record<string, { sdp?: { data: string } }>;
      const body = frame.createMediaSession ?? frame.updateMediaSession;
      if (direction === 'in' && body?.sdp) w.offers.push(body.sdp.data);
    });
    const original = RTCPeerConnection.prototype.setRemoteDescription;
    RTCPeerConnection.prototype.setRemoteDescription = function (this: RTCPeerConnection, ...args: Parameters<typeof original>) {
      w.remoteDescriptions++;
      return original.apply(this, args);
    } as typeof original;
  });
});

after(async () => {
  await h?.close();
});

const negotiations = () =>
  terminal.evaluate(() => {
    const w = window as unknown as { offers: string[]; remoteDescriptions: number };
    return { offers: w.offers.length, remoteDescriptions: w.remoteDescriptions, last: w.offers.at(-1) ?? '' };
  });

const expected: Record<QualityPreset, { width: number; height: number }> = {
  text: { width: 1920, height: 1080 },
  balanced: { width: 1920, height: 1080 },
  motion: { width: 1280, height: 720 },
};

/** The "after 5 s", with half a second for the terminal's stats to catch up. */
const SIZE_DEADLINE_MS = 5_500;

/**
 * The frame rate: at most the preset's max × 1.15 + 1; at least 90 % of what the capture delivered over the same
 * window (the share loses no frames on the way); and at least min(half the preset's min, 8 fps) (see the module
 * comment for why the capture is the limit here).
 */
function assertFps(preset: QualityPreset, fps: number, captureFps: number): void {
  const spec = QUALITY_PRESETS[preset];
  assert.ok(fps <= spec.maxFps * 1.15 + 1, `${preset}: ${fps} fps above its max ${spec.maxFps}`);
  assert.ok(fps >= captureFps * 0.9, `${preset}: the terminal decodes ${fps} fps of the ${captureFps} fps captured`);
  const floor = Math.min(spec.minFps / 2, 8);
  assert.ok(fps >= floor, `${preset}: ${fps} fps below ${floor}`);
}

for (const preset of ['text', 'balanced', 'motion'] as QualityPreset[]) {
  test(`preset ${preset}: the terminal decodes the preset's resolution and frame rate; b=AS and the sender follow it`, async () => {
    await setQuality(preset);
    try {
      await presetCase(preset);
    } finally {
      await run('hangUp');
    }
  });
}

async function presetCase(preset: QualityPreset): Promise<void> {
  {
    assert.equal((await run('call')).code, 200);
    assert.equal((await run('beginScreen')).code, 200);
    const started = Date.now();
    const want = expected[preset];
    const sizeIs = async () => {
      const slides = (await terminalInbound(terminal))['2'];
      return slides !== undefined && slides.width === want.width && slides.height === want.height;
    };
    const reached = await until(sizeIs, SIZE_DEADLINE_MS, 100);
    const reachedAfter = Math.round((Date.now() - started) / 100) / 10;
    assert.ok(reached, `${preset}: not ${want.width}×${want.height} ${SIZE_DEADLINE_MS} ms after beginScreen`);
    // Measured from 5 s on, as the issue asks.
    await new Promise((r) => setTimeout(r, Math.max(0, 5_000 - (Date.now() - started))));
    const figures = await measureWithCapture(terminal, sharer, '2', 3_000);
    console.log(
      `# ${preset}: ${figures.width}×${figures.height}, ${figures.fps} fps (capture ${figures.captureFps} fps), ${figures.kbps} kbps; size reached ${reachedAfter} s after beginScreen`,
    );
    assert.deepEqual([figures.width, figures.height], [want.width, want.height]);
    assertFps(preset, figures.fps, figures.captureFps);
    assert.ok(figures.kbps > 0 && figures.kbps <= QUALITY_PRESETS[preset].kbps * 1.2, `${preset}: ${figures.kbps} kbps`);
    // The share's offer carried the preset's kbps as b=AS / b=TIAS on the slides m-line.
    const offer = (await negotiations()).last;
    const slides = offer.split(/m=/).find((s) => s.includes('a=content:slides'))!;
    assert.match(slides, new RegExp(`b=AS:${QUALITY_PRESETS[preset].kbps}\\r\\nb=TIAS:${QUALITY_PRESETS[preset].kbps * 1000}`));
    // The answer the page applied set the encoder's start bitrate (so the share does not start at 300 kbps).
    const start = await sharer.evaluate(() => /x-google-start-bitrate=(\d+)/.exec(document.querySelector('gs-screen-share')!.peerConnection!.remoteDescription!.sdp)?.[1]);
    assert.equal(Number(start), startBitrateKbps(QUALITY_PRESETS[preset] as QualityPlan, undefined));
    // The sender's encoding and the track's contentHint follow the preset.
    const sender = await sharer.evaluate(() => {
      const share = document.querySelector('gs-screen-share')!;
      const s = share.peerConnection!.getTransceivers()[2].sender;
      const p = s.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
      return { maxBitrate: p.encodings[0].maxBitrate, maxFramerate: p.encodings[0].maxFramerate, degradation: p.degradationPreference, hint: s.track?.contentHint };
    });
    const spec = QUALITY_PRESETS[preset];
    assert.deepEqual(sender, { maxBitrate: spec.kbps * 1000, maxFramerate: spec.maxFps, degradation: spec.degradationPreference, hint: spec.contentHint });
  }
}

test('a preset changed mid-share takes effect with no new offer/answer: text 1080p ≤ 15 fps → motion 720p, more fps', async () => {
  await setQuality('text');
  assert.equal((await run('call')).code, 200);
  assert.equal((await run('beginScreen')).code, 200);
  assert.ok(await until(async () => (await terminalInbound(terminal))['2']?.height === 1080, 10_000), 'text reaches 1080p');
  await new Promise((r) => setTimeout(r, 2_000));
  const before = await measure(terminal, '2', 3_000);
  const counted = await negotiations();
  const changes = await sharer.evaluate(
    () =>
      new Promise<{ live: boolean; preset: string }>((resolve) => {
        const share = document.querySelector('gs-screen-share')!;
        share.addEventListener('quality-change', (e) => resolve({ live: (e as CustomEvent).detail.live, preset: (e as CustomEvent).detail.plan.preset }), { once: true });
        share.quality = 'motion';
      }),
  );
  assert.deepEqual(changes, { live: true, preset: 'motion' });
  assert.ok(await until(async () => (await terminalInbound(terminal))['2']?.height === 720, 10_000), 'the terminal gets 720p');
  const afterChange = await measure(terminal, '2', 3_000);
  console.log(`# live change: ${before.width}×${before.height} ${before.fps} fps → ${afterChange.width}×${afterChange.height} ${afterChange.fps} fps`);
  assert.deepEqual([before.width, before.height, afterChange.width, afterChange.height], [1920, 1080, 1280, 720]);
  assert.ok(before.fps <= 15 * 1.15 + 1, `text fps ${before.fps}`);
  assert.ok(afterChange.fps > before.fps, `fps did not rise: ${before.fps} → ${afterChange.fps}`);
  const now = await negotiations();
  assert.deepEqual([now.offers, now.remoteDescriptions], [counted.offers, counted.remoteDescriptions], 'no new offer/answer');
  assert.equal((await run('hangUp')).code, 200);
});

test('a bad preset or maximum fires error 400 and keeps the plan in force', async () => {
  const out = await sharer.evaluate(async () => {
    const share = document.querySelector('gs-screen-share')!;
    const errors: number[] = [];
    share.addEventListener('error', (e) => errors.push((e as unknown as CustomEvent<{ code: number }>).detail.code));
    share.quality = 'text';
    await share.updateComplete;
    share.quality = 'ultra';
    await share.updateComplete;
    const afterPreset = { preset: share.qualityPlan.preset, status: share.shadowRoot!.querySelector('[part="status"]')!.textContent };
    share.quality = 'text';
    share.maxFps = -5;
    await share.updateComplete;
    const afterFps = { maxFps: share.qualityPlan.maxFps, status: share.shadowRoot!.querySelector('[part="status"]')!.textContent };
    share.maxFps = 0;
    await share.updateComplete;
    return { errors, afterPreset, afterFps };
  });
  assert.deepEqual(out.errors, [400, 400]);
  assert.equal(out.afterPreset.preset, 'text');
  assert.match(out.afterPreset.status!, /400: .*Unknown quality preset "ultra"/);
  assert.equal(out.afterFps.maxFps, 15);
  assert.match(out.afterFps.status!, /400: .*maxFps must be a positive number/);
});
