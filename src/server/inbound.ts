/**
 * The first step of every received WebSocket message, for devices and pages alike (PROTOCOL.md "Transport"):
 * binary → close 1003; `"\r\n"` → answer `"\r\n\r\n"`; `"\r\n\r\n"` → ignore; unreadable text → close 1007;
 * an invalid request → answer its `<action>Ret` (400 malformed / 405 unknown action); an invalid reply → drop.
 * Only a valid frame comes out, for the relay rules to route.
 */
import { WebSocket, type RawData } from 'ws';
import {
  type Frame,
  KEEPALIVE_PING,
  KEEPALIVE_PONG,
  parseFrame,
  replyToInvalid,
  serialiseFrame,
} from '../protocol/index.js';
import { CloseCode, CloseReason } from './close-codes.js';

/** Sends `text` if the socket is open; a socket that is closing or closed gets nothing (never throws). */
export function sendText(ws: WebSocket, text: string): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  try {
    ws.send(text);
  } catch {
    // The socket raced to closed; its close handler does the clean-up.
  }
}

/** Serialises `frame` with the protocol codec (so only protocol fields travel) and sends it. */
export function sendFrame(ws: WebSocket, frame: Frame): void {
  sendText(ws, serialiseFrame(frame));
}

/** Closes a socket that is open or connecting; never throws. */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.CLOSING || ws.readyState === WebSocket.CLOSED) return;
  try {
    ws.close(code, reason);
  } catch {
    ws.terminate();
  }
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * Handles the transport-level cases of one message and returns the valid frame it carries, or null when
 * the message has been dealt with here (answered, ignored or the socket closed).
 */
export function receive(ws: WebSocket, data: RawData, isBinary: boolean): Frame | null {
  if (isBinary) {
    closeSocket(ws, CloseCode.UNSUPPORTED_DATA, CloseReason.BINARY);
    return null;
  }
  const text = textOf(data);
  const parsed = parseFrame(text);
  if (parsed.kind === 'keepalive') {
    if (text === KEEPALIVE_PING) sendText(ws, KEEPALIVE_PONG);
    return null;
  }
  if (parsed.kind === 'invalid') {
    if (parsed.action === undefined) {
      closeSocket(ws, CloseCode.INVALID_PAYLOAD, CloseReason.UNREADABLE);
      return null;
    }
    const reply = replyToInvalid(parsed);
    if (reply) sendFrame(ws, reply);
    return null;
  }
  return parsed.frame;
}
