/**
 * WebSocket addresses of the signalling server (PROTOCOL.md "Transport"; src/protocol/address.ts builds them):
 * a terminal (device) connects to `/terminals/<id>/device`, a page to `/terminals/<id>`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SUBPROTOCOL, TERMINAL_ID_PATTERN } from '../protocol/index.js';

/** Which end of a line a WebSocket is: the terminal itself (`device`) or a browser page (`page`). */
export type Role = 'device' | 'page';

/**
 * What an upgrade request's path names:
 * - `ok`: a well-formed address with its terminal `id` (matches `TERMINAL_ID_PATTERN`, 1-64 of `A-Za-z0-9_-`) and role;
 * - `bad-id`: the `/terminals/<id>[/device]` shape with an id that does not match (answer 400);
 * - `not-found`: any other path (answer 404).
 */
export type Route = { kind: 'ok'; id: string; role: Role } | { kind: 'bad-id' } | { kind: 'not-found' };

const shape = /^\/terminals\/([^/]*)(\/device)?$/;

/**
 * Routes the raw request target of an upgrade (`req.url`). The query string is ignored; the path is not
 * percent-decoded or dot-normalised, so `/terminals/a/../b` is simply not found.
 */
export function routeUpgrade(url: string | undefined): Route {
  const path = (url ?? '').split(/[?#]/, 1)[0];
  const match = shape.exec(path);
  if (!match) return { kind: 'not-found' };
  const id = match[1];
  if (!TERMINAL_ID_PATTERN.test(id)) return { kind: 'bad-id' };
  return { kind: 'ok', id, role: match[2] ? 'device' : 'page' };
}

/** The sub-protocols a client offers in `Sec-WebSocket-Protocol` (comma-separated, trimmed, empty ones dropped). */
export function offeredProtocols(headers: IncomingHttpHeaders): string[] {
  const raw = headers['sec-websocket-protocol'];
  if (typeof raw !== 'string') return [];
  return raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
}

/** True when the client offers `gs-webrtc-json` (PROTOCOL.md "Transport"); other clients are refused with 400. */
export function offersSubprotocol(headers: IncomingHttpHeaders): boolean {
  return offeredProtocols(headers).includes(SUBPROTOCOL);
}
