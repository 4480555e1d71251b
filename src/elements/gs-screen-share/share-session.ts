/**
 * The session of `<gs-screen-share>`: what its attributes make of it (the settings the statechart reads, user name,
 * waits in ms, bitrate in kbps, trickle ICE, sent when a session starts and again whenever one changes; the options
 * each call and capture read, ICE configuration, capture constraints, camera, device or browser terminal), and the
 * operations its public methods send (a call first fetches the ICE servers of `ice-servers-url`).
 */
import type { ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../session/session-client.js';
import type { Operation, SessionInput } from '../../session/types.js';
import { displayMediaOptions, type QualityPlan } from '../../session/quality.js';
import { Code, type Result } from '../../protocol/index.js';
import { SessionController, type SessionControllerOptions } from '../internal/session-controller.js';
import type { QualityController } from './quality-controller.js';
import type { IceServersController } from './ice-servers.js';
import type { ShareNotices } from './share-notices.js';
import type { GsResultDetail } from './events.js';

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
function settingsChanged(changed: ReadonlyMap<PropertyKey, unknown>): boolean {
  return SETTINGS.some((key) => changed.has(key));
}

/** The statechart's settings from the element's properties (the bitrate is the quality plan's). */
function sessionSettings(host: SessionSettingsHost, quality: QualityController): SessionInput {
  return {
    userName: host.userName,
    requestTimeoutMs: host.requestTimeout,
    presentTimeoutMs: host.presentTimeout,
    shareRequestTimeoutMs: host.shareRequestTimeout,
    maxBitrateKbps: quality.plan.kbps,
    trickleIce: host.trickleIce,
  };
}

/** What the session needs of the element's other controllers; read lazily, as the element builds them after it. */
export interface ShareSessionParts {
  quality: () => QualityController;
  iceServers: () => IceServersController;
  notices: () => ShareNotices;
}

/** The SessionController's options for the element (src/elements/internal/session-controller.ts). */
function sessionOptions(host: SessionSettingsHost, parts: ShareSessionParts): SessionControllerOptions {
  return {
    input: () => sessionSettings(host, parts.quality()),
    onNotice: (notice) => parts.notices().handle(notice),
    configuration: () => parts.iceServers().configuration(host.rtcConfiguration),
    captureConstraints: () => displayMediaOptions(host.qualityPlan, { audio: host.shareAudio }),
    media: () => ({
      quality: parts.quality().plan,
      camera: host.camera,
      onUnavailable: () => parts.notices().noteUnavailable('camera-unavailable', 'notice.cameraUnavailable'),
      device: host.terminalKind !== 'browser',
      onDeviceCapability: (cap) => parts.quality().setDeviceCap(cap),
    }),
  };
}

/** The element's session (src/elements/internal/session-controller.ts) and the operations its public methods send. */
export class ShareSession {
  private readonly controller: SessionController;

  constructor(
    private readonly host: SessionSettingsHost & ReactiveControllerHost,
    private readonly parts: ShareSessionParts,
  ) {
    this.controller = new SessionController(host, sessionOptions(host, parts));
  }

  /** The running session, while the element is connected. */
  get client(): SessionClient | undefined {
    return this.controller.client;
  }

  /** The current call's peer connection, or null. */
  get connection(): RTCPeerConnection | null {
    return this.controller.connection;
  }

  /** Applies `plan` to the live share of the current call, if any (applyConstraints + setParameters). */
  retune(plan: QualityPlan): Promise<void> {
    return this.controller.retune(plan);
  }

  /** From the element's `willUpdate`: re-resolves the quality, and re-sends the settings when one changed. */
  update(changed: ReadonlyMap<PropertyKey, unknown>): void {
    const qualityChanged = this.parts.quality().settingsChanged(changed);
    if (settingsChanged(changed) || qualityChanged) this.configure();
  }

  /** Sends the element's settings to the running session. */
  configure(): void {
    this.client?.configure(sessionSettings(this.host, this.parts.quality()));
  }

  /** `call()`: the settings now, the ICE servers of `ice-servers-url` (302 when they cannot be had), then CALL. */
  async call(address: string): Promise<Result> {
    const quality = this.parts.quality();
    // Settings assigned just before call() reach the session in willUpdate, a microtask later: send them now.
    quality.update();
    this.configure();
    quality.deviceCap = undefined;
    const fetched = await this.parts.iceServers().fetch();
    if ('error' in fetched) {
      const { error, url } = fetched;
      const failure: GsResultDetail = {
        code: Code.SOCKET_CLOSED,
        message: `ICE servers could not be fetched from ${url}: ${(error as Error)?.message ?? error}`,
        op: 'call',
      };
      this.parts.notices().fail(failure);
      return { code: failure.code, message: failure.message };
    }
    return this.request('call', { type: 'CALL', url: address, userName: this.host.userName });
  }

  /** Sends one operation; 481 when the element is not in a document (no session runs). */
  request(op: Operation, event: Parameters<SessionClient['request']>[1]): Promise<Result> {
    const client = this.client;
    if (!client) return Promise.resolve({ code: Code.NOT_IN_CALL, message: 'The element is not connected to a document' });
    return client.request(op, event);
  }
}
