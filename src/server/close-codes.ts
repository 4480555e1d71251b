/**
 * WebSocket close codes the signalling server uses (RFC 6455 §7.4 plus one private code).
 * Pages report any close they did not ask for as 302 (PROTOCOL.md "Flows": WebSocket closed while not hanging up).
 */
export const CloseCode = {
  /** 1001: the server is shutting down, or the terminal (device) of the page's line went away. */
  GOING_AWAY: 1001,
  /** 1003: a binary frame arrived; gs-webrtc-json is text only (PROTOCOL.md "Transport"). */
  UNSUPPORTED_DATA: 1003,
  /** 1007: a text frame that is not a readable gs-webrtc-json frame (no action could be read). */
  INVALID_PAYLOAD: 1007,
  /** 4001: a newer device connection registered under the same terminal id replaced this one. */
  REPLACED: 4001,
} as const;

/** Close reasons sent with the codes above (each well under the 123-byte limit). */
export const CloseReason = {
  SHUTDOWN: 'server shutting down',
  TERMINAL_GONE: 'terminal went away',
  BINARY: 'binary frames are not supported',
  UNREADABLE: 'not a gs-webrtc-json frame',
  REPLACED: 'replaced',
} as const;
