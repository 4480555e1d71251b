/**
 * The server's configuration from the environment and command-line flags (flags win). docs/server.md
 * "Configuration" has the table. Secrets (JWT_SECRET, JWT_PRIVATE_KEY, TURN_SECRET) come from the environment only,
 * so they never show in `ps`; a `*_FILE` variable names a file to read the value from instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LOG_LEVELS, type LogLevel } from './log.js';
import type { ServerOptions } from './server.js';

/** What main.ts needs: where to listen, the log level and the server's options (without `log`). */
export interface Config {
  port: number;
  host: string;
  logLevel: LogLevel;
  options: Omit<ServerOptions, 'log'>;
}

const flags = {
  port: { type: 'string' },
  host: { type: 'string' },
  'static-dir': { type: 'string' },
  static: { type: 'string' },
  'log-level': { type: 'string' },
  'allowed-origins': { type: 'string' },
  'redis-url': { type: 'string' },
  'node-id': { type: 'string' },
  'max-payload': { type: 'string' },
  'max-sdp-bytes': { type: 'string' },
  'max-candidates': { type: 'string' },
  'handshake-timeout-ms': { type: 'string' },
  'heartbeat-interval-ms': { type: 'string' },
  'max-buffered-bytes': { type: 'string' },
  'room-capacity': { type: 'string' },
  'rate-limit': { type: 'string' },
  'ip-rate-limit': { type: 'string' },
  'turn-urls': { type: 'string' },
  'turn-ttl': { type: 'string' },
  'demo-tokens': { type: 'boolean' },
  'janus-url': { type: 'string' },
  'janus-public-url': { type: 'string' },
  'janus-rec-dir': { type: 'string' },
  'no-rate-limits': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `usage: gs-screen-share-server [flags]   (in the repository: node --import tsx src/server/main.ts)
  --port N                  PORT (default 3000; 0 = any free port)
  --host H                  HOST (default 127.0.0.1, or 0.0.0.0 when JWT_SECRET / JWT_PUBLIC_KEY is set)
  --static DIR              STATIC_DIR: serve this folder's files over HTTP (also --static-dir; default none,
                            in the repository <repo>/dist/demo)
  --log-level L             LOG_LEVEL: fatal|error|warn|info|debug|trace|silent (default info)
  --allowed-origins A,B     ALLOWED_ORIGINS: origins allowed to open WebSockets (default any)
  --redis-url URL           REDIS_URL: share lines with other nodes through Redis (default in-memory)
  --node-id ID              NODE_ID: this node's id in a cluster (default random)
  --max-payload BYTES       MAX_PAYLOAD (default 65536)
  --max-sdp-bytes N         MAX_SDP_BYTES (default 32768)
  --max-candidates N        MAX_CANDIDATES per side per call (default 100)
  --handshake-timeout-ms N  HANDSHAKE_TIMEOUT_MS (default 10000; 0 = off)
  --heartbeat-interval-ms N HEARTBEAT_INTERVAL_MS (default 10000; 0 = off)
  --max-buffered-bytes N    MAX_BUFFERED_BYTES (default 1048576)
  --room-capacity N         ROOM_CAPACITY (default 16)
  --rate-limit R[/B]        RATE_LIMIT: messages/s [burst] per connection (default 50/200)
  --ip-rate-limit R[/B]     IP_RATE_LIMIT: messages/s [burst] per address (default 500/1000)
  --no-rate-limits          NO_RATE_LIMITS=1: all rate limits off (benchmarks)
  --turn-urls U,V           TURN_URLS (with TURN_SECRET in the environment)
  --turn-ttl S              TURN_TTL seconds (default 3600)
  --demo-tokens             DEMO_TOKENS=1: serve POST /tokens
  --janus-url URL           JANUS_URL: SFU mode, rooms' media through Janus at ws://HOST:PORT (default: mesh)
  --janus-public-url URL    JANUS_PUBLIC_URL: the Janus address browsers use (default JANUS_URL)
  --janus-rec-dir DIR       JANUS_REC_DIR: where Janus writes room recordings (default: no recording)
environment only: JWT_SECRET | JWT_PUBLIC_KEY (PEM) [+ JWT_PRIVATE_KEY for POST /tokens], TURN_SECRET,
  JANUS_ADMIN_KEY (the VideoRoom admin_key)
  (each also as *_FILE naming a file that holds it)`;

function int(name: string, raw: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new TypeError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

function rate(name: string, raw: string): [number, number] {
  const [r, b] = raw.split('/');
  const perSecond = int(name, r);
  return [perSecond, b === undefined ? perSecond * 4 : int(name, b)];
}

function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  const value = env[name];
  return value ? value.replace(/\\n/g, '\n') : undefined;
}

const truthy = (v: string | undefined): boolean => v === '1' || v === 'true' || v === 'yes';

/**
 * The address to listen on when HOST is not given: loopback only while the server is open (no access tokens), so an
 * open server is never reachable from the network by accident; every interface once tokens guard it.
 */
export function defaultHost(tokensConfigured: boolean): string {
  return tokensConfigured ? '0.0.0.0' : '127.0.0.1';
}

/**
 * Reads the configuration; throws a TypeError naming the bad setting. `help` → null (print {@link USAGE}).
 * `defaultStaticDir` is served when neither `--static` nor STATIC_DIR is given (none when undefined).
 */
export function readConfig(env: NodeJS.ProcessEnv, argv: string[], defaultStaticDir?: string): Config | null {
  const { values } = parseArgs({ args: argv, options: flags, strict: true, allowPositionals: false });
  if (values.help) return null;
  const get = (flag: keyof typeof flags, variable: string): string | undefined => {
    const v = values[flag] ?? (flag === 'static-dir' ? values.static : undefined);
    if (typeof v === 'string') return v;
    const e = env[variable];
    return e === undefined || e === '' ? undefined : e;
  };
  const options: Omit<ServerOptions, 'log'> = {};
  const port = get('port', 'PORT');
  const logLevel = (get('log-level', 'LOG_LEVEL') ?? 'info') as LogLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new TypeError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const staticDir = get('static-dir', 'STATIC_DIR') ?? defaultStaticDir;
  if (staticDir !== undefined) options.staticDir = path.resolve(staticDir);
  const origins = get('allowed-origins', 'ALLOWED_ORIGINS');
  if (origins) options.allowedOrigins = origins.split(',').map((o) => o.trim()).filter(Boolean);
  const redisUrl = get('redis-url', 'REDIS_URL');
  if (redisUrl) options.redisUrl = redisUrl;
  const nodeId = get('node-id', 'NODE_ID');
  if (nodeId) options.nodeId = nodeId;
  const numbers: [keyof typeof flags, string, keyof ServerOptions][] = [
    ['max-payload', 'MAX_PAYLOAD', 'maxPayload'],
    ['max-sdp-bytes', 'MAX_SDP_BYTES', 'maxSdpBytes'],
    ['max-candidates', 'MAX_CANDIDATES', 'maxCandidates'],
    ['handshake-timeout-ms', 'HANDSHAKE_TIMEOUT_MS', 'handshakeTimeoutMs'],
    ['heartbeat-interval-ms', 'HEARTBEAT_INTERVAL_MS', 'heartbeatIntervalMs'],
    ['max-buffered-bytes', 'MAX_BUFFERED_BYTES', 'maxBufferedBytes'],
    ['room-capacity', 'ROOM_CAPACITY', 'roomCapacity'],
  ];
  for (const [flag, variable, key] of numbers) {
    const raw = get(flag, variable);
    if (raw !== undefined) (options as Record<string, unknown>)[key] = int(variable, raw);
  }
  const rateLimits: ServerOptions['rateLimits'] = {};
  const perConn = get('rate-limit', 'RATE_LIMIT');
  if (perConn) [rateLimits.messagesPerSecond, rateLimits.messageBurst] = rate('RATE_LIMIT', perConn);
  const perIp = get('ip-rate-limit', 'IP_RATE_LIMIT');
  if (perIp) [rateLimits.ipMessagesPerSecond, rateLimits.ipMessageBurst] = rate('IP_RATE_LIMIT', perIp);
  if (values['no-rate-limits'] || truthy(env.NO_RATE_LIMITS)) {
    Object.assign(rateLimits, {
      messagesPerSecond: 0,
      ipMessagesPerSecond: 0,
      ipUpgradesPerSecond: 0,
      maxConnectionsPerIp: 0,
    });
  }
  if (Object.keys(rateLimits).length) options.rateLimits = rateLimits;
  const jwtSecret = secret(env, 'JWT_SECRET');
  const jwtPublicKey = secret(env, 'JWT_PUBLIC_KEY');
  const jwtPrivateKey = secret(env, 'JWT_PRIVATE_KEY');
  if (jwtSecret) options.jwtSecret = jwtSecret;
  if (jwtPublicKey) options.jwtPublicKey = jwtPublicKey;
  if (jwtPrivateKey) options.jwtPrivateKey = jwtPrivateKey;
  if (values['demo-tokens'] || truthy(env.DEMO_TOKENS)) options.demoTokens = true;
  const turnSecret = secret(env, 'TURN_SECRET');
  const turnUrls = get('turn-urls', 'TURN_URLS');
  if (turnSecret || turnUrls) {
    if (!turnSecret || !turnUrls) throw new TypeError('TURN needs both TURN_SECRET and TURN_URLS');
    const ttl = get('turn-ttl', 'TURN_TTL');
    options.turn = {
      secret: turnSecret,
      urls: turnUrls.split(',').map((u) => u.trim()).filter(Boolean),
      ttlSeconds: ttl === undefined ? 3600 : int('TURN_TTL', ttl, 1),
    };
  }
  const janusUrl = get('janus-url', 'JANUS_URL');
  if (janusUrl) {
    if (!/^wss?:\/\//.test(janusUrl)) throw new TypeError(`JANUS_URL must be a ws:// or wss:// address, got ${JSON.stringify(janusUrl)}`);
    const publicUrl = get('janus-public-url', 'JANUS_PUBLIC_URL');
    const recDir = get('janus-rec-dir', 'JANUS_REC_DIR');
    const adminKey = secret(env, 'JANUS_ADMIN_KEY');
    options.sfu = { url: janusUrl, ...(publicUrl ? { publicUrl } : {}), ...(recDir ? { recDir: path.resolve(recDir) } : {}), ...(adminKey ? { adminKey } : {}) };
  }
  options.defaultMetrics = true;
  return {
    port: port === undefined ? 3000 : int('PORT', port, 0, 65535),
    host: get('host', 'HOST') ?? defaultHost(Boolean(jwtSecret || jwtPublicKey)),
    logLevel,
    options,
  };
}
