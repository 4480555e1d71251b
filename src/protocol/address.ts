/**
 * WebSocket addresses (PROTOCOL.md "Transport"; seed 000: `call(wsAddr)`, e.g. `ws://192.168.131.172:10200`).
 */

/** True when `address` is an absolute `ws:` or `wss:` URL with a host; anything else is code 300. */
export function isWebSocketAddress(address: unknown): address is string {
  if (typeof address !== 'string' || address.trim() === '') return false;
  try {
    const url = new URL(address);
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Valid terminal ids on our signalling server: 1-64 of `A-Z a-z 0-9 _ -`. */
export const TERMINAL_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The page's address of terminal `id` on our server: `ws(s)://HOST:PORT/terminals/<id>`. */
export function terminalAddress(origin: string, id: string): string {
  const url = new URL(origin);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  url.pathname = `/terminals/${encodeURIComponent(id)}`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** The device's (terminal's own) address on our server: `ws(s)://HOST:PORT/terminals/<id>/device`. */
export function deviceAddress(origin: string, id: string): string {
  return `${terminalAddress(origin, id)}/device`;
}
