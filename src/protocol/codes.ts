/**
 * The gs-webrtc-json result codes (PROTOCOL.md "Codes", seed 000 "修改后错误码说明 (GVC3220)").
 *
 * - 1xx: only in replies; the request was valid but a no-op (a duplicate).
 * - 2xx: success.
 * - 3xx: local to the page, never on the wire.
 * - 4xx: only in replies; the request failed. 408 is also made locally when no reply comes.
 * - 5xx: only in requests, as the reason for them (destroyMediaSession from the terminal).
 */
export const Code = {
  /** 104: share screen is being turned on (a start while a start is in progress). */
  STARTING: 104,
  /** 105: share screen is being turned off (a stop while a stop is in progress). */
  STOPPING: 105,
  /** 106: no stream, or a repeated start/stop after the reply. */
  NO_STREAM: 106,
  /** 200: success. */
  OK: 200,
  /** 300: the WebSocket address is not a valid ws:// or wss:// URL (beta 100). */
  INVALID_ADDRESS: 300,
  /** 301: this browser cannot share the screen: no getDisplayMedia, or not a secure context. */
  SCREEN_SHARE_UNSUPPORTED: 301,
  /** 302: the WebSocket closed while the call was not being hung up (beta 466). */
  SOCKET_CLOSED: 302,
  /** 303: the user refused or cancelled the screen capture (beta 403). */
  CAPTURE_REFUSED: 303,
  /** 308: opening the share timed out (beta 408). */
  SHARE_TIMEOUT: 308,
  /** 400: the request is supported but its parameters are malformed. */
  BAD_REQUEST: 400,
  /** 403: the request was refused. */
  REFUSED: 403,
  /** 405: the request is not supported. */
  NOT_SUPPORTED: 405,
  /** 408: the request timed out (also made locally when no reply comes within the request timeout). */
  TIMEOUT: 408,
  /** 481: the user is not in the call. */
  NOT_IN_CALL: 481,
  /** 486: the terminal has no free line. */
  BUSY: 486,
  /** 487: the user is already in the call. */
  ALREADY_IN_CALL: 487,
  /** 488: media information error (the SDP could not be applied). */
  MEDIA_ERROR: 488,
  /** 489: the request was cancelled. */
  CANCELLED: 489,
  /** 501: another browser with the same userName replaced this call. */
  REPLACED: 501,
  /** 502: the terminal needs the line and hangs up. */
  LINE_NEEDED: 502,
} as const;

/** One of the protocol's result codes. */
export type CodeValue = (typeof Code)[keyof typeof Code];

/** The outcome of every public operation: `{ code, message }` (seed 000 callbacks receive `code`). */
export interface Result {
  /** A code of the table above (200 on success). */
  code: number;
  /** A human-readable sentence; the terminal's rspMsg when the code came from the terminal. */
  message: string;
}

/** English descriptions, worded as in seed 000's GVC3220 table. */
const descriptions: Record<number, string> = {
  104: 'Share screen is being turned on',
  105: 'Share screen is being turned off',
  106: 'No stream, or the request was repeated after its reply',
  200: 'Success',
  300: 'The WebSocket address is not a valid address',
  301: 'This browser cannot share the screen (no getDisplayMedia or not a secure context)',
  302: 'The WebSocket was disconnected',
  303: 'The screen capture was refused or cancelled',
  308: 'Opening the screen share timed out',
  400: 'Bad request parameters',
  403: 'The request was refused',
  405: 'The request is not supported',
  408: 'The request timed out',
  481: 'The user is not in the call',
  486: 'The terminal has no free line',
  487: 'The user is already in the call',
  488: 'Media information error',
  489: 'The request was cancelled',
  501: 'Another browser with the same user name replaced this call',
  502: 'The terminal needs the line and hung up',
};

/** The description of `code`, or `"Unknown code N"`. */
export function describeCode(code: number): string {
  return descriptions[code] ?? `Unknown code ${code}`;
}

/** Builds a {@link Result}; the message defaults to the code's description. */
export function result(code: number, message?: string): Result {
  return { code, message: message || describeCode(code) };
}

/** Every code in the table, in ascending order. */
export const allCodes: readonly number[] = Object.keys(descriptions).map(Number);

/**
 * The GVC3220_Beta table's codes and the current codes that replaced them (PROTOCOL.md "Codes"; seed 000):
 * 100 → 300 invalid address, 466 → 302 WebSocket disconnected, 403 → 303 capture refused, 408 → 308 share timeout.
 * 403 and 408 are also current (terminal) codes, so a code is only read as beta where the host says it is.
 */
export const betaCodeAliases: Readonly<Record<number, number>> = { 100: 300, 466: 302, 403: 303, 408: 308 };

/** The current code for a code from the beta table (unchanged when it has no alias). */
export function fromBetaCode(code: number): number {
  return betaCodeAliases[code] ?? code;
}

/** The beta table's code for a current local code (300 → 100, 302 → 466, 303 → 403, 308 → 408; others unchanged). */
export function toBetaCode(code: number): number {
  for (const [beta, current] of Object.entries(betaCodeAliases)) if (current === code) return Number(beta);
  return code;
}
