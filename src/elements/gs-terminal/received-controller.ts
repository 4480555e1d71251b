/**
 * The received-media reading of `<gs-terminal>`: while a call is up, the call's inbound-rtp stats (resolution, fps,
 * kbps per medium, src/terminal/received-stats.ts) are read each second and the host re-renders; without a call,
 * or once the host leaves the page, the timer stops and the reading is forgotten.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { readReceived, type ReceivedStats } from '../../terminal/received-stats.js';

/** What the controller reads from: the call's peer connection and the mids of its m-lines. */
export interface ReceivedSource {
  readonly connection: RTCPeerConnection | null;
  readonly mediaMids: { audio?: string; main?: string; slides?: string };
}

/** How often the received line is sampled, in ms. */
export const RECEIVED_INTERVAL_MS = 1000;

export class ReceivedController implements ReactiveController {
  /** The last reading, null without a call. */
  received: ReceivedStats | null = null;
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => ReceivedSource | null,
  ) {
    host.addController(this);
  }

  /** Samples each second while `inCall` and there is a peer connection; stops and forgets otherwise. */
  follow(inCall: boolean): void {
    if (!inCall || !this.source()?.connection) {
      this.halt();
      this.received = null;
      return;
    }
    if (this.timer) return;
    this.timer = setInterval(async () => {
      const source = this.source();
      const current = source?.connection;
      if (!source || !current || current.connectionState === 'closed') return;
      this.received = await readReceived(current, source.mediaMids, this.received ?? undefined);
      this.host.requestUpdate();
    }, RECEIVED_INTERVAL_MS);
  }

  hostDisconnected(): void {
    this.halt();
  }

  private halt(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
