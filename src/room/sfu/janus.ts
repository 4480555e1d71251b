/**
 * A small client of the Janus JSON API over WebSocket (sub-protocol `janus-protocol`; Janus docs "The Janus API"
 * and "WebSockets"), shared by the browser (the SFU media of `<gs-room>`) and our server (the rooms' admin,
 * src/server/sfu/). It speaks what janus.js speaks, and only that much: `create` a session, `attach` a plugin
 * handle, `message` (with a `jsep` offer/answer), `trickle`, `keepalive`, `detach`, `destroy`.
 *
 * Replies: a synchronous plugin request answers `success` with `plugindata.data`; an asynchronous one answers
 * `ack`, then an `event` with the same transaction. Events without a pending transaction go to the handle's
 * `onevent`. `hangup`, `webrtcup` and `media` go to its `onstate`.
 */

/** The part of a WebSocket this client needs (the browser's WebSocket and `ws` both fit). */
export interface JanusSocket {
  readonly readyState: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((e: unknown) => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  onclose: ((e: { code: number; reason: string }) => void) | null;
  onerror: ((e: unknown) => void) | null;
}

export type JanusSocketFactory = (url: string, protocol: string) => JanusSocket;

/** The WebSocket sub-protocol of the Janus API. */
export const JANUS_SUBPROTOCOL = 'janus-protocol';
/** Keep-alive period, in ms (Janus ends an idle session after `session_timeout`: 30 s in janus/janus.jcfg). */
export const JANUS_KEEPALIVE_MS = 15_000;
/** Longest wait for a Janus reply, in ms. */
export const JANUS_REQUEST_TIMEOUT_MS = 10_000;

/** A Janus or plugin error: `code` is Janus's own (e.g. 433 unauthorized, 426 no such room in the VideoRoom). */
export class JanusError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'JanusError';
  }
}

/** A session description in the Janus API's `jsep` field. */
export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}

type Json = Record<string, unknown>;

interface Waiter {
  resolve(m: Json): void;
  reject(e: Error): void;
  /** Resolve on `ack` too (requests that get no event, e.g. trickle). */
  ackIsEnough: boolean;
  timer: ReturnType<typeof setTimeout>;
}

let counter = 0;
const transactionId = () => `t${Date.now().toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** A plugin handle: one RTCPeerConnection's worth of signalling in Janus. */
export class JanusHandle {
  /** Unsolicited plugin events (`plugindata.data`) with their `jsep`, if any. */
  onevent: ((data: Json, jsep?: Jsep) => void) | null = null;
  /** `webrtcup`, `hangup` (with reason), `media` (with type and receiving), `slowlink`, `trickle` (Janus's candidate). */
  onstate: ((kind: string, message: Json) => void) | null = null;

  constructor(
    private readonly session: JanusSession,
    readonly id: number,
  ) {}

  /** A synchronous plugin request (create, destroy, allowed, exists, listparticipants…): resolves `plugindata.data`. */
  async request(body: Json): Promise<Json> {
    const m = await this.session.send({ janus: 'message', handle_id: this.id, body });
    return dataOf(m);
  }

  /** An asynchronous plugin request (join, publish, configure, start, update…): resolves its event's data and jsep. */
  async message(body: Json, jsep?: Jsep): Promise<{ data: Json; jsep?: Jsep }> {
    const m = await this.session.send({ janus: 'message', handle_id: this.id, body, ...(jsep ? { jsep } : {}) });
    return { data: dataOf(m), jsep: m.jsep as Jsep | undefined };
  }

  /** Sends our ICE candidate (null: gathering complete). */
  trickle(candidate: RTCIceCandidateInit | null): void {
    const body = candidate && candidate.candidate ? { candidate } : { candidate: { completed: true } };
    void this.session.send({ janus: 'trickle', handle_id: this.id, ...body }, true).catch(() => {});
  }

  /** Detaches the handle (Janus hangs up its PeerConnection). */
  async detach(): Promise<void> {
    this.session.forget(this.id);
    await this.session.send({ janus: 'detach', handle_id: this.id }, true).catch(() => {});
  }

  /** @internal */
  deliver(m: Json): void {
    const kind = m.janus as string;
    if (kind === 'event') {
      this.onevent?.(dataOf(m), m.jsep as Jsep | undefined);
    } else if (kind === 'webrtcup' || kind === 'hangup' || kind === 'media' || kind === 'slowlink' || kind === 'detached' || kind === 'trickle') {
      this.onstate?.(kind, m);
    }
  }
}

function dataOf(m: Json): Json {
  const pd = m.plugindata as { data?: Json } | undefined;
  const data = pd?.data ?? {};
  if (typeof data.error_code === 'number') throw new JanusError(data.error_code, String(data.error ?? 'plugin error'));
  return data;
}

/** One Janus session on one WebSocket. */
export class JanusSession {
  /** Called once when the socket closes or the session is lost (Janus stopped, killed, or unreachable). */
  onclose: ((reason: string) => void) | null = null;
  id = 0;
  private readonly waiters = new Map<string, Waiter>();
  private readonly handles = new Map<number, JanusHandle>();
  private keepalive: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  private constructor(
    private readonly socket: JanusSocket,
    private readonly timeoutMs: number,
  ) {}

  /** Opens the WebSocket to `url` and creates a session. Rejects when Janus cannot be reached or refuses. */
  static async open(url: string, factory: JanusSocketFactory, options: { timeoutMs?: number; keepaliveMs?: number } = {}): Promise<JanusSession> {
    const socket = factory(url, JANUS_SUBPROTOCOL);
    const session = new JanusSession(socket, options.timeoutMs ?? JANUS_REQUEST_TIMEOUT_MS);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no WebSocket to ${url} in ${session.timeoutMs} ms`)), session.timeoutMs);
      socket.onopen = () => {
        clearTimeout(timer);
        resolve();
      };
      socket.onerror = () => {};
      socket.onclose = (e) => {
        clearTimeout(timer);
        reject(new Error(`WebSocket to ${url} closed (${e.code})`));
        session.lost(`WebSocket closed (${e.code})`);
      };
    });
    socket.onclose = (e) => session.lost(`WebSocket closed (${e.code}${e.reason ? ` ${e.reason}` : ''})`);
    socket.onmessage = (e) => session.receive(typeof e.data === 'string' ? e.data : String(e.data));
    const created = await session.send({ janus: 'create' });
    session.id = (created.data as { id: number }).id;
    session.keepalive = setInterval(() => void session.send({ janus: 'keepalive' }, true).catch(() => {}), options.keepaliveMs ?? JANUS_KEEPALIVE_MS);
    return session;
  }

  /** Attaches a handle to `plugin` (default the VideoRoom). */
  async attach(plugin = 'janus.plugin.videoroom'): Promise<JanusHandle> {
    const m = await this.send({ janus: 'attach', plugin });
    const handle = new JanusHandle(this, (m.data as { id: number }).id);
    this.handles.set(handle.id, handle);
    return handle;
  }

  /** True until the session is lost or closed. */
  get open(): boolean {
    return !this.closed;
  }

  /** Destroys the session and closes the socket; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.send({ janus: 'destroy' }, true).catch(() => {});
    this.finish();
    this.socket.close(1000, 'done');
  }

  /** @internal */
  forget(handleId: number): void {
    this.handles.delete(handleId);
  }

  /** @internal Sends one request; resolves its `success`/`event` (or `ack` when `ackIsEnough`). */
  send(request: Json, ackIsEnough = false): Promise<Json> {
    if (this.closed) return Promise.reject(new JanusError(0, 'Janus session closed'));
    const transaction = transactionId();
    return new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(transaction);
        reject(new JanusError(408, `no Janus reply to ${String(request.janus)} in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiters.set(transaction, { resolve, reject, ackIsEnough, timer });
      this.socket.send(JSON.stringify({ ...request, transaction, ...(this.id ? { session_id: this.id } : {}) }));
    });
  }

  private receive(text: string): void {
    let m: Json;
    try {
      m = JSON.parse(text) as Json;
    } catch {
      return;
    }
    const kind = m.janus;
    const transaction = typeof m.transaction === 'string' ? m.transaction : '';
    const waiter = transaction ? this.waiters.get(transaction) : undefined;
    if (waiter && (kind !== 'ack' || waiter.ackIsEnough)) {
      this.waiters.delete(transaction);
      clearTimeout(waiter.timer);
      if (kind === 'error') {
        const error = m.error as { code?: number; reason?: string } | undefined;
        waiter.reject(new JanusError(error?.code ?? 0, error?.reason ?? 'Janus error'));
      } else waiter.resolve(m);
      return;
    }
    if (kind === 'ack' || waiter) return;
    if (kind === 'timeout') {
      this.lost('session timed out');
      return;
    }
    const handle = this.handles.get(m.sender as number);
    handle?.deliver(m);
  }

  private lost(reason: string): void {
    if (this.closed) return;
    this.finish(reason);
    this.onclose?.(reason);
  }

  private finish(reason = 'closed'): void {
    this.closed = true;
    clearInterval(this.keepalive);
    for (const w of this.waiters.values()) {
      clearTimeout(w.timer);
      w.reject(new JanusError(0, `Janus session ${reason}`));
    }
    this.waiters.clear();
    this.handles.clear();
  }
}
