/**
 * The options and line states of the terminal (src/terminal/terminal-session.ts), apart so that the peer side
 * (terminal-peer.ts) and the element read the same types.
 */
import type { DeviceAnswerOptions } from '../protocol/device-answer.js';

/** How long the terminal waits for the page's reply to one of its requests, in ms; then 408 (PROTOCOL.md "Flows"). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** `offline`: no socket to the server; `online`: registered, no call; `inCall`: a page is in a call. */
export type TerminalState = 'offline' | 'online' | 'inCall';

export interface TerminalOptions {
  /** The device address on the server: `ws://HOST:PORT/terminals/<id>/device`. */
  url: string;
  /** RTCPeerConnection configuration. */
  configuration?: RTCConfiguration;
  /** How long to wait for the page's reply to our requests, in ms (default {@link DEFAULT_REQUEST_TIMEOUT_MS}; then 408). */
  requestTimeoutMs?: number;
  /** Delay before reconnecting a lost socket, in ms (default 2000; 0 = never reconnect). */
  reconnectMs?: number;
  /**
   * Trickle ICE: answer once the burst of host candidates is in the answer (at most TRICKLE_HOLD_MS) and send the
   * candidates it does not carry in updateCandidate (default false: complete SDP).
   */
  trickleIce?: boolean;
  /**
   * Hold a page's ctrlPresentation(1) until `acceptPresentation()` / `declinePresentation()` (a device asking its
   * room first). Default false: accepted at once.
   */
  confirmPresentation?: boolean;
  /**
   * When a held ctrlPresentation(1) is cancelled (cancelRequest), which reply goes first: `cancelFirst`
   * (cancelRequestRet 200, then ctrlPresentationRet 489; default) or `ctrlFirst`. Devices differ (PROTOCOL.md "Cancel").
   */
  cancelReplyOrder?: 'cancelFirst' | 'ctrlFirst';
  /**
   * How offers are answered (DEVICE.md): `device` (default) as a GVC3220 — the offer's `a=group` lines dropped
   * before setRemoteDescription, an answer with no group, H.264 Baseline only with the level of `device.maxResolution`,
   * `a=framerate`, `b=AS`/`b=TIAS`, opus/G.722/PCMU/PCMA, `a=content` echoed (src/protocol/device-answer.ts); an offer
   * without H.264 Baseline (packetization-mode 1) gets 488. `browser`: the browser's own answer, as it makes it.
   */
  answer?: 'device' | 'browser';
  /** The device answer's shape (default DEFAULT_DEVICE_ANSWER: 1920x1080, 30 fps, 2048 kbps). */
  device?: Partial<DeviceAnswerOptions>;
}
