/**
 * How room signalling travels (seed 004, web-to-app): the room client only needs something that sends and
 * receives gs-room-json text frames. `WebSocketTransport` talks to the server directly; `PostMessageTransport`
 * hands the frames to a host (an iframe's parent page, or an app's web-view host) over a MessagePort, and the host
 * carries them, e.g. with {@link bridgePostMessageToWebSocket}.
 *
 * Port messages (both ways), all `{ gsRoom: <kind>, … }`:
 * - page → host, through `window.postMessage` with the port transferred: `{ gsRoom: 'connect', room }`;
 * - page → host on the port: `{ gsRoom: 'send', text }`, `{ gsRoom: 'close' }`;
 * - host → page on the port: `{ gsRoom: 'open' }`, `{ gsRoom: 'message', text }`, `{ gsRoom: 'close', code, reason }`.
 */

/** Sub-protocol of room connections (docs/server.md "Rooms"). */
export const ROOM_SUBPROTOCOL = 'gs-room-json';

/** A bidirectional carrier of gs-room-json text frames. */
export interface RoomTransport {
  /** Resolves once frames can be sent; rejects when the carrier cannot open. */
  readonly ready: Promise<void>;
  /** Sends one frame (a JSON text). Dropped once closed. */
  send(text: string): void;
  /** Called with each frame received. */
  onmessage: ((text: string) => void) | null;
  /** Called once when the carrier closes (either side), with a WebSocket close code and reason. */
  onclose: ((code: number, reason: string) => void) | null;
  /** Closes the carrier; safe to call twice. */
  close(): void;
}

/** Makes a transport for a room name; the room client calls it on join. */
export type TransportFactory = (room: string) => RoomTransport;

/** Signalling straight over a WebSocket to `ws://HOST:PORT/rooms/<name>`. */
export class WebSocketTransport implements RoomTransport {
  readonly ready: Promise<void>;
  onmessage: ((text: string) => void) | null = null;
  onclose: ((code: number, reason: string) => void) | null = null;
  private readonly socket: WebSocket;
  private closed = false;

  constructor(url: string) {
    this.socket = new WebSocket(url, ROOM_SUBPROTOCOL);
    this.ready = new Promise((resolve, reject) => {
      this.socket.addEventListener('open', () => resolve(), { once: true });
      this.socket.addEventListener('close', (e) => reject(new Error(`WebSocket closed (${e.code})`)), { once: true });
    });
    this.ready.catch(() => {});
    this.socket.addEventListener('message', (e) => {
      if (typeof e.data === 'string') this.onmessage?.(e.data);
    });
    this.socket.addEventListener('close', (e) => this.finish(e.code, e.reason));
  }

  send(text: string): void {
    if (!this.closed && this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
  }

  close(): void {
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, 'left');
    this.finish(1000, 'closed by the page');
  }

  private finish(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.(code, reason);
  }
}

/** A port message of the postMessage transport. */
export type PortMessage =
  | { gsRoom: 'open' }
  | { gsRoom: 'message'; text: string }
  | { gsRoom: 'send'; text: string }
  | { gsRoom: 'close'; code?: number; reason?: string };

/**
 * Signalling carried by a host page or app: on creation it posts `{ gsRoom: 'connect', room }` to `target`
 * (default `window.parent`) with a MessagePort, and then exchanges frames on that port.
 */
export class PostMessageTransport implements RoomTransport {
  readonly ready: Promise<void>;
  onmessage: ((text: string) => void) | null = null;
  onclose: ((code: number, reason: string) => void) | null = null;
  private readonly port: MessagePort;
  private closed = false;

  /**
   * @param room - The room name the host should connect to.
   * @param target - The window that carries the signalling (default `window.parent`).
   * @param targetOrigin - The host's origin for postMessage (default `'*'`; set it when the host is known).
   * @param openTimeoutMs - How long to wait for the host's `open`, in ms (default 10000).
   */
  constructor(room: string, target: Window = window.parent, targetOrigin = '*', openTimeoutMs = 10_000) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('the host did not open the signalling'));
        this.finish(1006, 'no host');
      }, openTimeoutMs);
      this.port.onmessage = (e: MessageEvent<PortMessage>) => {
        const m = e.data;
        if (!m || typeof m !== 'object') return;
        if (m.gsRoom === 'open') {
          clearTimeout(timer);
          resolve();
        } else if (m.gsRoom === 'message' && typeof m.text === 'string') this.onmessage?.(m.text);
        else if (m.gsRoom === 'close') {
          clearTimeout(timer);
          reject(new Error(`host closed the signalling (${m.code ?? 1006})`));
          this.finish(m.code ?? 1006, m.reason ?? '');
        }
      };
    });
    this.ready.catch(() => {});
    target.postMessage({ gsRoom: 'connect', room }, targetOrigin, [channel.port2]);
  }

  send(text: string): void {
    if (!this.closed) this.port.postMessage({ gsRoom: 'send', text } satisfies PortMessage);
  }

  close(): void {
    if (!this.closed) this.port.postMessage({ gsRoom: 'close' } satisfies PortMessage);
    this.finish(1000, 'closed by the page');
  }

  private finish(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.(code, reason);
    this.port.close();
  }
}

/**
 * Host side of {@link PostMessageTransport}: for every `connect` posted by `frame`'s window, opens a WebSocket to
 * `url(room)` and relays frames both ways until either side closes. Returns a function that stops listening and
 * closes every socket it opened.
 * @param frame - The iframe (or window) whose page uses the postMessage transport; messages from others are ignored.
 * @param url - The room's WebSocket address for a room name, e.g. `(room) => roomAddress(location.origin, room)`.
 */
export function bridgePostMessageToWebSocket(frame: HTMLIFrameElement | Window, url: (room: string) => string): () => void {
  const sockets = new Set<WebSocket>();
  const source = () => (frame instanceof Window ? frame : frame.contentWindow);
  const onMessage = (event: MessageEvent) => {
    const data = event.data as { gsRoom?: string; room?: unknown } | null;
    if (event.source !== source() || !data || data.gsRoom !== 'connect' || typeof data.room !== 'string') return;
    const port = event.ports[0];
    if (!port) return;
    const socket = new WebSocket(url(data.room), ROOM_SUBPROTOCOL);
    sockets.add(socket);
    socket.onopen = () => port.postMessage({ gsRoom: 'open' } satisfies PortMessage);
    socket.onmessage = (e) => {
      if (typeof e.data === 'string') port.postMessage({ gsRoom: 'message', text: e.data } satisfies PortMessage);
    };
    socket.onclose = (e) => {
      sockets.delete(socket);
      port.postMessage({ gsRoom: 'close', code: e.code, reason: e.reason } satisfies PortMessage);
      port.close();
    };
    port.onmessage = (e: MessageEvent<PortMessage>) => {
      const m = e.data;
      if (m?.gsRoom === 'send' && typeof m.text === 'string' && socket.readyState === WebSocket.OPEN) socket.send(m.text);
      else if (m?.gsRoom === 'close') socket.close(1000, 'closed by the page');
    };
  };
  window.addEventListener('message', onMessage);
  return () => {
    window.removeEventListener('message', onMessage);
    for (const socket of sockets) socket.close(1001, 'host gone');
    sockets.clear();
  };
}
