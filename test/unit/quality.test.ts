import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  QUALITY_PRESETS,
  capByDevice,
  QualityError,
  displayMediaOptions,
  encodingOf,
  resolveQuality,
  scaleDownBy,
  trackConstraints,
} from '../../src/session/quality.js';

test('the default is the text preset: sharp text (detail, maintain-resolution), 1080p max, 15 fps, 1500 kbps', () => {
  const plan = resolveQuality();
  assert.equal(plan.preset, 'text');
  assert.deepEqual(
    [plan.maxWidth, plan.maxHeight, plan.minFps, plan.maxFps, plan.kbps, plan.contentHint, plan.degradationPreference],
    [1920, 1080, 5, 15, 1500, 'detail', 'maintain-resolution'],
  );
  assert.deepEqual(resolveQuality({ preset: '' }), plan);
});

test('balanced is 1080p at 30 fps; motion is 720p at up to 60 fps with contentHint motion and maintain-framerate', () => {
  const balanced = resolveQuality({ preset: 'balanced' });
  assert.deepEqual([balanced.maxWidth, balanced.maxHeight, balanced.maxFps, balanced.kbps], [1920, 1080, 30, 2500]);
  const motion = resolveQuality({ preset: 'motion' });
  assert.deepEqual(
    [motion.maxWidth, motion.maxHeight, motion.minFps, motion.maxFps, motion.contentHint, motion.degradationPreference],
    [1280, 720, 30, 60, 'motion', 'maintain-framerate'],
  );
});

test('explicit maximums replace the preset figures; 0 and undefined keep them', () => {
  const plan = resolveQuality({ preset: 'balanced', maxWidth: 640, maxHeight: 360, maxFps: 10, maxKbps: 300 });
  assert.deepEqual([plan.maxWidth, plan.maxHeight, plan.maxFps, plan.minFps, plan.kbps], [640, 360, 10, 10, 300]);
  assert.deepEqual(resolveQuality({ preset: 'motion', maxWidth: 0, maxKbps: undefined }), resolveQuality({ preset: 'motion' }));
});

test('an unknown preset is a QualityError with code 400 naming the presets', () => {
  assert.throws(
    () => resolveQuality({ preset: 'ultra' }),
    (e: unknown) => e instanceof QualityError && e.code === 400 && e.field === 'preset' && /text, balanced, motion/.test(e.message),
  );
});

test('negative, NaN, infinite or non-numeric maximums are QualityErrors with code 400 naming the field', () => {
  const bad: [string, unknown][] = [
    ['maxWidth', -1],
    ['maxHeight', Number.NaN],
    ['maxFps', Number.POSITIVE_INFINITY],
    ['maxKbps', '500'],
  ];
  for (const [field, value] of bad) {
    assert.throws(
      () => resolveQuality({ [field]: value } as never),
      (e: unknown) => e instanceof QualityError && e.code === 400 && e.field === field && e.message.startsWith(field),
      `${field} = ${String(value)}`,
    );
  }
});

test('getDisplayMedia options: max size and frame rate, no min/exact; audio asks for system audio without local playback', () => {
  const plan = resolveQuality({ preset: 'motion' });
  assert.deepEqual(displayMediaOptions(plan), {
    video: { width: { max: 1280 }, height: { max: 720 }, frameRate: { ideal: 60, max: 60 } },
    audio: false,
  });
  const withAudio = displayMediaOptions(plan, { audio: true }) as { audio: Record<string, unknown>; systemAudio: string };
  assert.equal(withAudio.systemAudio, 'include');
  assert.equal(withAudio.audio.suppressLocalAudioPlayback, true);
  assert.equal(withAudio.audio.restrictOwnAudio, true);
  assert.doesNotMatch(JSON.stringify(displayMediaOptions(plan, { audio: true })), /"min"|"exact"/);
  assert.deepEqual(trackConstraints(plan), displayMediaOptions(plan).video);
});

test('encodings: maxBitrate in bps, maxFramerate, and scaleResolutionDownBy fitting the source into the maximums', () => {
  const text = resolveQuality();
  assert.deepEqual(encodingOf(text, 1920, 1080), { maxBitrate: 1_500_000, maxFramerate: 15, scaleResolutionDownBy: 1 });
  const motion = resolveQuality({ preset: 'motion' });
  assert.equal(scaleDownBy(motion, 1920, 1080), 1.5);
  assert.equal(scaleDownBy(motion, 1280, 720), 1);
  assert.equal(scaleDownBy(motion, 640, 480), 1);
  assert.equal(scaleDownBy(motion, 1280, 1024), 1024 / 720);
  assert.equal(scaleDownBy(motion), 1);
});

test('every preset is internally consistent', () => {
  for (const [name, spec] of Object.entries(QUALITY_PRESETS)) {
    assert.ok(spec.minFps <= spec.maxFps && spec.kbps > 0 && spec.maxWidth > spec.maxHeight, name);
  }
});

test('a device capability caps the plan: the lower of the two wins, and shows in the plan', () => {
  const cap = { level: '1f', width: 1280, height: 720, fps: 30 };
  const balanced = capByDevice(resolveQuality({ preset: 'balanced' }), cap);
  assert.deepEqual([balanced.maxWidth, balanced.maxHeight, balanced.maxFps], [1280, 720, 30]);
  assert.deepEqual(balanced.deviceCap, cap);
  // text asks 15 fps: it stays 15; a device at 10 fps brings it to 10 and minFps with it.
  assert.equal(capByDevice(resolveQuality({ preset: 'text' }), cap).maxFps, 15);
  const slow = capByDevice(resolveQuality({ preset: 'motion' }), { level: '28', width: 1920, height: 1080, fps: 10 });
  assert.deepEqual([slow.maxWidth, slow.maxHeight, slow.maxFps, slow.minFps], [1280, 720, 10, 10]);
  assert.deepEqual(capByDevice(resolveQuality(), undefined), resolveQuality());
  // getDisplayMedia asks the device's figures as ideal and max.
  assert.deepEqual(displayMediaOptions(balanced).video, {
    width: { ideal: 1280, max: 1280 },
    height: { ideal: 720, max: 720 },
    frameRate: { ideal: 30, max: 30 },
  });
});
