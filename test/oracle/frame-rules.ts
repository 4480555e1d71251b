/**
 * What a terminal line of the server answers to one text message, written from the documents and not from the
 * codec: PROTOCOL.md "Transport" (frame shape, body fields, keep-alives) and "Actions" (the action names), DEVICE.md
 * "What the original sends" (the shapes of the original client that are let through), and docs/server.md "Answers on
 * a terminal line", "Limits" and "Close codes". The server fuzz test (test/unit/server-fuzz.test.ts) holds the live
 * server to this table; nothing here imports src/.
 *
 * Where the documents leave a detail open, the choice is written beside the rule (a reqId must be a non-negative
 * safe integer: the original drew them from 0-100, and a number past 2^53 cannot be echoed back as it came).
 */

/** PROTOCOL.md "Actions": the requests (each has a `…Ret` reply). */
export const REQUESTS = [
  ...['createMediaSession', 'updateMediaSession', 'ctrlPresentation', 'destroyMediaSession', 'cancelRequest'],
  ...['updateCandidate', 'sendMessageToUser', 'updateUserInfo', 'updateUserList'],
] as const;
/** DEVICE.md "What the original sends": the `"close "` notice (trailing space), relayed and never answered. */
export const NOTICE = 'close ';
export const REPLIES = REQUESTS.map((a) => `${a}Ret`);
export const ACTIONS: readonly string[] = [...REQUESTS, ...REPLIES, NOTICE];

/** What one message gets on a line: a close code, nothing, or one `<action>Ret` with a code and reqId. */
export type LineAnswer =
  | { close: number }
  | { pong: true }
  | { nothing: true; why: string }
  | { reply: string; code: number; reqId: number; why: string };

export interface LineContext {
  /** The sender: a page (calling a line held by another userName) or a device no page calls. */
  role: 'page' | 'device';
  /** docs/server.md "Limits": the message size over which ws closes 1009. */
  maxPayload: number;
  /** docs/server.md "Limits": the longest `sdp.data` relayed. */
  maxSdp: number;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: Json): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const has = (o: Record<string, Json>, k: string) => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;

/** One body field's rule (PROTOCOL.md "Body fields"): which actions need it, and when a value is well formed. */
interface FieldRule {
  required: (action: string) => boolean;
  valid: (value: Json, action: string) => boolean;
}

const sdpShape = (v: Json) => isObject(v) && typeof v.data === 'string' && isInt(v.length) && v.length >= 0;
/** DEVICE.md: the original's hang-up `"sdp":{"data":{"value":5}}`, exactly that shape, on destroyMediaSession. */
const hangUpValue = (v: Json) =>
  isObject(v) && Object.keys(v).length === 1 && isObject(v.data) && Object.keys(v.data).length === 1 && isInt(v.data.value);

const FIELDS: Record<string, FieldRule> = {
  reqId: { required: () => true, valid: (v) => isInt(v) && v >= 0 },
  userName: { required: () => false, valid: (v) => typeof v === 'string' },
  // "sdp … on createMediaSession, updateMediaSession, their replies, and destroyMediaSession". The `length` need not
  // count the characters (DEVICE.md: the original's may not); a successful …Ret of those two must carry one.
  sdp: {
    required: (a) => a === 'createMediaSession' || a === 'updateMediaSession',
    valid: (v, a) => sdpShape(v) || (a === 'destroyMediaSession' && hangUpValue(v)),
  },
  // "on every …Ret"; the original's replies may leave rspMsg out (DEVICE.md), a request's rspInfo may not.
  rspInfo: {
    required: (a) => a.endsWith('Ret'),
    valid: (v, a) =>
      isObject(v) &&
      isInt(v.rspCode) &&
      (v.rspMsg === undefined ? a.endsWith('Ret') : typeof v.rspMsg === 'string') &&
      (v.showCode === undefined || isInt(v.showCode)),
  },
  // "1 = page asks …, 0 = …, 3 = …, 2 = …": nothing else.
  sendPermission: { required: (a) => a === 'ctrlPresentation', valid: (v) => v === 0 || v === 1 || v === 2 || v === 3 },
  cancelReqId: { required: (a) => a === 'cancelRequest', valid: isInt },
  // "the reqId and action name of the request being cancelled": a request's name.
  cancelReqCmd: { required: (a) => a === 'cancelRequest', valid: (v) => (REQUESTS as readonly Json[]).includes(v) },
  // The browser's RTCIceCandidateInit: a candidate string, sdpMid a string or null, sdpMLineIndex an integer or null.
  candidate: {
    required: (a) => a === 'updateCandidate',
    valid: (v) =>
      isObject(v) &&
      typeof v.candidate === 'string' &&
      (v.sdpMid == null || typeof v.sdpMid === 'string') &&
      (v.sdpMLineIndex == null || isInt(v.sdpMLineIndex)),
  },
};

/** True when the body breaks a field rule; each field is checked on every action that carries it. */
function malformed(action: string, body: Record<string, Json>): boolean {
  for (const [name, rule] of Object.entries(FIELDS)) {
    if ((has(body, name) || rule.required(action)) && !rule.valid(body[name], action)) return true;
  }
  const rsp = body.rspInfo as Record<string, Json> | undefined;
  const withAnswer = action === 'createMediaSessionRet' || action === 'updateMediaSessionRet';
  return withAnswer && rsp?.rspCode === 200 && !has(body, 'sdp');
}

/** The answer docs/server.md gives to `text` on a line; `ws` itself closes 1009 and 1007 (bad UTF-8). */
export function lineAnswer(text: string, ctx: LineContext): LineAnswer {
  if (Buffer.byteLength(text) > ctx.maxPayload) return { close: 1009 };
  if (text === '\r\n') return { pong: true };
  if (text === '\r\n\r\n') return { nothing: true, why: 'keep-alive pong' };
  let value: Json;
  try {
    value = JSON.parse(text);
  } catch {
    return { close: 1007 };
  }
  // "one JSON object with one action" (beside an optional local_line).
  if (!isObject(value)) return { close: 1007 };
  const actionKeys = Object.keys(value).filter((k) => k !== 'local_line');
  if (actionKeys.length !== 1) return { close: 1007 };
  const [action] = actionKeys;
  const body = value[action];
  const reqId = isObject(body) && isInt(body.reqId) ? body.reqId : 0;
  const isReply = action.endsWith('Ret');
  if (!ACTIONS.includes(action)) {
    return isReply ? { nothing: true, why: 'unknown reply' } : { reply: `${action}Ret`, code: 405, reqId, why: 'unknown action' };
  }
  const bad =
    !isObject(body) || (value.local_line !== undefined && !isInt(value.local_line)) || malformed(action, body);
  if (action === NOTICE) return { nothing: true, why: 'a notice is never answered' };
  if (isReply) return { nothing: true, why: bad ? 'malformed reply' : 'a reply to no request of the server' };
  if (bad) return { reply: `${action}Ret`, code: 400, reqId, why: 'malformed request' };
  const b = body as Record<string, Json> & { sdp?: { data?: unknown } };
  if (ctx.role === 'device') return { reply: `${action}Ret`, code: 481, reqId, why: 'no page holds the line' };
  if (action === 'createMediaSession') {
    const long = typeof b.sdp?.data === 'string' && b.sdp.data.length > ctx.maxSdp;
    return long
      ? { reply: `${action}Ret`, code: 400, reqId, why: 'sdp over the limit' }
      : { reply: `${action}Ret`, code: 486, reqId, why: 'line held by another userName' };
  }
  return { reply: `${action}Ret`, code: 481, reqId, why: 'not holding the line' };
}
