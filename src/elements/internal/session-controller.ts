/**
 * A Lit ReactiveController that runs one session for its host: it starts a fresh session actor when the host
 * is connected and stops it when the host is disconnected (removing the tag closes the socket and the peer
 * connection and stops the capture), and re-renders the host on every state change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SessionClient, type SessionNotice } from '../../session/session-client.js';
import { createBrowserSessionMachine } from '../../session/browser-session.js';
import type { CaptureInput, SessionInput } from '../../session/types.js';
import type { BrowserSessionOptions } from '../../session/browser-session.js';
import type { QualityPlan } from '../../session/quality.js';

export interface SessionControllerOptions {
  /** Settings read when a session starts. */
  input: () => SessionInput;
  /** RTCPeerConnection configuration read when each call starts (ICE servers, relay policy). */
  configuration?: () => RTCConfiguration | undefined;
  /** Called for every result, call end and state change. */
  onNotice: (notice: SessionNotice) => void;
  /** getDisplayMedia options read when each capture starts (quality, audio). */
  captureConstraints?: () => CaptureInput['constraints'];
  /** Peer options read when each call starts (quality plan, camera, unavailable-medium callback). */
  media?: () => Pick<NonNullable<ReturnType<NonNullable<BrowserSessionOptions['media']>>>, 'quality' | 'camera' | 'onUnavailable' | 'device' | 'onDeviceCapability'>;
}

export class SessionController implements ReactiveController {
  /** The running session, while the host is connected. */
  client?: SessionClient;
  /** The current call's peer connection (for stats and tests), or null. */
  connection: RTCPeerConnection | null = null;
  /** Applies a quality plan to the current call's live share (no renegotiation); null without a call. */
  private tune: ((plan: QualityPlan) => Promise<void>) | null = null;
  private unlisten?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: SessionControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const machine = createBrowserSessionMachine({
      onConnection: (pc) => {
        this.connection = pc;
        if (this.client) this.client.connection = pc;
      },
      configuration: () => this.options.configuration?.(),
      captureConstraints: () => this.options.captureConstraints?.(),
      media: () => ({ ...this.options.media?.(), onTuner: (tune) => (this.tune = tune) }),
    });
    this.client = new SessionClient(machine, this.options.input());
    this.unlisten = this.client.listen((notice) => {
      this.options.onNotice(notice);
      this.host.requestUpdate();
    });
    this.client.start();
  }

  /** Applies `plan` to the live share of the current call, if any (applyConstraints + setParameters). */
  retune(plan: QualityPlan): Promise<void> {
    if (!this.connection || this.connection.connectionState === 'closed' || !this.tune) return Promise.resolve();
    return this.tune(plan);
  }

  hostDisconnected(): void {
    this.unlisten?.();
    this.client?.stop();
    this.client = undefined;
  }
}
