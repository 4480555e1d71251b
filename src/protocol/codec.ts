/**
 * The one codec of gs-webrtc-json frames, shared by the page, the terminal and the server.
 * `parseFrame` never throws: a frame it cannot accept comes back as `invalid` with the code to answer
 * (400 malformed, 405 unknown action), and with the action and reqId when they could be read,
 * so the receiver can answer `<action>Ret` to the right request.
 */
import { Code } from './codes.js';
import {
  type Action,
  type Body,
  type Frame,
  type RequestAction,
  type ReplyAction,
  KEEPALIVE_PING,
  KEEPALIVE_PONG,
  allActions,
  isNotice,
  isReply,
  requestActions,
} from './messages.js';

/** What `parseFrame` makes of one text frame. */
export type Parsed =
  | { kind: 'keepalive' }
  /** `decoded`: the value JSON.parse made of the text, before picking (for `isVerbatim`, src/protocol/verbatim.ts). */
  | { kind: 'frame'; frame: Frame; decoded: Record<string, unknown> }
  | { kind: 'invalid'; code: 400 | 405; reason: string; action?: string; reqId?: number; userName?: string };

const known = new Set<string>(allActions);
const sdpActions = new Set<string>(['createMediaSession', 'updateMediaSession']);
const sdpOnSuccess = new Set<string>(['createMediaSessionRet', 'updateMediaSessionRet']);

/** True for a JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/** True when `object` has exactly the keys `keys`. */
function hasOnlyKeys(object: Record<string, unknown>, keys: string[]): boolean {
  const own = Object.keys(object);
  return own.length === keys.length && keys.every((k) => own.includes(k));
}

/**
 * The N of the original gsRTC client's hang-up `"sdp":{"data":{"value":N}}` (DEVICE.md "What the original sends"),
 * or undefined when `sdp` is not exactly that shape.
 */
function hangUpValueOf(sdp: unknown): number | undefined {
  if (!isPlainObject(sdp) || !hasOnlyKeys(sdp, ['data'])) return undefined;
  const data = sdp.data;
  if (!isPlainObject(data) || !hasOnlyKeys(data, ['value']) || !isInt(data.value)) return undefined;
  return data.value;
}

/**
 * Checks a body against its action's required fields; returns the reason it fails, or null.
 * Three shapes the original gsRTC client sends are accepted although PROTOCOL.md's rules would refuse them
 * (DEVICE.md "What the original sends"): destroyMediaSession's `"sdp":{"data":{"value":N}}`, an `sdp.length` that
 * does not count the characters of `sdp.data` (still a non-negative integer), and a reply whose `rspInfo` has no
 * `rspMsg`. Nothing else is let through.
 */
function bodyProblem(action: Action, body: Record<string, unknown>): string | null {
  if (!isInt(body.reqId) || body.reqId < 0) return 'reqId must be a non-negative integer';
  if (body.userName !== undefined && typeof body.userName !== 'string') return 'userName must be a string';
  if ((body.sdp !== undefined || sdpActions.has(action)) && !(action === 'destroyMediaSession' && hangUpValueOf(body.sdp) !== undefined)) {
    const sdp = body.sdp;
    if (!isPlainObject(sdp) || typeof sdp.data !== 'string' || !isInt(sdp.length) || sdp.length < 0) {
      return 'sdp must be { length: integer, data: string }';
    }
  }
  if (body.rspInfo !== undefined || isReply(action)) {
    const info = body.rspInfo;
    if (!isPlainObject(info) || !isInt(info.rspCode) || (info.rspMsg === undefined ? !isReply(action) : typeof info.rspMsg !== 'string')) {
      return 'rspInfo must be { rspCode: integer, rspMsg: string }';
    }
    if (info.showCode !== undefined && !isInt(info.showCode)) return 'rspInfo.showCode must be an integer';
    if (sdpOnSuccess.has(action) && info.rspCode === Code.OK && body.sdp === undefined) {
      return `${action} with rspCode 200 must carry sdp`;
    }
  }
  // Each of these fields is required by one action and checked on every action that carries it, so a mistyped one
  // is refused wherever it comes (a relay passes on only checked fields).
  if (action === 'ctrlPresentation' || body.sendPermission !== undefined) {
    if (![0, 1, 2, 3].includes(body.sendPermission as number)) return 'sendPermission must be 0, 1, 2 or 3';
  }
  if (action === 'cancelRequest' || body.cancelReqId !== undefined) {
    if (!isInt(body.cancelReqId)) return 'cancelReqId must be an integer';
  }
  if (action === 'cancelRequest' || body.cancelReqCmd !== undefined) {
    if (!(requestActions as readonly unknown[]).includes(body.cancelReqCmd)) return 'cancelReqCmd must name a request action';
  }
  if (action === 'updateCandidate' || body.candidate !== undefined) {
    const c = body.candidate;
    if (!isPlainObject(c) || typeof c.candidate !== 'string') return 'candidate must be { candidate: string, sdpMid?, sdpMLineIndex? }';
    if (c.sdpMid != null && typeof c.sdpMid !== 'string') return 'candidate.sdpMid must be a string or null';
    if (c.sdpMLineIndex != null && !isInt(c.sdpMLineIndex)) return 'candidate.sdpMLineIndex must be an integer or null';
  }
  return null;
}

/** The body fields the protocol defines, in the order pickBody copies them. */
export const BODY_FIELDS = ['userName', 'reqId', 'sdp', 'sendPermission', 'rspInfo', 'cancelReqId', 'cancelReqCmd', 'candidate'];

/** The body fields that hold an object. */
export type NestedField = 'sdp' | 'rspInfo' | 'candidate';

/**
 * The members each nested object of a body may have (PROTOCOL.md "Body fields"), in wire order: the one list of
 * them. The server's verbatim check (src/protocol/verbatim.ts) lets a text through only when its nested objects hold
 * nothing else, and a frame that is not verbatim has its nested objects cut down to them (src/server/inbound.ts
 * `onlyProtocolFields`). Each name is typed as a member of its interface (SdpField, RspInfo, CandidateField);
 * bodyProblem above checks the type of every one (test/unit/codec.test.ts holds it to this list). Browser code
 * does not read the list, so the bundles leave it out.
 */
export const NESTED_FIELDS = {
  sdp: ['length', 'data'],
  rspInfo: ['rspCode', 'rspMsg', 'showCode'],
  candidate: ['candidate', 'sdpMid', 'sdpMLineIndex'],
} as const satisfies { readonly [F in NestedField]: readonly (keyof NonNullable<Body[F]>)[] };

/** Copies only the fields the protocol defines, so nothing else (e.g. a `__proto__` key) travels on. */
function pickBody(body: Record<string, unknown>): Body {
  const out: Record<string, unknown> = {};
  for (const key of BODY_FIELDS) {
    if (Object.prototype.hasOwnProperty.call(body, key) && body[key] !== undefined) out[key] = body[key];
  }
  return out as unknown as Body;
}

/**
 * Parses one text frame. Keep-alives (`"\r\n"`, `"\r\n\r\n"`) come back as `keepalive`.
 * A frame is `{ "<action>": body }` with exactly one action key, optionally beside `"local_line": <int>`.
 */
export function parseFrame(text: string): Parsed {
  if (text === KEEPALIVE_PING || text === KEEPALIVE_PONG) return { kind: 'keepalive' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', code: Code.BAD_REQUEST, reason: 'frame is not JSON' };
  }
  if (!isPlainObject(value)) return { kind: 'invalid', code: Code.BAD_REQUEST, reason: 'frame must be a JSON object' };
  const keys = Object.keys(value);
  const actionKeys = keys.filter((k) => k !== 'local_line');
  if (actionKeys.length !== 1) {
    return { kind: 'invalid', code: Code.BAD_REQUEST, reason: 'frame must have exactly one action key' };
  }
  const action = actionKeys[0];
  const rawBody = value[action];
  const reqId = isPlainObject(rawBody) && isInt(rawBody.reqId) ? rawBody.reqId : undefined;
  // Kept so that the reply to an invalid request can carry it back, like every other body (PROTOCOL.md "Body fields").
  const userName =
    isPlainObject(rawBody) && typeof rawBody.userName === 'string' && rawBody.userName.length <= 256 ? rawBody.userName : undefined;
  if (!known.has(action)) {
    return { kind: 'invalid', code: Code.NOT_SUPPORTED, reason: `unknown action "${action.slice(0, 64)}"`, action, reqId, userName };
  }
  if (!isPlainObject(rawBody)) return { kind: 'invalid', code: Code.BAD_REQUEST, reason: 'body must be an object', action, reqId };
  if (value.local_line !== undefined && !isInt(value.local_line)) {
    return { kind: 'invalid', code: Code.BAD_REQUEST, reason: 'local_line must be an integer', action, reqId, userName };
  }
  const problem = bodyProblem(action as Action, rawBody);
  if (problem) return { kind: 'invalid', code: Code.BAD_REQUEST, reason: problem, action, reqId, userName };
  const frame: Frame = { action: action as Action, body: pickBody(rawBody) };
  const sdpValue = action === 'destroyMediaSession' ? hangUpValueOf(rawBody.sdp) : undefined;
  if (sdpValue !== undefined) {
    delete frame.body.sdp;
    frame.sdpValue = sdpValue;
  }
  if (value.local_line !== undefined) frame.localLine = value.local_line as number;
  return { kind: 'frame', frame, decoded: value };
}

/** The order body fields take on the wire, as the original library wrote them: userName, reqId, then the rest. */
const BODY_ORDER = ['userName', 'reqId', 'sdp', 'sendPermission', 'cancelReqId', 'cancelReqCmd', 'candidate', 'rspInfo'];

/**
 * Serialises a frame to its wire text: `{"<action>":{…}}` (+ `"local_line"` when set), the body's fields in
 * BODY_ORDER (fields left undefined are dropped, as JSON does).
 */
export function serialiseFrame(frame: Frame): string {
  const source: Record<string, unknown> = { ...frame.body };
  if (frame.sdpValue !== undefined && source.sdp === undefined) source.sdp = { data: { value: frame.sdpValue } };
  const body: Record<string, unknown> = {};
  for (const key of BODY_ORDER) if (source[key] !== undefined) body[key] = source[key];
  for (const key of Object.keys(source)) if (!(key in body) && source[key] !== undefined) body[key] = source[key];
  const wire: Record<string, unknown> = { [frame.action]: body };
  if (frame.localLine !== undefined) wire.local_line = frame.localLine;
  return JSON.stringify(wire);
}

/** Builds the reply to a request: `<action>Ret` with the request's reqId and `rspInfo`. */
export function replyTo(
  action: RequestAction,
  reqId: number,
  rspCode: number,
  rspMsg: string,
  extra: Partial<Body> = {},
): Frame {
  const body: Record<string, unknown> = { ...extra, reqId, rspInfo: { rspCode, rspMsg } };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return { action: `${action}Ret` as ReplyAction, body: body as unknown as Body };
}

/**
 * The reply owed to an invalid frame, when one can be addressed: a request whose action could be read
 * gets `<action>Ret` with the code (400 or 405); replies and unreadable frames get none.
 */
export function replyToInvalid(parsed: Extract<Parsed, { kind: 'invalid' }>): Frame | null {
  const { action } = parsed;
  if (action === undefined || isReply(action) || action.endsWith('Ret') || isNotice(action)) return null;
  return {
    action: `${action}Ret` as ReplyAction,
    body: {
      ...(parsed.userName !== undefined && { userName: parsed.userName }),
      reqId: parsed.reqId ?? 0,
      rspInfo: { rspCode: parsed.code, rspMsg: parsed.reason },
    },
  };
}
