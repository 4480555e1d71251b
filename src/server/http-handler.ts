/**
 * The plain-HTTP side of the server (docs/server.md "HTTP routes"):
 * - `GET /healthz` → 200 `{ ok, terminals, sessions, connections, rooms, members, node }` while the process answers
 *   (liveness);
 * - `GET /readyz` → 200 `{ ready: true, … }` when the server takes new connections, else 503 `{ ready: false, … }`:
 *   while it drains (close() under way) or while Redis, when configured, is unreachable (readiness);
 * - `GET /metrics` → Prometheus text (prom-client);
 * - `GET /turn-credentials` → `{ iceServers, ttl }` when TURN is configured (else 404); with tokens on, it needs a
 *   valid token (any target, any role) in `?token=` or `Authorization: Bearer`, else 401;
 * - `POST /tokens` (only with `demoTokens`) → `{ token, expiresAt }` for a JSON body `{ terminal | room, role, ttl?, record? }`;
 * - `GET /recordings/<room>[/<file>]` (SFU mode with recordings): the room's playable recordings (src/server/sfu/recordings-route.ts);
 * - static files from a folder, when one is configured.
 * Other methods → 405 (with `Allow`); unknown paths → 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TERMINAL_ID_PATTERN } from '../protocol/index.js';
import { type StructuredLogger, describeError } from './log.js';
import type { Metrics } from './metrics.js';
import { serveStatic } from './static-files.js';
import { type TurnOptions, turnCredentials } from './turn.js';

/** Counts reported by `/healthz` and `SignallingServer.stats()`. */
export interface ServerStats {
  /** Terminals (devices) online on this node. */
  terminals: number;
  /** Lines held by a page on this node. */
  sessions: number;
  /** Open WebSocket connections on this node: devices, pages and room members. */
  connections: number;
}

/** What the HTTP handler needs from the server. */
export interface HttpHandlerOptions {
  /** Folder served over HTTP, or undefined for no static files. */
  staticDir?: string;
  /** Current counts, for `/healthz`. */
  health: () => Record<string, unknown>;
  /** For `/readyz`: whether new connections are taken now, and why not (`draining`, `redis`). */
  readiness?: () => { ready: boolean } & Record<string, unknown>;
  metrics: Metrics;
  /** Issues a demo token (`POST /tokens`), or undefined when the route is off. */
  issue?: (request: { terminal?: string; room?: string; role: 'page' | 'terminal'; ttlSeconds: number; record?: boolean }) => Promise<{ token: string; expiresAt: number }>;
  /** TURN settings for `/turn-credentials`, or undefined (404). */
  turn?: TurnOptions;
  /** Checks a token for `/turn-credentials` when tokens are on (resolves true when valid), or undefined (open). */
  checkToken?: (req: IncomingMessage) => Promise<boolean>;
  /** Serves `GET /recordings/…` when recordings are on (resolves once answered), or undefined (404). */
  recordings?: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;
  log: StructuredLogger;
}

/** Longest `POST /tokens` body, in bytes. */
export const MAX_TOKEN_REQUEST_BYTES = 4096;
/** Longest lifetime `POST /tokens` grants, in seconds. */
export const MAX_DEMO_TOKEN_TTL = 3600;

/** Answers `value` as JSON (no body for HEAD), never cached. */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Builds the `request` listener. */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { staticDir, health, readiness, metrics, issue, turn, checkToken, recordings, log } = options;
  const fail = (res: ServerResponse, error: unknown): void => {
    log.error({ error: describeError(error) }, 'http handler failed');
    if (res.headersSent) res.destroy();
    else sendText(res, 500, 'Internal Server Error');
  };

  const tokens = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req, MAX_TOKEN_REQUEST_BYTES);
    if (text === null) return sendJson(req, res, 413, { error: 'body too large' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return sendJson(req, res, 400, { error: 'body must be a JSON object' });
    }
    const { terminal, room, role } = body;
    const ttl = body.ttl === undefined ? MAX_DEMO_TOKEN_TTL : body.ttl;
    const target = terminal ?? room;
    if ((terminal === undefined) === (room === undefined) || typeof target !== 'string' || !TERMINAL_ID_PATTERN.test(target)) {
      return sendJson(req, res, 400, { error: 'give one of terminal and room: 1-64 of A-Z a-z 0-9 _ -' });
    }
    if (role !== 'page' && role !== 'terminal') return sendJson(req, res, 400, { error: 'role must be page or terminal' });
    if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl <= 0 || ttl > MAX_DEMO_TOKEN_TTL) {
      return sendJson(req, res, 400, { error: `ttl must be an integer from 1 to ${MAX_DEMO_TOKEN_TTL}` });
    }
    const issued = await issue!({
      terminal: terminal as string | undefined,
      room: room as string | undefined,
      role,
      ttlSeconds: ttl,
      ...(body.record === true && room !== undefined ? { record: true } : {}),
    });
    sendJson(req, res, 200, issued);
  };

  const turnRoute = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (checkToken && !(await checkToken(req))) return sendJson(req, res, 401, { error: 'a valid token is required' });
    sendJson(req, res, 200, turnCredentials(turn!));
  };

  return (req, res) => {
    try {
      res.on('error', () => res.destroy());
      const pathname = (req.url ?? '/').split(/[?#]/, 1)[0];
      if (pathname === '/tokens' && issue) {
        if (req.method !== 'POST') return sendText(res, 405, 'Method Not Allowed', { Allow: 'POST' });
        tokens(req, res).catch((error: unknown) => fail(res, error));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendText(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      }
      if (pathname === '/healthz') return sendJson(req, res, 200, { ok: true, ...health() });
      if (pathname === '/readyz') {
        const state = readiness?.() ?? { ready: true };
        return sendJson(req, res, state.ready ? 200 : 503, state);
      }
      if (pathname === '/metrics') {
        metrics.text().then((text) => {
          res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
          res.end(req.method === 'HEAD' ? undefined : text);
        }, (error: unknown) => fail(res, error));
        return;
      }
      if (pathname === '/turn-credentials' && turn) {
        turnRoute(req, res).catch((error: unknown) => fail(res, error));
        return;
      }
      if (recordings && (pathname === '/recordings' || pathname.startsWith('/recordings/'))) {
        recordings(req, res, pathname).catch((error: unknown) => fail(res, error));
        return;
      }
      if (staticDir === undefined) return sendText(res, 404, 'Not Found');
      serveStatic(staticDir, req, res).catch((error: unknown) => fail(res, error));
    } catch (error) {
      fail(res, error);
    }
  };
}
