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
import { randomBytes } from 'node:crypto';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { TokenVerifier, issueToken, tokenOf } from './auth.js';
import { CloseCode, CloseReason } from './close-codes.js';
import { Cluster } from './cluster.js';
import { type LineBackend, localLines } from './line-backend.js';
import { Conn, type ConnContext } from './connection.js';
import { startHeartbeat } from './heartbeat.js';
import { type ServerStats, createHttpHandler } from './http-handler.js';
import { receive } from './inbound.js';
import { DEFAULT_RATE_LIMITS, IpTable, type RateLimits } from './limits.js';
import { LineRegistry } from './lines.js';
import { type LogOption, type StructuredLogger, defaultLogger, describeError, toStructured } from './log.js';
import { Metrics } from './metrics.js';
import { DEFAULT_RELAY_LIMITS, Relay } from './relay.js';
import { DEFAULT_ROOM_CAPACITY, Rooms } from './rooms.js';
import { SfuRooms, type SfuOptions } from './sfu/sfu-rooms.js';
import { roomRecording } from './sfu/room-recording.js';
import { encodeRoomRecording } from '../protocol/room-codec.js';
import { type Route, offersSubprotocol, routeUpgrade, subprotocolOf } from './routes.js';
import type { TurnOptions } from './turn.js';
import { refuseUpgrade } from './upgrade.js';

export type { ServerStats } from './http-handler.js';
export type { Logger, StructuredLogger } from './log.js';

/** Default `maxPayload`: 64 KiB. */
export const DEFAULT_MAX_PAYLOAD = 64 * 1024;

/** How long close() waits for each socket's closing handshake before terminating it, in ms. */
export const CLOSE_GRACE_MS = 1000;

/** Options of {@link createSignallingServer}; every one is optional (docs/server.md "Configuration"). */
export interface ServerOptions {
  /** Folder served over HTTP GET/HEAD (`/` → index.html). Default: none (other paths 404). */
  staticDir?: string;
  /** Largest accepted WebSocket message, in bytes; a larger one closes the socket with 1009. Default 64 KiB. */
  maxPayload?: number;
  /**
   * Where logs go: a pino (or pino-shaped) logger, or a function of one line that receives warnings and errors
   * only. Default: pino on stderr at `LOG_LEVEL` (default `warn`).
   */
  log?: LogOption;
  /** HS256 secret (≥ 32 bytes): when set, every upgrade needs a token (auth.ts). */
  jwtSecret?: string;
  /** PEM public key (ES256 / RS256 / EdDSA): when set, every upgrade needs a token signed by its private key. */
  jwtPublicKey?: string;
  /** PEM private key used by `POST /tokens` with `jwtPublicKey` (with `jwtSecret`, the secret signs). */
  jwtPrivateKey?: string;
  /** Serve `POST /tokens` (demo only: anyone who reaches the server can get a token). Default false. */
  demoTokens?: boolean;
  /** Origins allowed to open WebSockets (`Origin` header); others get 403. Default: any. A missing Origin passes. */
  allowedOrigins?: string[];
  /** Rate limits (0 = unlimited); defaults in limits.ts {@link DEFAULT_RATE_LIMITS}. */
  rateLimits?: Partial<RateLimits>;
  /** Longest `sdp.data` relayed, in characters. Default 32768. */
  maxSdpBytes?: number;
  /** updateCandidate requests relayed per side per call. Default 100. */
  maxCandidates?: number;
  /** A page or room member that sends no valid request within this many ms is closed 4408. Default 10000; 0 = never. */
  handshakeTimeoutMs?: number;
  /**
   * Ping period per connection, in ms, the pings spread over the period (heartbeat.ts); a socket that has not
   * answered its previous ping is terminated. Default 10000; 0 = off.
   */
  heartbeatIntervalMs?: number;
  /** A client whose unsent data passes this many bytes is dropped with 1013. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Members per room. Default 16. */
  roomCapacity?: number;
  /** TURN credentials for `GET /turn-credentials`; off when undefined. */
  turn?: TurnOptions;
  /** Redis URL: lines span every node that uses the same Redis (cluster.ts). Default: in-memory, one node. */
  redisUrl?: string;
  /** This node's id in a cluster. Default: random. */
  nodeId?: string;
  /** Also export prom-client's default process metrics. Default false. */
  defaultMetrics?: boolean;
  /** SFU mode: rooms' media through Janus (JANUS_URL; src/server/sfu/sfu-rooms.ts); the rooms' capacity is roomCapacity. Default: mesh. */
  sfu?: Omit<SfuOptions, 'capacity'>;
}

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

type Resolved = Required<Omit<ServerOptions, 'staticDir' | 'jwtSecret' | 'jwtPublicKey' | 'jwtPrivateKey' | 'allowedOrigins' | 'turn' | 'redisUrl' | 'rateLimits' | 'log' | 'sfu'>> &
  Pick<ServerOptions, 'staticDir' | 'jwtSecret' | 'jwtPublicKey' | 'jwtPrivateKey' | 'allowedOrigins' | 'turn' | 'redisUrl' | 'sfu'> & {
    rateLimits: RateLimits;
    log: LogOption;
  };

function nonNegativeInt(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`options.${name} must be a non-negative integer`);
}

function positiveInt(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`options.${name} must be a positive integer`);
}

/** Spreads the defaults under `options` and rejects impossible values with a precise TypeError. */
export function resolveOptions(options: ServerOptions): Resolved {
  const merged = {
    maxPayload: DEFAULT_MAX_PAYLOAD,
    demoTokens: false,
    maxSdpBytes: DEFAULT_RELAY_LIMITS.maxSdpBytes,
    maxCandidates: DEFAULT_RELAY_LIMITS.maxCandidates,
    handshakeTimeoutMs: 10_000,
    heartbeatIntervalMs: 10_000,
    maxBufferedBytes: 1024 * 1024,
    roomCapacity: DEFAULT_ROOM_CAPACITY,
    nodeId: randomBytes(4).toString('hex'),
    defaultMetrics: false,
    ...options,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    log: options.log ?? defaultLogger(),
  };
  if (merged.staticDir !== undefined && (typeof merged.staticDir !== 'string' || merged.staticDir === '')) {
    throw new TypeError('options.staticDir must be a non-empty string');
  }
  positiveInt('maxPayload', merged.maxPayload);
  positiveInt('maxSdpBytes', merged.maxSdpBytes);
  positiveInt('maxCandidates', merged.maxCandidates);
  positiveInt('maxBufferedBytes', merged.maxBufferedBytes);
  positiveInt('roomCapacity', merged.roomCapacity);
  nonNegativeInt('handshakeTimeoutMs', merged.handshakeTimeoutMs);
  nonNegativeInt('heartbeatIntervalMs', merged.heartbeatIntervalMs);
  for (const [key, value] of Object.entries(merged.rateLimits)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`options.rateLimits.${key} must be a number ≥ 0`);
  }
  const log = merged.log as unknown;
  if (typeof log !== 'function' && (typeof log !== 'object' || log === null || typeof (log as StructuredLogger).error !== 'function')) {
    throw new TypeError('options.log must be a function or a logger with debug/info/warn/error');
  }
  if (merged.jwtSecret !== undefined && merged.jwtPublicKey !== undefined) {
    throw new TypeError('options.jwtSecret and options.jwtPublicKey cannot both be set');
  }
  if (merged.allowedOrigins !== undefined && (!Array.isArray(merged.allowedOrigins) || merged.allowedOrigins.some((o) => typeof o !== 'string'))) {
    throw new TypeError('options.allowedOrigins must be an array of origins');
  }
  if (merged.turn !== undefined) {
    const { secret, urls } = merged.turn;
    if (typeof secret !== 'string' || secret === '') throw new TypeError('options.turn.secret must be a non-empty string');
    if (!Array.isArray(urls) || urls.length === 0 || urls.some((u) => typeof u !== 'string' || !/^turns?:/.test(u))) {
      throw new TypeError('options.turn.urls must be a non-empty array of turn: or turns: URLs');
    }
  }
  if (typeof merged.nodeId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(merged.nodeId)) {
    throw new TypeError('options.nodeId must be 1-64 of A-Z a-z 0-9 _ -');
  }
  return merged;
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
