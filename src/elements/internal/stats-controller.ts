/**
 * A Lit ReactiveController that samples the outgoing presentation's figures (share-stats.ts) once every
 * `intervalMs` while the session presents or is paused, keeps the last `historyLength` samples (for a sparkline)
 * and hands each sample to `onSample`. It stops polling when nothing is presented and when the host leaves the page.
 *
 * Every controller of one session at one period shares one poller: `<gs-screen-share show-stats>` (its `stats`
 * event) and the `<gs-share-stats>` panel inside it read getStats once a period between them, not once each.
 * A host that does not draw the samples (`renders: false`) is not re-rendered by them: a render a second while
 * presenting is a cost the sharer page pays for nothing otherwise (docs/performance.md "CPU while presenting").
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../session/session-client.js';
import { readShareStats, type GsStatsDetail, type StatsBaseline } from './share-stats.js';

/** Default poll period, in ms. */
export const DEFAULT_STATS_INTERVAL_MS = 1000;
/** Default number of samples kept for the sparkline. */
export const DEFAULT_STATS_HISTORY = 30;

export interface StatsControllerOptions {
  /** The session whose peer connection is read (it may change: context updates). */
  client: () => SessionClient | undefined;
  /** Poll period in ms; 0 or less = do not poll. Default {@link DEFAULT_STATS_INTERVAL_MS}. */
  intervalMs?: () => number;
  /** Samples kept in `history`. Default {@link DEFAULT_STATS_HISTORY}. */
  historyLength?: number;
  /** Called with each new sample. */
  onSample?: (stats: GsStatsDetail) => void;
  /** Whether the host draws `latest`, `history` or `sending`: only then does a new sample re-render it. Default true. */
  renders?: boolean;
}

/** What a poller tells the controllers that share it. */
interface Subscriber {
  changed(): void;
  sample(stats: GsStatsDetail): void;
}

/** One session's getStats loop at one period, shared by every controller that asks for the same. */
class SharedPoller {
  latest: GsStatsDetail | null = null;
  sending = false;
  private readonly subscribers = new Set<Subscriber>();
  private timer?: ReturnType<typeof setTimeout>;
  private baseline?: StatsBaseline;

  constructor(
    private readonly client: SessionClient,
    private readonly intervalMs: number,
    private readonly release: () => void,
  ) {}

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    if (this.subscribers.size === 1) this.schedule();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size > 0) return;
      clearTimeout(this.timer);
      this.timer = undefined;
      this.release();
    };
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private changed(): void {
    for (const s of [...this.subscribers]) s.changed();
  }

  private async tick(): Promise<void> {
    const pc = this.client.connection;
    const sending = Boolean(pc && pc.connectionState !== 'closed' && (this.client.state === 'presenting' || this.client.state === 'paused'));
    if (sending !== this.sending) {
      this.sending = sending;
      this.changed();
    }
    if (!sending || !pc) {
      if (this.latest || this.baseline) {
        this.latest = null;
        this.baseline = undefined;
        this.changed();
      }
      this.schedule();
      return;
    }
    try {
      const read = readShareStats((await pc.getStats()) as never, this.baseline);
      if (read && this.baseline) {
        this.latest = read.stats;
        for (const s of [...this.subscribers]) s.sample(read.stats);
      }
      this.baseline = read?.next;
    } catch {
      // The connection closed between the check and getStats: the next tick sees it.
    }
    if (this.subscribers.size > 0) this.schedule();
  }
}

const pollers = new WeakMap<SessionClient, Map<number, SharedPoller>>();

function pollerFor(client: SessionClient, intervalMs: number): SharedPoller {
  let byPeriod = pollers.get(client);
  if (!byPeriod) pollers.set(client, (byPeriod = new Map()));
  let poller = byPeriod.get(intervalMs);
  if (!poller) {
    const periods = byPeriod;
    poller = new SharedPoller(client, intervalMs, () => periods.delete(intervalMs));
    byPeriod.set(intervalMs, poller);
  }
  return poller;
}

export class StatsController implements ReactiveController {
  /** The last sample, or null when nothing is being sent. */
  latest: GsStatsDetail | null = null;
  /** The last samples, oldest first. */
  history: GsStatsDetail[] = [];
  /** True while the session presents (or is paused) on an open connection: figures are coming. */
  sending = false;
  private connected = false;
  private subscribed?: { client: SessionClient; intervalMs: number; poller: SharedPoller; unsubscribe: () => void };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: StatsControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.follow();
  }

  /** The session (context) or the period may have changed with this update: follow them. */
  hostUpdated(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.follow();
  }

  private follow(): void {
    const client = this.connected ? this.options.client() : undefined;
    const intervalMs = this.options.intervalMs?.() ?? DEFAULT_STATS_INTERVAL_MS;
    const wanted = client && intervalMs > 0 ? { client, intervalMs } : undefined;
    if (wanted && this.subscribed && this.subscribed.client === wanted.client && this.subscribed.intervalMs === wanted.intervalMs) return;
    this.subscribed?.unsubscribe();
    this.subscribed = undefined;
    if (!wanted) return this.show(null, false);
    const poller = pollerFor(wanted.client, wanted.intervalMs);
    const unsubscribe = poller.subscribe({
      changed: () => this.show(poller.latest, poller.sending),
      sample: (stats) => {
        this.history = [...this.history, stats].slice(-(this.options.historyLength ?? DEFAULT_STATS_HISTORY));
        this.latest = stats;
        this.options.onSample?.(stats);
        this.update();
      },
    });
    this.subscribed = { ...wanted, poller, unsubscribe };
    this.show(poller.latest, poller.sending);
  }

  private show(latest: GsStatsDetail | null, sending: boolean): void {
    if (latest === this.latest && sending === this.sending) return;
    this.latest = latest;
    this.sending = sending;
    if (!latest) this.history = [];
    this.update();
  }

  private update(): void {
    if (this.options.renders !== false) this.host.requestUpdate();
  }
}
