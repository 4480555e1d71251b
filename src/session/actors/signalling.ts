/**
 * The WebSocket signalling actor (PROTOCOL.md "Transport"): opens the terminal's address with sub-protocol
 * gs-webrtc-json, sends the "\r\n" keep-alive every 5 s, turns incoming text into SIGNAL.FRAME events through
 * the shared codec, and sends the chart's frames. Its cleanup closes the socket, so leaving the call closes it.
 */
import type { CallbackLogicFunction } from 'xstate';
import {
  KEEPALIVE_INTERVAL_MS,
  KEEPALIVE_PING,
  SUBPROTOCOL,
  parseFrame,
  replyToInvalid,
  serialiseFrame,
} from '../../protocol/index.js';
import type { SignalEvent, SignallingCommand } from '../types.js';

/** The WebSocket constructor shape this actor needs (the browser's, or `ws` in Node). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocket;

/** Input of the signalling actor. */
export interface SignallingInput {
  /** The terminal's address, `ws://` or `wss://`. */
  url: string;
  /** Keep-alive period in ms (default 5000, PROTOCOL.md). */
  keepaliveMs?: number;
  /** WebSocket implementation (default `globalThis.WebSocket`). */
  WebSocket?: WebSocketConstructor;
  /** Called with every frame text sent and received, for logs and wire tests. */
  tap?: (direction: 'out' | 'in', text: string) => void;
}

const OPEN = 1;

/** Runs the signalling actor; the session's host wraps it with fromCallback, adding input of its own if it needs. */
export const runSignalling: CallbackLogicFunction<SignallingCommand, SignalEvent, SignallingInput> = ({ input, sendBack, receive }) => {
  const Impl = input.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
  let socket: WebSocket;
  let keepalive: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  try {
    socket = new Impl(input.url, SUBPROTOCOL);
  } catch (error) {
    queueMicrotask(() => sendBack({ type: 'SIGNAL.CLOSED', code: 1006, reason: String(error) }));
    return () => {};
  }
  const send = (text: string) => {
    if (socket.readyState !== OPEN) return;
    input.tap?.('out', text);
    socket.send(text);
  };
  socket.onopen = () => {
    keepalive = setInterval(() => send(KEEPALIVE_PING), input.keepaliveMs ?? KEEPALIVE_INTERVAL_MS);
    sendBack({ type: 'SIGNAL.OPEN' });
  };
  socket.onmessage = (message: MessageEvent) => {
    if (typeof message.data !== 'string') return;
    const parsed = parseFrame(message.data);
    if (parsed.kind === 'keepalive') return;
    input.tap?.('in', message.data);
    if (parsed.kind === 'frame') {
      sendBack({ type: 'SIGNAL.FRAME', frame: parsed.frame });
      return;
    }
    const reply = replyToInvalid(parsed);
    if (reply) send(serialiseFrame(reply));
  };
  socket.onclose = (event: CloseEvent) => {
    clearInterval(keepalive);
    if (closed) return;
    closed = true;
    sendBack({ type: 'SIGNAL.CLOSED', code: event.code, reason: event.reason });
  };
  receive((command) => {
    if (command.type === 'SEND') send(serialiseFrame(command.frame));
  });
  return () => {
    closed = true;
    clearInterval(keepalive);
    if (socket.readyState <= OPEN) socket.close(1000, 'session ended');
  };
};

