/**
 * Share quality: the presets of `<gs-screen-share quality="…">` and how one preset plus explicit maximums map to
 * what the browser is asked for: getDisplayMedia constraints, the slides sender's encoding
 * (maxBitrate, maxFramerate, scaleResolutionDownBy, degradationPreference), the track's contentHint, and the
 * kbps written as b=AS / b=TIAS on the video m-lines (PROTOCOL.md "SDP conventions").
 *
 * Pure: no browser API, so Node tests it (test/unit/quality.test.ts). Bad input throws a {@link QualityError}
 * with code 400 (`Code.BAD_REQUEST`, "Bad request parameters"): the code table has no 3xx for a bad local
 * setting, and 400 is the table's code for malformed parameters, so a host's bad attribute reads like a bad request.
 */
import { Code } from '../protocol/index.js';

/** The preset names. */
export type QualityPreset = 'text' | 'balanced' | 'motion';

/** `MediaStreamTrack.contentHint` values for video this module uses. */
export type VideoContentHint = 'detail' | 'motion';

/** `RTCRtpSendParameters.degradationPreference` values this module uses. */
export type DegradationPreference = 'maintain-resolution' | 'maintain-framerate' | 'balanced';

/** One preset's figures. */
export interface QualityPresetSpec {
  /** Largest width sent, in px. */
  maxWidth: number;
  /** Largest height sent, in px. */
  maxHeight: number;
  /** Lowest frame rate the preset aims to keep, in fps (informative: getDisplayMedia rejects `min`). */
  minFps: number;
  /** Highest frame rate asked of the capture and the encoder, in fps. */
  maxFps: number;
  /** Maximum video bitrate, in kbps. */
  kbps: number;
  /** The track's contentHint: `detail` keeps text sharp, `motion` keeps video smooth. */
  contentHint: VideoContentHint;
  /** What the encoder gives up first under CPU or bandwidth pressure. */
  degradationPreference: DegradationPreference;
}

/**
 * The presets. `text` (the default): slides and documents, sharp text, 1080p max at 5–15 fps, 1500 kbps.
 * `balanced`: 1080p at 30 fps, 2500 kbps. `motion`: video playback, 720p at 30–60 fps, 2500 kbps, frame rate first.
 */
export const QUALITY_PRESETS: Readonly<Record<QualityPreset, Readonly<QualityPresetSpec>>> = {
  text: { maxWidth: 1920, maxHeight: 1080, minFps: 5, maxFps: 15, kbps: 1500, contentHint: 'detail', degradationPreference: 'maintain-resolution' },
  balanced: { maxWidth: 1920, maxHeight: 1080, minFps: 24, maxFps: 30, kbps: 2500, contentHint: 'detail', degradationPreference: 'balanced' },
  motion: { maxWidth: 1280, maxHeight: 720, minFps: 30, maxFps: 60, kbps: 2500, contentHint: 'motion', degradationPreference: 'maintain-framerate' },
};

/** The preset used when none is given. */
export const DEFAULT_QUALITY_PRESET: QualityPreset = 'text';

/** What a host asks for: a preset and optional explicit maximums (undefined or 0 = the preset's figure). */
export interface QualityRequest {
  /** Preset name; undefined or '' = {@link DEFAULT_QUALITY_PRESET}. */
  preset?: string;
  /** Largest width, in px. */
  maxWidth?: number;
  /** Largest height, in px. */
  maxHeight?: number;
  /** Highest frame rate, in fps. */
  maxFps?: number;
  /** Maximum bitrate, in kbps. */
  maxKbps?: number;
}

/** A resolved plan: the preset's figures with the explicit maximums applied. */
export interface QualityPlan extends QualityPresetSpec {
  preset: QualityPreset;
  /**
   * The device's capability from its first answer (DEVICE.md: H.264 level → size, `a=framerate` → fps), when it
   * capped this plan ({@link capByDevice}); absent when the terminal stated none.
   */
  deviceCap?: { level: string; width: number; height: number; fps?: number };
}

/**
 * A plan capped by what the device can show, as the original does (its capability becomes getDisplayMedia's
 * ideal and max, webrtc.api.js:167-183): size and frame rate are the lower of the plan's and the device's
 * (level 1f + `a=framerate:30` → at most 1280×720 at 30 fps). No capability → the plan as it is.
 */
export function capByDevice(plan: QualityPlan, cap: QualityPlan['deviceCap']): QualityPlan {
  if (!cap) return plan;
  const maxFps = cap.fps ? Math.min(plan.maxFps, cap.fps) : plan.maxFps;
  return {
    ...plan,
    maxWidth: Math.min(plan.maxWidth, cap.width),
    maxHeight: Math.min(plan.maxHeight, cap.height),
    maxFps,
    minFps: Math.min(plan.minFps, maxFps),
    deviceCap: { ...cap },
  };
}

/** A bad quality setting: `code` is 400 (see the module comment), `field` names the setting. */
export class QualityError extends Error {
  readonly code = Code.BAD_REQUEST;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'QualityError';
  }
}

/** True when `name` is a preset name. */
export function isQualityPreset(name: unknown): name is QualityPreset {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(QUALITY_PRESETS, name);
}

function positive(field: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === 0) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new QualityError(field, `${field} must be a positive number or 0 for the preset's value, not ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/** Resolves a request into a plan. Throws {@link QualityError} (code 400) for an unknown preset or a bad maximum. */
export function resolveQuality(request: QualityRequest = {}): QualityPlan {
  const name = request.preset || DEFAULT_QUALITY_PRESET;
  if (!isQualityPreset(name)) {
    throw new QualityError('preset', `Unknown quality preset ${JSON.stringify(name)}; use one of ${Object.keys(QUALITY_PRESETS).join(', ')}`);
  }
  const spec = QUALITY_PRESETS[name];
  const maxFps = positive('maxFps', request.maxFps, spec.maxFps);
  return {
    ...spec,
    preset: name,
    maxWidth: Math.round(positive('maxWidth', request.maxWidth, spec.maxWidth)),
    maxHeight: Math.round(positive('maxHeight', request.maxHeight, spec.maxHeight)),
    maxFps,
    minFps: Math.min(spec.minFps, maxFps),
    kbps: positive('maxKbps', request.maxKbps, spec.kbps),
  };
}

/** Audio options of a share. */
export interface ShareAudioOptions {
  /** Ask getDisplayMedia for tab / system audio. */
  audio?: boolean;
}

/**
 * getDisplayMedia options for a plan: size and frame rate as `max` (and frame rate `ideal`, as getDisplayMedia
 * rejects `min` and `exact`); with audio, `systemAudio: 'include'`, `suppressLocalAudioPlayback` and
 * `restrictOwnAudio` (browsers ignore the ones they do not know).
 */
export function displayMediaOptions(plan: QualityPlan, options: ShareAudioOptions = {}): Record<string, unknown> {
  // A device's capability is also the ideal, as the original asks (webrtc.api.js:167-183).
  const video = plan.deviceCap
    ? {
        width: { ideal: plan.maxWidth, max: plan.maxWidth },
        height: { ideal: plan.maxHeight, max: plan.maxHeight },
        frameRate: { ideal: plan.maxFps, max: plan.maxFps },
      }
    : {
        width: { max: plan.maxWidth },
        height: { max: plan.maxHeight },
        frameRate: { ideal: plan.maxFps, max: plan.maxFps },
      };
  if (!options.audio) return { video, audio: false };
  return {
    video,
    audio: { suppressLocalAudioPlayback: true, restrictOwnAudio: true, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    systemAudio: 'include',
  };
}

/** The constraints `applyConstraints` gets on a live screen track when the plan changes. */
export function trackConstraints(plan: QualityPlan): Record<string, unknown> {
  return { width: { max: plan.maxWidth }, height: { max: plan.maxHeight }, frameRate: { ideal: plan.maxFps, max: plan.maxFps } };
}

/**
 * How far the encoder scales a `width`×`height` source down to fit the plan (≥ 1; 1 = no scaling). Unknown
 * source size → 1.
 */
export function scaleDownBy(plan: QualityPlan, width?: number, height?: number): number {
  if (!width || !height) return 1;
  return Math.max(1, width / plan.maxWidth, height / plan.maxHeight);
}

/** The encoding fields a plan sets on the slides sender, for a source of `width`×`height`. */
export function encodingOf(plan: QualityPlan, width?: number, height?: number): { maxBitrate: number; maxFramerate: number; scaleResolutionDownBy: number } {
  return { maxBitrate: Math.round(plan.kbps * 1000), maxFramerate: plan.maxFps, scaleResolutionDownBy: scaleDownBy(plan, width, height) };
}
