/**
 * The gs-screen-share signalling server: one HTTP server that answers `/healthz`, `/metrics`, optionally
 * `/turn-credentials`, `POST /tokens` and the demo files, and upgrades `/terminals/<id>/device` (a terminal),
 * `/terminals/<id>` (a page; both `gs-webrtc-json`, PROTOCOL.md "Transport") and `/rooms/<name>` (a room member,
 * `gs-room-json`) to WebSockets. Lines are relayed by the rules in relay.ts, rooms by rooms.ts; with `redisUrl`,
 * lines span several nodes (cluster.ts). docs/server.md describes options, limits, close codes and routes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { TokenVerifier, issueToken, tokenOf } from './auth.js';
import { CloseCode, CloseReason } from './close-codes.js';
import { Cluster } from './cluster.js';
import { type LineBackend, localLines } from './line-backend.js';
import { Conn, type ConnContext } from './connection.js';
import { startHeartbeat } from './heartbeat.js';
import { type ServerStats, createHttpHandler } from './http-handler.js';
import { receive } from './inbound.js';
import { IpTable } from './limits.js';
import { LineRegistry } from './lines.js';
import { describeError, toStructured } from './log.js';
import { Metrics } from './metrics.js';
import { Relay } from './relay.js';
import { Rooms } from './rooms.js';
import { SfuRooms } from './sfu/sfu-rooms.js';
import { roomRecording } from './sfu/room-recording.js';
import { encodeRoomRecording } from '../protocol/room-codec.js';
import { type Route, offersSubprotocol, routeUpgrade, subprotocolOf } from './routes.js';
import { refuseUpgrade } from './upgrade.js';
import { type ServerOptions, resolveOptions } from './options.js';

export type { ServerStats } from './http-handler.js';
export type { Logger, StructuredLogger } from './log.js';

export { DEFAULT_MAX_PAYLOAD, type ServerOptions } from './options.js';

/** How long close() waits for each socket's closing handshake before terminating it, in ms. */
export const CLOSE_GRACE_MS = 1000;

/** A running (or not yet listening) signalling server. */
export interface SignallingServer {
  /**
   * Starts listening on `port` (default 0 = an ephemeral port) and `host` (default: every interface);
   * resolves the bound port. Rejects on a listen error (e.g. EADDRINUSE) or after close().
   */
  listen(port?: number, host?: string): Promise<number>;
  /**
   * Refuses new upgrades (503), closes every WebSocket with 1001 "server shutting down" (terminating any that do
   * not finish the closing handshake within {@link CLOSE_GRACE_MS}), leaves the cluster, closes the HTTP server and
   * its idle connections. Safe to call more than once: every call returns the same promise. Afterwards stats() is all 0.
   */
  close(): Promise<void>;
  /** Current counts on this node. */
  stats(): ServerStats & { rooms: number; members: number };
  /** The metrics registry (prom-client). */
  readonly metrics: Metrics;
  /** This node's id. */
  readonly nodeId: string;
  /** Resolves when the server is ready (connected to Redis when clustered). */
  readonly ready: Promise<void>;
  /** The underlying HTTP server (for tests and embedding). */
  readonly httpServer: http.Server;
  /** The Janus rooms in SFU mode, else null. */
  readonly sfu: SfuRooms | null;
}

/** Resolves when `ws` has closed, terminating it if the closing handshake takes longer than `graceMs`. */
function settle(ws: WebSocket, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const timer = setTimeout(() => ws.terminate(), graceMs);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Creates the signalling server (not yet listening). Upgrades are refused with 404 (unknown path),
 * 400 (bad id, or the sub-protocol not offered), 403 (Origin not allowed), 429 (too many connections from the
 * address), 401 (token missing or invalid, when tokens are on) or 503 (closing); accepted sockets select their
 * sub-protocol. Throws a TypeError for an invalid option.
 */
export function createSignallingServer(options: ServerOptions = {}): SignallingServer {
  const config = resolveOptions(options);
  const log = toStructured(config.log);
  const nodeId = config.nodeId;
  const verifier =
    config.jwtSecret !== undefined || config.jwtPublicKey !== undefined
      ? new TokenVerifier({ secret: config.jwtSecret, publicKey: config.jwtPublicKey })
      : null;
  const allowedOrigins = config.allowedOrigins ? new Set(config.allowedOrigins.map((o) => o.replace(/\/$/, ''))) : null;
  const conns = new Set<Conn>();
  const lines = new LineRegistry();
  const connectionCounts = () => {
    const c = { device: 0, page: 0, room: 0 };
    for (const conn of conns) c[conn.role] += 1;
    return c;
  };
  let rooms: Rooms;
  const metrics = new Metrics(
    {
      connections: connectionCounts,
      terminals: () => lines.terminals,
      busy: () => lines.sessions,
      rooms: () => rooms.size,
      members: () => rooms.members,
    },
    config.defaultMetrics,
  );
  rooms = new Rooms(metrics, config.roomCapacity);
  const sfu = config.sfu
    ? new SfuRooms({
        onLost: (reason) => log.warn({ reason }, 'Janus session lost'),
        onRecording: (name, recording) => rooms.broadcast(name, encodeRoomRecording(recording)),
        ...config.sfu,
        capacity: config.roomCapacity,
      })
    : null;
  if (sfu) rooms.useMedia(sfu);
  rooms.useModeOf((peer) => (peer as Conn).media);
  const recording = sfu?.recordingsDir ? roomRecording({ sfu, verifier, log }) : null;
  if (recording) rooms.useRecorder(recording.recorder);
  const relay = new Relay(lines, metrics, { maxSdpBytes: config.maxSdpBytes, maxCandidates: config.maxCandidates });
  const backend: LineBackend = config.redisUrl
    ? new Cluster({ url: config.redisUrl, nodeId, relay, lines, rooms, metrics, log })
    : localLines(relay);
  const ips = new IpTable(config.rateLimits);
  const ctx: ConnContext = {
    metrics,
    ips,
    messagesPerSecond: config.rateLimits.messagesPerSecond,
    messageBurst: config.rateLimits.messageBurst,
    maxBufferedBytes: config.maxBufferedBytes,
    graceMs: CLOSE_GRACE_MS,
  };
  let seq = 0;
  let closed = false;
  let closing: Promise<void> | undefined;

  const stats = () => ({
    terminals: lines.terminals,
    sessions: lines.sessions,
    connections: conns.size,
    rooms: rooms.size,
    members: rooms.members,
  });

  if (!verifier) log.info({}, 'no JWT_SECRET or JWT_PUBLIC_KEY: the server is open, any client may connect to any line or room');

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxPayload,
    clientTracking: false,
    perMessageDeflate: false,
    handleProtocols: (protocols, req) => {
      const route = routeUpgrade(req.url);
      const wanted = route.kind === 'ok' ? subprotocolOf(route.role) : '';
      return protocols.has(wanted) ? wanted : false;
    },
  });

  const issue = config.demoTokens
    ? (request: { terminal?: string; room?: string; role: 'page' | 'terminal'; ttlSeconds: number; record?: boolean }) => {
        if (config.jwtSecret !== undefined) return issueToken({ secret: config.jwtSecret, ...request });
        if (config.jwtPrivateKey !== undefined) return issueToken({ privateKey: config.jwtPrivateKey, ...request });
        return Promise.reject(new Error('POST /tokens needs jwtSecret or jwtPrivateKey'));
      }
    : undefined;
  if (config.demoTokens && config.jwtSecret === undefined && config.jwtPrivateKey === undefined) {
    throw new TypeError('options.demoTokens needs options.jwtSecret or options.jwtPrivateKey');
  }

  const httpServer = http.createServer(
    createHttpHandler({
      staticDir: config.staticDir,
      health: () => ({ ...stats(), node: nodeId }),
      readiness: () => {
        const redis = backend.connected;
        return { ready: !closed && redis !== false, draining: closed, ...(redis === undefined ? {} : { redis }), node: nodeId };
      },
      metrics,
      issue,
      turn: config.turn,
      checkToken: verifier
        ? (req) => verifier.verifyAny(tokenOf(req.url, req.headers.authorization))
        : undefined,
      ...(recording ? { recordings: recording.route } : {}),
      log,
    }),
  );
  httpServer.on('error', (error) => log.error({ error: describeError(error) }, 'http server error'));
  httpServer.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const guard = (context: string, conn: Conn, fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      log.error({ error: describeError(error), conn: conn.key, role: conn.role, id: conn.id }, context);
      conn.close(CloseCode.INTERNAL_ERROR, CloseReason.INTERNAL);
    }
  };

  const onMessage = (conn: Conn, data: RawData, isBinary: boolean): void => {
    if (!conn.admitMessage()) return;
    if (conn.role === 'room') {
      if (rooms.receive(conn, conn.id, data, isBinary)) conn.greeted = true;
      return;
    }
    const frame = receive(conn, data, isBinary, metrics);
    if (!frame) return;
    conn.greeted = true;
    if (conn.role === 'device') backend.deviceFrame(conn, frame);
    else backend.pageFrame(conn, frame);
  };

  const onClose = (conn: Conn): void => {
    if (conn.role === 'room') rooms.leave(conn, 'closed');
    else if (conn.role === 'device') backend.deviceClosed(conn);
    else backend.pageClosed(conn);
  };

  const onConnection = (ws: WebSocket, route: Extract<Route, { kind: 'ok' }>, ip: string, claims: Record<string, unknown> | null, media: string | null): void => {
    const conn = new Conn(ws, `${nodeId}-${++seq}`, route.role, route.id, ip, ctx);
    conn.claims = claims;
    if (media === 'mesh' || media === 'sfu') conn.media = media;
    ws.on('error', (error) => log.debug({ conn: conn.key, error: error.message }, 'socket error'));
    conns.add(conn);
    ips.opened(ip);
    let handshake: NodeJS.Timeout | undefined;
    ws.on('close', (code) => {
      conns.delete(conn);
      ips.closed(ip);
      clearTimeout(handshake);
      log.debug({ conn: conn.key, role: conn.role, id: conn.id, code }, 'closed');
      guard('close handler failed', conn, () => onClose(conn));
    });
    if (closed) {
      conn.close(CloseCode.GOING_AWAY, CloseReason.SHUTDOWN);
      return;
    }
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => guard('message handler failed', conn, () => onMessage(conn, data, isBinary)));
    if (route.role !== 'device' && config.handshakeTimeoutMs > 0) {
      handshake = setTimeout(() => {
        if (!conn.greeted) conn.close(CloseCode.HANDSHAKE_TIMEOUT, CloseReason.HANDSHAKE_TIMEOUT);
      }, config.handshakeTimeoutMs);
      handshake.unref();
    }
    log.debug({ conn: conn.key, role: conn.role, id: conn.id, ip }, 'connected');
    if (route.role === 'device') backend.deviceOpened(conn);
  };

  const refuse = (socket: Duplex, status: number, message?: string): void => {
    metrics.refusedUpgrade(status);
    refuseUpgrade(socket, status, message);
  };

  const upgrade = async (req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    if (closed) return refuse(socket, 503, 'server shutting down');
    const route = routeUpgrade(req.url);
    if (route.kind === 'not-found') return refuse(socket, 404);
    if (route.kind === 'bad-id') return refuse(socket, 400, 'terminal id or room name must be 1-64 of A-Z a-z 0-9 _ -');
    const origin = req.headers.origin;
    if (allowedOrigins && origin !== undefined && !allowedOrigins.has(origin)) return refuse(socket, 403, 'origin not allowed');
    if (!offersSubprotocol(req.headers, route.role)) return refuse(socket, 400, `sub-protocol ${subprotocolOf(route.role)} required`);
    const ip = req.socket.remoteAddress ?? 'unknown';
    const tooMany = ips.admit(ip);
    if (tooMany) return refuse(socket, 429, tooMany);
    let claims: Record<string, unknown> | null = null;
    if (verifier) {
      const verdict = await verifier.verify(tokenOf(req.url, req.headers.authorization), {
        kind: route.role === 'room' ? 'room' : 'terminal',
        name: route.id,
        role: route.role === 'device' ? 'terminal' : 'page',
      });
      if (!verdict.ok) {
        log.info({ ip, path: req.url?.split('?', 1)[0], reason: verdict.reason }, 'upgrade refused: 401');
        return refuse(socket, 401, verdict.reason);
      }
      claims = verdict.claims;
      if (socket.destroyed) return;
      if (closed) return refuse(socket, 503, 'server shutting down');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        onConnection(ws, route, ip, claims, new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('media'));
      } catch (error) {
        log.error({ error: describeError(error) }, 'connection setup failed');
        ws.terminate();
      }
    });
  };

  httpServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    upgrade(req, socket, head).catch((error: unknown) => {
      log.error({ error: describeError(error) }, 'upgrade failed');
      socket.destroy();
    });
  });

  const stopHeartbeat =
    config.heartbeatIntervalMs > 0
      ? startHeartbeat({
          periodMs: config.heartbeatIntervalMs,
          connections: conns,
          onDead: (conn) => {
            log.info({ conn: conn.key, role: conn.role, id: conn.id }, 'no pong: terminated');
            metrics.closedConnection(1006);
          },
          onRound: () => ips.sweep(),
        })
      : undefined;

  const ready = backend.start();
  ready.catch(() => {}); // reported through listen()

  const shutdown = async (): Promise<void> => {
    closed = true;
    stopHeartbeat?.();
    const open = [...conns];
    for (const conn of open) conn.close(CloseCode.GOING_AWAY, CloseReason.SHUTDOWN);
    await Promise.all(open.map((conn) => settle(conn.ws, CLOSE_GRACE_MS)));
    await backend.stop();
    await sfu?.close();
    lines.clear();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    if (httpServer.listening) {
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    }
  };

  return {
    httpServer,
    sfu,
    metrics,
    nodeId,
    ready,
    stats,
    close: () => (closing ??= shutdown()),
    async listen(port = 0, host?: string): Promise<number> {
      if (closed) throw new Error('the signalling server is closed');
      await ready;
      return new Promise((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        httpServer.once('error', onError);
        const onListening = (): void => {
          httpServer.off('error', onError);
          resolve((httpServer.address() as AddressInfo).port);
        };
        if (host === undefined) httpServer.listen(port, onListening);
        else httpServer.listen(port, host, onListening);
      });
    },
  };
}
