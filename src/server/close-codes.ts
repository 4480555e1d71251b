/**
 * WebSocket close codes the signalling server uses (RFC 6455 §7.4 plus private 4xxx codes); docs/server.md
 * "Close codes" lists them. Pages report any close they did not ask for as 302 (PROTOCOL.md "Flows": WebSocket
 * closed while not hanging up).
 */
export const CloseCode = {
  /** 1001: the server is shutting down, or the terminal (device) of the page's line went away. */
  GOING_AWAY: 1001,
  /** 1003: a binary frame arrived; gs-webrtc-json is text only (PROTOCOL.md "Transport"). */
  UNSUPPORTED_DATA: 1003,
  /** 1007: a text frame that is not a readable gs-webrtc-json frame (no action could be read), or not UTF-8. */
  INVALID_PAYLOAD: 1007,
  /** 1008: policy: the connection (or its IP address) sent messages faster than the rate limit. */
  POLICY: 1008,
  /** 1009: a message larger than `maxPayload` (64 KiB by default); sent by `ws` itself. */
  TOO_BIG: 1009,
  /** 1011: the server met an unexpected condition (a bug; logged). */
  INTERNAL_ERROR: 1011,
  /** 1013: the client reads too slowly: its send queue passed `maxBufferedBytes` and it was dropped. */
  SLOW_READER: 1013,
  /** 4001: replaced: a newer device under the same terminal id, or a page with the same userName on the line. */
  REPLACED: 4001,
  /** 4408: no valid request arrived within `handshakeTimeoutMs` of the upgrade (pages and room members). */
  HANDSHAKE_TIMEOUT: 4408,
} as const;

/** Close reasons sent with the codes above (each well under the 123-byte limit). */
export const CloseReason = {
  SHUTDOWN: 'server shutting down',
  TERMINAL_GONE: 'terminal went away',
  BINARY: 'binary frames are not supported',
  UNREADABLE: 'not a gs-webrtc-json frame',
  REPLACED: 'replaced',
  REPLACED_BY_USER: 'replaced by a page with the same userName',
  RATE_LIMIT: 'rate limit exceeded',
  IP_RATE_LIMIT: 'rate limit of this address exceeded',
  SLOW_READER: 'slow reader: send queue full',
  HANDSHAKE_TIMEOUT: 'no request in time',
  INTERNAL: 'internal error',
  NODE_GONE: 'server node went away',
} as const;
