/**
 * Shape checks of gs-webrtc-json frames as they are on the wire (PROTOCOL.md "Transport"), shared by the Node
 * wire-shape test (what our page sends) and the end-to-end one (what our terminal sends).
 */
import assert from 'node:assert/strict';

/** The order the body fields take in every frame (the original library's: userName, reqId, then the rest). */
export const BODY_ORDER = ['userName', 'reqId', 'sdp', 'sendPermission', 'cancelReqId', 'cancelReqCmd', 'candidate', 'rspInfo'] as const;

export interface ShapeSpec {
  /** The one top-level key. */
  action: string;
  /** Body keys that must be there. */
  required: readonly string[];
  /** Body keys that may be there as well (none else may). */
  optional?: readonly string[];
  /** Whether the frame may carry `local_line` beside the action (terminal frames only). */
  localLine?: boolean;
}

export type Body = Record<string, unknown>;

/**
 * Parses one frame text and asserts its shape: compact JSON, exactly one top-level key (the action; plus
 * `local_line` when allowed), body keys exactly `required` (+ `optional`), in BODY_ORDER (unless `ordered: false`), and each field typed
 * as PROTOCOL.md "Body fields" says. Returns the body.
 */
export function assertShape(text: string, spec: ShapeSpec, what = spec.action, options: { ordered?: boolean } = {}): Body {
  const value = JSON.parse(text) as Record<string, unknown>;
  assert.equal(text, JSON.stringify(value), `${what}: compact JSON text`);
  const top = Object.keys(value);
  const allowedTop = spec.localLine ? [spec.action, 'local_line'] : [spec.action];
  assert.equal(top[0], spec.action, `${what}: the action is the first (and only) key: ${text}`);
  assert.deepEqual(top.filter((k) => !allowedTop.includes(k)), [], `${what}: one top-level key: ${text}`);
  if (top.includes('local_line')) assert.ok(Number.isSafeInteger(value.local_line), `${what}: local_line is an integer`);
  const body = value[spec.action] as Body;
  assert.equal(typeof body, 'object', `${what}: the body is an object`);
  assert.ok(body !== null && !Array.isArray(body), `${what}: the body is an object`);
  const keys = Object.keys(body);
  for (const key of spec.required) assert.ok(keys.includes(key), `${what}: body has ${key}: ${text}`);
  const allowed = new Set([...spec.required, ...(spec.optional ?? [])]);
  assert.deepEqual(keys.filter((k) => !allowed.has(k)), [], `${what}: no body keys but ${[...allowed].join(', ')}: ${text}`);
  if (options.ordered !== false) {
    const order = keys.map((k) => BODY_ORDER.indexOf(k as (typeof BODY_ORDER)[number]));
    assert.deepEqual(order, [...order].sort((a, b) => a - b), `${what}: body keys in the order ${BODY_ORDER.join(', ')}: ${text}`);
  }
  if ('userName' in body) assert.equal(typeof body.userName, 'string', `${what}: userName is a string`);
  assert.ok(Number.isSafeInteger(body.reqId) && (body.reqId as number) >= 0, `${what}: reqId is a non-negative integer`);
  if ('sdp' in body) {
    const sdp = body.sdp as Body;
    assert.deepEqual(Object.keys(sdp), ['length', 'data'], `${what}: sdp is exactly { length, data }`);
    assert.equal(typeof sdp.data, 'string', `${what}: sdp.data is text`);
    assert.ok(Number.isSafeInteger(sdp.length), `${what}: sdp.length is an integer`);
    assert.equal(sdp.length, (sdp.data as string).length, `${what}: sdp.length is the number of characters of sdp.data`);
    assert.match(sdp.data as string, /^v=0\r\n/, `${what}: sdp.data is SDP`);
  }
  if ('sendPermission' in body) assert.ok([0, 1, 2, 3].includes(body.sendPermission as number), `${what}: sendPermission is 0, 1, 2 or 3`);
  if ('rspInfo' in body) {
    const info = body.rspInfo as Body;
    const infoKeys = Object.keys(info);
    assert.deepEqual(infoKeys.slice(0, 2), ['rspCode', 'rspMsg'], `${what}: rspInfo is { rspCode, rspMsg }`);
    assert.deepEqual(infoKeys.slice(2).filter((k) => k !== 'showCode'), [], `${what}: rspInfo has nothing but rspCode, rspMsg, showCode`);
    assert.ok(Number.isSafeInteger(info.rspCode), `${what}: rspCode is an integer`);
    assert.equal(typeof info.rspMsg, 'string', `${what}: rspMsg is text`);
    assert.ok((info.rspMsg as string).length > 0, `${what}: rspMsg says something`);
    if ('showCode' in info) assert.ok(Number.isSafeInteger(info.showCode), `${what}: showCode is an integer`);
  }
  if ('cancelReqId' in body) assert.ok(Number.isSafeInteger(body.cancelReqId), `${what}: cancelReqId is an integer`);
  if ('cancelReqCmd' in body) assert.equal(typeof body.cancelReqCmd, 'string', `${what}: cancelReqCmd names an action`);
  return body;
}

/** A reply: userName (PROTOCOL.md's frame shape has it on every body), reqId and rspInfo. */
export const replyShape = (action: string, extra: Partial<ShapeSpec> = {}): ShapeSpec => ({
  action: `${action}Ret`,
  required: ['userName', 'reqId', 'rspInfo'],
  ...extra,
});
