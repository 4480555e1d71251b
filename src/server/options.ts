/**
 * The signalling server's options: their shapes and defaults (docs/server.md "Configuration"), and the check that
 * turns an impossible value into a precise TypeError before anything listens.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './limits.js';
import { type LogOption, type StructuredLogger, defaultLogger } from './log.js';
import { DEFAULT_RELAY_LIMITS } from './relay.js';
import { DEFAULT_ROOM_CAPACITY } from './rooms.js';
import type { SfuOptions } from './sfu/sfu-rooms.js';
import type { TurnOptions } from './turn.js';

/** Default `maxPayload`: 64 KiB. */
export const DEFAULT_MAX_PAYLOAD = 64 * 1024;

/** Options of createSignallingServer (server.ts); every one is optional (docs/server.md "Configuration"). */
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

/** The options with their defaults filled in, as {@link resolveOptions} returns them. */
export type Resolved = Required<Omit<ServerOptions, 'staticDir' | 'jwtSecret' | 'jwtPublicKey' | 'jwtPrivateKey' | 'allowedOrigins' | 'turn' | 'redisUrl' | 'rateLimits' | 'log' | 'sfu'>> &
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
