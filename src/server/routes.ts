/**
 * WebSocket addresses of the signalling server (PROTOCOL.md "Transport"; src/protocol/address.ts builds them):
 * a terminal (device) connects to `/terminals/<id>/device`, a page to `/terminals/<id>`, a room member to
 * `/rooms/<name>` (docs/server.md "Rooms").
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SUBPROTOCOL, TERMINAL_ID_PATTERN } from '../protocol/index.js';

/** The sub-protocol of room connections (JSON messages of rooms.ts; docs/server.md "Rooms"). */
export const ROOM_SUBPROTOCOL = 'gs-room-json';

/** Which kind of connection a WebSocket is: a terminal (`device`), a browser page on a line, or a room member. */
export type Role = 'device' | 'page' | 'room';

/**
 * What an upgrade request's path names:
 * - `ok`: a well-formed address with its terminal id or room name `id` (1-64 of `A-Za-z0-9_-`) and role;
 * - `bad-id`: the `/terminals/<id>[/device]` or `/rooms/<name>` shape with an id that does not match (answer 400);
 * - `not-found`: any other path (answer 404).
 */
export type Route = { kind: 'ok'; id: string; role: Role } | { kind: 'bad-id' } | { kind: 'not-found' };

const terminalShape = /^\/terminals\/([^/]*)(\/device)?$/;
const roomShape = /^\/rooms\/([^/]*)$/;

/**
 * Routes the raw request target of an upgrade (`req.url`). The query string is ignored; the path is not
 * percent-decoded or dot-normalised, so `/terminals/a/../b` is simply not found.
 */
export function routeUpgrade(url: string | undefined): Route {
  const path = (url ?? '').split(/[?#]/, 1)[0];
  const terminal = terminalShape.exec(path);
  if (terminal) {
    const id = terminal[1];
    if (!TERMINAL_ID_PATTERN.test(id)) return { kind: 'bad-id' };
    return { kind: 'ok', id, role: terminal[2] ? 'device' : 'page' };
  }
  const room = roomShape.exec(path);
  if (room) {
    if (!TERMINAL_ID_PATTERN.test(room[1])) return { kind: 'bad-id' };
    return { kind: 'ok', id: room[1], role: 'room' };
  }
  return { kind: 'not-found' };
}

/** The sub-protocol a role must offer: `gs-webrtc-json` on terminal lines, `gs-room-json` in rooms. */
export function subprotocolOf(role: Role): string {
  return role === 'room' ? ROOM_SUBPROTOCOL : SUBPROTOCOL;
}

/** The sub-protocols a client offers in `Sec-WebSocket-Protocol` (comma-separated, trimmed, empty ones dropped). */
export function offeredProtocols(headers: IncomingHttpHeaders): string[] {
  const raw = headers['sec-websocket-protocol'];
  if (typeof raw !== 'string') return [];
  return raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
}

/** True when the client offers the sub-protocol of `role` (PROTOCOL.md "Transport"); others are refused with 400. */
export function offersSubprotocol(headers: IncomingHttpHeaders, role: Role = 'page'): boolean {
  return offeredProtocols(headers).includes(subprotocolOf(role));
}
