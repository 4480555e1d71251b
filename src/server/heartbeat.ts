/**
 * WebSocket liveness (ping/pong), spread over the period. Every connection is pinged once per `periodMs`; one
 * that has not answered (nor sent anything) since its previous ping is terminated at its next turn, so a
 * half-open socket goes within two periods (20 s at the default 10 s; the issue asks for 30 s).
 *
 * The connections are split into up to {@link MAX_HEARTBEAT_SLICES} slices, one pinged per tick of
 * `periodMs / slices` ms, rather than all in one tick: a sweep of 2,000 sockets in one tick (2,000 pings written,
 * then 2,000 pongs read) held the event loop for tens of ms every period, which alone set the relay's p99 at
 * 1,000 paced pairs (28–32 ms; 8 ms with no heartbeat; bench/relay.ts, docs/server.md "Measured").
 */

/** What the heartbeat needs of a connection (connection.ts `Conn`). */
export interface Beating {
  /** Answered the last ping, or sent something since. */
  alive: boolean;
  /** Sends a WebSocket ping; may throw when the socket is closing. */
  ping(): void;
  /** Ends the socket at once, without a closing handshake. */
  terminate(): void;
}

/** Most slices a period is cut into; a tick is never shorter than {@link MIN_HEARTBEAT_TICK_MS}. */
export const MAX_HEARTBEAT_SLICES = 20;
/** Shortest tick, in ms. */
export const MIN_HEARTBEAT_TICK_MS = 50;

export interface HeartbeatOptions<C extends Beating> {
  /** Ping period per connection, in ms (> 0). */
  periodMs: number;
  /** The open connections (read at every tick). */
  connections: Iterable<C>;
  /** Called for a connection terminated for want of a pong, before it is terminated. */
  onDead(conn: C): void;
  /** Called once per period, after the last slice (e.g. to sweep rate-limit tables). */
  onRound?(): void;
}

/** Starts the heartbeat; returns the function that stops it. The timer does not keep the process alive. */
export function startHeartbeat<C extends Beating>(options: HeartbeatOptions<C>): () => void {
  const slices = Math.max(1, Math.min(MAX_HEARTBEAT_SLICES, Math.floor(options.periodMs / MIN_HEARTBEAT_TICK_MS)));
  const slotOf = new WeakMap<C, number>();
  let nextSlot = 0;
  let tick = 0;
  const timer = setInterval(() => {
    const slot = tick;
    tick = (tick + 1) % slices;
    for (const conn of options.connections) {
      let own = slotOf.get(conn);
      if (own === undefined) {
        own = nextSlot;
        nextSlot = (nextSlot + 1) % slices;
        slotOf.set(conn, own);
      }
      if (own !== slot) continue;
      if (!conn.alive) {
        options.onDead(conn);
        conn.terminate();
        continue;
      }
      conn.alive = false;
      try {
        conn.ping();
      } catch {
        // closing already
      }
    }
    if (tick === 0) options.onRound?.();
  }, options.periodMs / slices);
  timer.unref();
  return () => clearInterval(timer);
}
