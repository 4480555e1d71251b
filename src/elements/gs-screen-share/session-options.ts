/**
 * What `<gs-screen-share>`'s attributes make of its session: the settings the statechart reads (user name, waits
 * in ms, bitrate in kbps, trickle ICE), sent when a session starts and again whenever one changes, and the options
 * each call and capture read (ICE configuration, capture constraints, camera, device or browser terminal).
 */
import type { SessionNotice } from '../../session/session-client.js';
import type { SessionInput } from '../../session/types.js';
import { displayMediaOptions, type QualityPlan } from '../../session/quality.js';
import type { SessionControllerOptions } from '../internal/session-controller.js';
import type { QualityController } from './quality-controller.js';
import type { IceServersController } from './ice-servers.js';

/** The element's properties the session reads, as it names them. */
export interface SessionSettingsHost {
  readonly userName: string;
  readonly requestTimeout: number;
  readonly presentTimeout: number;
  readonly shareRequestTimeout: number;
  readonly trickleIce: boolean;
  readonly rtcConfiguration?: RTCConfiguration;
  readonly shareAudio: boolean;
  readonly camera: boolean;
  readonly terminalKind: 'device' | 'browser';
  readonly qualityPlan: QualityPlan;
}

/** The properties that go to the statechart as settings (besides the quality plan's kbps). */
const SETTINGS = ['userName', 'requestTimeout', 'presentTimeout', 'shareRequestTimeout', 'trickleIce'] as const;

/** From the element's `willUpdate`: true when a setting the statechart holds changed. */
export function settingsChanged(changed: ReadonlyMap<PropertyKey, unknown>): boolean {
  return SETTINGS.some((key) => changed.has(key));
}

/** The statechart's settings from the element's properties (the bitrate is the quality plan's). */
export function sessionSettings(host: SessionSettingsHost, quality: QualityController): SessionInput {
  return {
    userName: host.userName,
    requestTimeoutMs: host.requestTimeout,
    presentTimeoutMs: host.presentTimeout,
    shareRequestTimeoutMs: host.shareRequestTimeout,
    maxBitrateKbps: quality.plan.kbps,
    trickleIce: host.trickleIce,
  };
}

/** What the session needs besides the element's properties; read lazily, as the element builds them after it. */
export interface SessionParts {
  quality: () => QualityController;
  iceServers: () => IceServersController;
  onNotice: (notice: SessionNotice) => void;
  onCameraUnavailable: () => void;
}

/** The SessionController's options for the element (src/elements/internal/session-controller.ts). */
export function sessionOptions(host: SessionSettingsHost, parts: SessionParts): SessionControllerOptions {
  return {
    input: () => sessionSettings(host, parts.quality()),
    onNotice: parts.onNotice,
    configuration: () => parts.iceServers().configuration(host.rtcConfiguration),
    captureConstraints: () => displayMediaOptions(host.qualityPlan, { audio: host.shareAudio }),
    media: () => ({
      quality: parts.quality().plan,
      camera: host.camera,
      onUnavailable: parts.onCameraUnavailable,
      device: host.terminalKind !== 'browser',
      onDeviceCapability: (cap) => parts.quality().setDeviceCap(cap),
    }),
  };
}
