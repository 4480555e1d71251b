/**
 * One accepted WebSocket and what the server tracks about it: its kind and line/room, its client address, its
 * rate-limit bucket, liveness (ping/pong), whether it has sent a valid request yet (handshake timeout) and a bounded
 * send queue: a client whose unsent data passes `maxBufferedBytes` is dropped (close 1013, then terminated after a
 * grace period) rather than letting its queue grow or slow anyone else.
 */
import { WebSocket } from 'ws';
import { CloseCode, CloseReason } from './close-codes.js';
import { type IpTable, TokenBucket } from './limits.js';
import type { Metrics } from './metrics.js';
import type { Role } from './routes.js';

/** Something the relay can send text to and close: a local connection, or one on another node (cluster.ts). */
export interface Peer {
  /** Unique among all nodes: `<node>:<n>`. */
  readonly key: string;
  /**
   * Sends one text message; never throws. `bytes`, when given, is `text` already UTF-8 encoded (a frame relayed as
   * it came): a local socket sends those bytes as the text frame instead of encoding `text` again.
   */
  send(text: string, bytes?: Uint8Array): void;
  /** Closes with `code` and `reason`; never throws; a second call does nothing. */
  close(code: number, reason: string): void;
}

/** What every connection shares with its server. */
export interface ConnContext {
  metrics: Metrics;
  ips: IpTable;
  messagesPerSecond: number;
  messageBurst: number;
  maxBufferedBytes: number;
  /** How long a closing slow reader or a shut-down socket gets before it is terminated, in ms. */
  graceMs: number;
}

export class Conn implements Peer {
  /** Answered the last ping (or sent something since). */
  alive = true;
  /** Has sent a valid request (handshake done). */
  greeted = false;
  /** The claims of the token it connected with (auth.ts), or null on an open server. */
  claims: Record<string, unknown> | null = null;
  /** The media path a room member asked for (`?media=mesh|sfu` on its URL), if any. */
  media: 'mesh' | 'sfu' | undefined;
  private readonly bucket: TokenBucket;
  private closing = false;

  constructor(
    readonly ws: WebSocket,
    readonly key: string,
    readonly role: Role,
    /** The terminal id or room name from the URL. */
    readonly id: string,
    readonly ip: string,
    private readonly ctx: ConnContext,
  ) {
    this.bucket = new TokenBucket(ctx.messagesPerSecond, ctx.messageBurst);
  }

  send(text: string, bytes?: Uint8Array): void {
    const ws = this.ws;
    if (ws.readyState !== WebSocket.OPEN || this.closing) return;
    if (ws.bufferedAmount > this.ctx.maxBufferedBytes) {
      this.close(CloseCode.SLOW_READER, CloseReason.SLOW_READER);
      return;
    }
    try {
      if (bytes) ws.send(bytes, { binary: false });
      else ws.send(text);
    } catch {
      // The socket raced to closed; its close handler does the clean-up.
    }
  }

  close(code: number, reason: string): void {
    const ws = this.ws;
    if (this.closing || ws.readyState === WebSocket.CLOSING || ws.readyState === WebSocket.CLOSED) return;
    this.closing = true;
    this.ctx.metrics.closedConnection(code);
    try {
      ws.close(code, reason);
    } catch {
      ws.terminate();
      return;
    }
    // A reader that does not read never completes the closing handshake: do not wait for it forever.
    const timer = setTimeout(() => ws.terminate(), this.ctx.graceMs);
    timer.unref();
    ws.once('close', () => clearTimeout(timer));
  }

  /** Sends a WebSocket ping (the heartbeat; heartbeat.ts). Throws when the socket is closing. */
  ping(): void {
    this.ws.ping();
  }

  /** Ends the socket at once, without a closing handshake (half-open sockets). */
  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }

  /**
   * Counts one received message against the connection's and its address's rate limits; when one is over,
   * closes the socket with 1008 and returns false.
   */
  admitMessage(): boolean {
    this.alive = true;
    const now = performance.now(); // one clock read for both buckets
    if (!this.bucket.take(now)) {
      this.ctx.metrics.rejectedFrame('rate_limited');
      this.close(CloseCode.POLICY, CloseReason.RATE_LIMIT);
      return false;
    }
    if (!this.ctx.ips.message(this.ip, now)) {
      this.ctx.metrics.rejectedFrame('rate_limited');
      this.close(CloseCode.POLICY, CloseReason.IP_RATE_LIMIT);
      return false;
    }
    return true;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN && !this.closing;
  }
}
