/**
 * A Lit ReactiveController that samples the outgoing presentation's figures (share-stats.ts) once every
 * `intervalMs` while the session presents or is paused, keeps the last `historyLength` samples (for a sparkline)
 * and hands each sample to `onSample`. It stops polling when nothing is presented and when the host leaves the page.
 * A host that does not draw the samples (`renders: false`) is not re-rendered by them: a render a second while
 * presenting is a cost the sharer page pays for nothing otherwise (docs/performance.md "CPU while presenting").
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../session/session-client.js';
import { readShareStats, type GsStatsDetail, type StatsBaseline } from './share-stats.js';

export interface StatsControllerOptions {
  /** The session whose peer connection is read (it may change: context updates). */
  client: () => SessionClient | undefined;
  /** Poll period in ms; 0 or less = do not poll. Default 1000. */
  intervalMs?: () => number;
  /** Samples kept in `history`. Default 30. */
  historyLength?: number;
  /** Called with each new sample. */
  onSample?: (stats: GsStatsDetail) => void;
  /** Whether the host draws `latest`, `history` or `sending`: only then does a new sample re-render it. Default true. */
  renders?: boolean;
}

export class StatsController implements ReactiveController {
  /** The last sample, or null when nothing is being sent. */
  latest: GsStatsDetail | null = null;
  /** The last samples, oldest first. */
  history: GsStatsDetail[] = [];
  /** True while the session presents (or is paused) on an open connection: figures are coming. */
  sending = false;
  private timer?: ReturnType<typeof setTimeout>;
  private baseline?: StatsBaseline;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: StatsControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.schedule();
  }

  hostDisconnected(): void {
    this.connected = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private get interval(): number {
    return this.options.intervalMs?.() ?? 1000;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.connected) return;
    const interval = this.interval;
    this.timer = setTimeout(() => void this.tick(), interval > 0 ? interval : 1000);
  }

  private update(): void {
    if (this.options.renders !== false) this.host.requestUpdate();
  }

  private async tick(): Promise<void> {
    const client = this.options.client();
    const pc = client?.connection;
    const sending = Boolean(client && pc && pc.connectionState !== 'closed' && (client.state === 'presenting' || client.state === 'paused'));
    if (sending !== this.sending) {
      this.sending = sending;
      this.update();
    }
    if (!sending || !pc || this.interval <= 0) {
      if (this.latest || this.baseline) {
        this.latest = null;
        this.history = [];
        this.baseline = undefined;
        this.update();
      }
      this.schedule();
      return;
    }
    try {
      const read = readShareStats((await pc.getStats()) as never, this.baseline);
      if (read && this.baseline) {
        this.latest = read.stats;
        this.history = [...this.history, read.stats].slice(-(this.options.historyLength ?? 30));
        this.options.onSample?.(read.stats);
        this.update();
      }
      this.baseline = read?.next;
    } catch {
      // The connection closed between the check and getStats: the next tick sees it.
    }
    this.schedule();
  }
}
