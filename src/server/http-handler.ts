/**
 * The plain-HTTP side of the server: `GET /healthz` and, when a folder is configured, static files.
 * Methods other than GET and HEAD → 405 (with `Allow: GET, HEAD`); unknown paths → 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Logger, describeError } from './log.js';
import { serveStatic } from './static-files.js';

/** Counts reported by `/healthz` and `SignallingServer.stats()`. */
export interface ServerStats {
  /** Terminals (devices) online. */
  terminals: number;
  /** Lines held by a page. */
  sessions: number;
  /** Open WebSocket connections, devices and pages. */
  connections: number;
}

/** What the HTTP handler needs from the server. */
export interface HttpHandlerOptions {
  /** Folder served over HTTP, or undefined for no static files. */
  staticDir?: string;
  /** Current counts, for `/healthz`. */
  stats: () => ServerStats;
  /** Receives one line per unexpected error (the request is answered 500 or destroyed). */
  log: Logger;
}

/** Builds the `request` listener: `/healthz` → 200 `{"ok":true,"terminals":n,"sessions":n,"connections":n}`. */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { staticDir, stats, log } = options;
  const fail = (res: ServerResponse, error: unknown): void => {
    log(`http: ${describeError(error)}`);
    if (res.headersSent) res.destroy();
    else {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal Server Error\n');
    }
  };
  return (req, res) => {
    try {
      res.on('error', () => res.destroy());
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Method Not Allowed\n');
        return;
      }
      const pathname = (req.url ?? '/').split(/[?#]/, 1)[0];
      if (pathname === '/healthz') {
        const body = JSON.stringify({ ok: true, ...stats() });
        res.writeHead(200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          'Cache-Control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      if (staticDir === undefined) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Not Found\n');
        return;
      }
      serveStatic(staticDir, req, res).catch((error: unknown) => fail(res, error));
    } catch (error) {
      fail(res, error);
    }
  };
}
