/**
 * Refusing an HTTP upgrade before any WebSocket exists (STYLE.md "websockets/ws": refuse in the `upgrade`
 * handler by writing the status and destroying the socket).
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Writes `HTTP/1.1 <status> <text>` with a short plain-text body and `Connection: close`, then destroys the
 * socket once the response is flushed. Used with 400 (bad id, no `gs-webrtc-json` sub-protocol),
 * 404 (unknown path) and 503 (server closing).
 */
export function refuseUpgrade(socket: Duplex, status: number, message?: string): void {
  const text = STATUS_CODES[status] ?? 'Error';
  const body = `${message ?? text}\n`;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
