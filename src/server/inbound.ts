/**
 * The first step of every received WebSocket message on a terminal line, for devices and pages alike
 * (PROTOCOL.md "Transport"): binary → close 1003; `"\r\n"` → answer `"\r\n\r\n"`; `"\r\n\r\n"` → ignore;
 * unreadable text → close 1007; an invalid request → answer its `<action>Ret` (400 malformed / 405 unknown action);
 * an invalid reply → drop. Only a valid frame comes out, for the relay rules to route; when its text holds
 * exactly the frame (`isVerbatim`, src/protocol/verbatim.ts), the frame keeps that text and is relayed as it came.
 * (Text that is not UTF-8 never gets here: `ws` closes the socket with 1007 itself; a message over `maxPayload`
 * is closed 1009 by `ws` too.)
 */
import type { RawData } from 'ws';
import {
  type Frame,
  type Parsed,
  KEEPALIVE_PING,
  KEEPALIVE_PONG,
  NESTED_FIELDS,
  parseFrame,
  replyToInvalid,
  serialiseFrame,
} from '../protocol/index.js';
import { isVerbatim } from '../protocol/verbatim.js';
import { CloseCode, CloseReason } from './close-codes.js';
import type { Peer } from './connection.js';
import type { Metrics } from './metrics.js';

/** Where a received frame keeps its text, and the bytes it came in, when it is verbatim (see {@link relayable}). */
const receivedText = Symbol('receivedText');
const receivedBytes = Symbol('receivedBytes');
type Received = Frame & { [receivedText]?: string; [receivedBytes]?: Uint8Array };

/**
 * The wire text of `frame`: for a frame received verbatim (only protocol fields, each member once;
 * `isVerbatim`), the text it came in; for any other, its serialisation by the protocol codec. Either way only
 * protocol fields travel.
 */
export function wireTextOf(frame: Frame): string {
  return (frame as Received)[receivedText] ?? serialiseFrame(frame);
}

/** Sends `frame` as {@link wireTextOf} writes it (a verbatim frame with the very bytes it came in). */
export function sendFrame(peer: Peer, frame: Frame): void {
  peer.send(wireTextOf(frame), (frame as Received)[receivedBytes]);
}

/** The text of a received message. */
export function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * Handles the transport-level cases of one message and returns the valid frame it carries, or null when
 * the message has been dealt with here (answered, ignored or the socket closed).
 */
export function receive(peer: Peer, data: RawData, isBinary: boolean, metrics?: Metrics): Frame | null {
  if (isBinary) {
    metrics?.rejectedFrame('binary');
    peer.close(CloseCode.UNSUPPORTED_DATA, CloseReason.BINARY);
    return null;
  }
  const text = textOf(data);
  const parsed = parseFrame(text);
  if (parsed.kind === 'keepalive') {
    if (text === KEEPALIVE_PING) peer.send(KEEPALIVE_PONG);
    return null;
  }
  if (parsed.kind === 'invalid') {
    if (parsed.action === undefined) {
      metrics?.rejectedFrame('unreadable');
      peer.close(CloseCode.INVALID_PAYLOAD, CloseReason.UNREADABLE);
      return null;
    }
    metrics?.rejectedFrame(parsed.code === 405 ? 'unknown_action' : 'invalid');
    const reply = replyToInvalid(parsed);
    if (reply) sendFrame(peer, reply);
    return null;
  }
  return relayable(parsed, text, Buffer.isBuffer(data) ? data : undefined);
}

/**
 * The frame to relay from a valid parse of `text`: when the text holds exactly the frame (`isVerbatim`), the frame
 * keeps it (and `bytes`, the UTF-8 it was decoded from, when given), to travel as it came (no re-serialising;
 * PROTOCOL.md allows any member order and spacing); otherwise its nested objects are cut down to protocol fields
 * ({@link onlyProtocolFields}).
 */
export function relayable(parsed: Extract<Parsed, { kind: 'frame' }>, text: string, bytes?: Uint8Array): Frame {
  if (!isVerbatim(text, parsed)) return onlyProtocolFields(parsed.frame);
  const frame = parsed.frame as Received;
  frame[receivedText] = text;
  // A local socket sends these as they are (no UTF-8 encoding again, no copy).
  if (bytes) frame[receivedBytes] = bytes;
  return frame;
}

/**
 * Rebuilds the nested objects of a valid frame (`sdp`, `rspInfo`, `candidate`) with only the members the protocol
 * defines (NESTED_FIELDS, src/protocol/codec.ts) that are set: the codec checks their types but keeps them whole,
 * and extra (possibly deeply nested) members must neither travel on nor reach JSON.stringify.
 */
export function onlyProtocolFields(frame: Frame): Frame {
  const body = frame.body as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const [field, members] of Object.entries(NESTED_FIELDS)) {
    const nested = body[field];
    if (!nested) continue;
    const kept: Record<string, unknown> = {};
    for (const member of members) if (nested[member] !== undefined) kept[member] = nested[member];
    body[field] = kept;
  }
  return frame;
}
