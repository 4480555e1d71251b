/**
 * The gs-screen-share signalling server: one HTTP server that answers `/healthz`, optionally serves the demo
 * files, and upgrades `/terminals/<id>/device` (a terminal) and `/terminals/<id>` (a page) to WebSockets
 * speaking `gs-webrtc-json` (PROTOCOL.md "Transport"), relayed by the rules in relay.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { SUBPROTOCOL } from '../protocol/index.js';
import { CloseCode, CloseReason } from './close-codes.js';
import { type ServerStats, createHttpHandler } from './http-handler.js';
import { closeSocket } from './inbound.js';
import { LineRegistry } from './lines.js';
import { type Logger, defaultLogger, describeError } from './log.js';
import { Relay } from './relay.js';
import { type Route, offersSubprotocol, routeUpgrade } from './routes.js';
import { refuseUpgrade } from './upgrade.js';

export type { ServerStats } from './http-handler.js';
export type { Logger } from './log.js';

/** Default `maxPayload`: 1 MiB. */
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** How long close() waits for each socket's closing handshake before terminating it, in ms. */
export const CLOSE_GRACE_MS = 1000;

/** Options of {@link createSignallingServer}. */
export interface ServerOptions {
  /** Folder served over HTTP GET/HEAD (`/` → index.html). Default: none (only `/healthz`, other paths 404). */
  staticDir?: string;
  /** Largest accepted WebSocket message, in bytes; a larger one closes the socket with 1009. Default 1 MiB. */
  maxPayload?: number;
  /** Receives one line per error caught in a handler or socket. Default: a line on stderr. */
  log?: Logger;
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
   * not finish the closing handshake within {@link CLOSE_GRACE_MS}), closes the HTTP server and its idle
   * connections. Safe to call more than once: every call returns the same promise. Afterwards stats() is all 0.
   */
  close(): Promise<void>;
  /** Current counts: terminals online, lines held by a page, open WebSocket connections. */
  stats(): ServerStats;
  /** The underlying HTTP server (for tests and embedding). */
  readonly httpServer: http.Server;
}

function checkOptions(options: ServerOptions): Required<Pick<ServerOptions, 'maxPayload' | 'log'>> & ServerOptions {
  const merged = { maxPayload: DEFAULT_MAX_PAYLOAD, log: defaultLogger, ...options };
  if (merged.staticDir !== undefined && (typeof merged.staticDir !== 'string' || merged.staticDir === '')) {
    throw new TypeError('options.staticDir must be a non-empty string');
  }
  if (!Number.isSafeInteger(merged.maxPayload) || merged.maxPayload <= 0) {
    throw new TypeError('options.maxPayload must be a positive integer (bytes)');
  }
  if (typeof merged.log !== 'function') throw new TypeError('options.log must be a function');
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
 * 400 (bad terminal id, or `gs-webrtc-json` not offered) or 503 (closing); accepted sockets select
 * `gs-webrtc-json`. Throws a TypeError for an invalid option.
 */
export function createSignallingServer(options: ServerOptions = {}): SignallingServer {
  const { staticDir, maxPayload, log } = checkOptions(options);
  const lines = new LineRegistry();
  const relay = new Relay(lines, log);
  const connections = new Set<WebSocket>();
  const stats = (): ServerStats => ({
    terminals: lines.terminals,
    sessions: lines.sessions,
    connections: connections.size,
  });
  let closed = false;
  let closing: Promise<void> | undefined;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload,
    clientTracking: false,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  const httpServer = http.createServer(createHttpHandler({ staticDir, stats, log }));
  httpServer.on('error', (error) => log(`http server: ${describeError(error)}`));
  httpServer.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const onConnection = (ws: WebSocket, route: Extract<Route, { kind: 'ok' }>): void => {
    ws.on('error', (error) => log(`${route.role} ${route.id} socket: ${error.message}`));
    connections.add(ws);
    ws.on('close', () => connections.delete(ws));
    if (closed) {
      closeSocket(ws, CloseCode.GOING_AWAY, CloseReason.SHUTDOWN);
      return;
    }
    if (route.role === 'device') relay.attachDevice(ws, route.id);
    else relay.attachPage(ws, route.id);
  };

  httpServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      if (closed) return refuseUpgrade(socket, 503, 'server shutting down');
      const route = routeUpgrade(req.url);
      if (route.kind === 'not-found') return refuseUpgrade(socket, 404);
      if (route.kind === 'bad-id') return refuseUpgrade(socket, 400, 'terminal id must be 1-64 of A-Z a-z 0-9 _ -');
      if (!offersSubprotocol(req.headers)) return refuseUpgrade(socket, 400, `sub-protocol ${SUBPROTOCOL} required`);
      wss.handleUpgrade(req, socket, head, (ws) => {
        try {
          onConnection(ws, route);
        } catch (error) {
          log(`connection: ${describeError(error)}`);
          ws.terminate();
        }
      });
    } catch (error) {
      log(`upgrade: ${describeError(error)}`);
      socket.destroy();
    }
  });

  const shutdown = async (): Promise<void> => {
    closed = true;
    const open = [...connections];
    for (const ws of open) closeSocket(ws, CloseCode.GOING_AWAY, CloseReason.SHUTDOWN);
    await Promise.all(open.map((ws) => settle(ws, CLOSE_GRACE_MS)));
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
    stats,
    close: () => (closing ??= shutdown()),
    listen(port = 0, host?: string): Promise<number> {
      if (closed) return Promise.reject(new Error('the signalling server is closed'));
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
