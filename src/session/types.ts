/**
 * Types of the page-side session statechart: its context, the events it takes (host commands, facts reported
 * by its actors) and the events it emits. Types only: no browser API, so Node can import the chart.
 */
import type { CandidateField, Frame, RequestAction, Result, SdpField } from '../protocol/index.js';

/** The public operations of `<gs-screen-share>` and gsRTC (seed 000), each answered by one result. */
export type Operation = 'call' | 'beginScreen' | 'pausePresent' | 'stopScreen' | 'hangUp';

/** The public, flattened state names (see `publicState`). */
export type PublicState =
  | 'idle'
  | 'calling'
  | 'connected'
  | 'asked'
  | 'presenting'
  | 'paused'
  | 'stopping'
  | 'cancelling'
  | 'hangingUp'
  | 'failed';

/** The slice of MediaStreamTrack the chart touches (kept structural so tests can pass plain objects). */
export interface TrackLike {
  readonly kind: string;
  readonly readyState: string;
  enabled: boolean;
  stop(): void;
}

/** The slice of MediaStream the chart touches. */
export interface StreamLike {
  getTracks(): TrackLike[];
  getVideoTracks(): TrackLike[];
  /** Tab / system audio of the capture (optional so tests can pass video-only objects). */
  getAudioTracks?(): TrackLike[];
}

/** Settings the host may change at any time (attributes of `<gs-screen-share>`). */
export interface SessionSettings {
  /** How long to wait for the terminal's reply to any request, in ms (PROTOCOL.md "Flows": then 408 / 308). */
  requestTimeoutMs: number;
  /** How long ctrlPresentation(1) waits for its reply, in ms (default 35000, DEVICE.md "Waits"); then cancelRequest and 489. */
  presentTimeoutMs: number;
  /** How long a terminal's ctrlPresentation(3) may take to become a capture, in ms (default 30000); then it is answered 408 and the host hears 308. */
  shareRequestTimeoutMs: number;
  /** Maximum video bitrate, in kbps: b=AS / b=TIAS in the SDP and the sender's maxBitrate. Undefined = browser default. */
  maxBitrateKbps?: number;
  /**
   * Trickle ICE: send the offer as soon as the socket is open, with the candidates gathered by then, and each later
   * ICE candidate in updateCandidate (PROTOCOL.md "Actions").
   * False (default) = complete SDP, as the original library and real terminals expect.
   */
  trickleIce?: boolean;
}

/** Input of the session machine. */
export interface SessionInput extends Partial<SessionSettings> {
  /** Default userName for calls (PROTOCOL.md "Body fields"; the original defaulted to "webRTC_Client"). */
  userName?: string;
  /** Each ICE restart's wait for a `connected` peer, in ms (default DEFAULT_ICE_RESTART_TIMEOUT_MS). */
  iceRestartTimeoutMs?: number;
  /** How long `disconnected` may last before ICE restarts, in ms (default DEFAULT_ICE_DISCONNECTED_GRACE_MS). */
  iceDisconnectedGraceMs?: number;
}

/** The machine's context: data; the state value carries the mode. */
export interface SessionContext extends SessionSettings {
  /** The terminal's WebSocket address of the current or last call. */
  url: string;
  /** userName sent in every request. */
  userName: string;
  /** The last reqId used; requests count up from 1 per session. */
  reqId: number;
  /** reqId of the request of each action awaiting its reply. */
  pending: Partial<Record<RequestAction, number>>;
  /** The screen capture while sharing (owned by the capture actor, which stops it on exit). */
  capture: StreamLike | null;
  /** RTCPeerConnection.connectionState as last reported by the peer actor. */
  peerState: string;
  /** How the last operation or call ended. */
  result: Result | null;
  /** The terminal's request awaiting the host's answer (or, for a share, the capture), if any. */
  incoming: IncomingRequest | null;
  /** The last offer sent, in wire form; destroyMediaSession carries it again (PROTOCOL.md "Body fields"). */
  localSdp: SdpField | null;
  /** reqId of the ctrlPresentation(1) last cancelled, until its reply is known not to be a 200. */
  cancelledReqId: number | null;
  /** ICE restarts tried since the connection was last `connected` (0..ICE_RESTART_TRIES; src/session/ice-restart.ts). */
  iceTries: number;
  /** Each ICE restart's wait from its offer to a `connected` peer, answer included, in ms. */
  iceRestartTimeoutMs: number;
  /** How long a `disconnected` peer may stay so before it is treated as `failed` and ICE restarts, in ms. */
  iceDisconnectedGraceMs: number;
}

/** What the terminal can ask of the page (PROTOCOL.md "Terminal asks to present / to stop / hangs up"). */
export type RequestKind = 'shareScreen' | 'stopShareScreen' | 'hangup';

/** A terminal request being answered. */
export interface IncomingRequest {
  kind: Exclude<RequestKind, 'hangup'>;
  reqId: number;
}

/** Commands from the host (the element or gsRTC). */
export type HostEvent =
  | { type: 'CALL'; url: string; userName?: string }
  | { type: 'BEGIN_SCREEN' }
  | { type: 'PAUSE'; mute: boolean }
  | { type: 'STOP_SCREEN' }
  | { type: 'HANG_UP' }
  | { type: 'CONFIGURE'; settings: Partial<SessionSettings> & { userName?: string } }
  /** The host's answer to the terminal's pending request (ctrlPresentation(3) or (2)). */
  | { type: 'ANSWER_REQUEST'; accept: boolean };

/** Facts reported by the signalling actor. */
export type SignalEvent =
  | { type: 'SIGNAL.OPEN' }
  | { type: 'SIGNAL.FRAME'; frame: Frame }
  | { type: 'SIGNAL.CLOSED'; code: number; reason: string };

/** Facts reported by the peer actor. */
export type PeerEvent =
  | { type: 'PEER.OFFER'; sdp: string }
  | { type: 'PEER.ANSWER_APPLIED' }
  | { type: 'PEER.ERROR'; message: string }
  /** A local ICE candidate to trickle (mids already in wire form); `candidate: ""` ends the candidates. */
  | { type: 'PEER.CANDIDATE'; candidate: CandidateField }
  | { type: 'PEER.STATE'; state: string };

/** Facts reported by the capture actor. */
export type CaptureEvent =
  | { type: 'CAPTURE.READY'; stream: StreamLike }
  | { type: 'CAPTURE.FAILED'; code: number; message: string }
  | { type: 'CAPTURE.ENDED' };

/**
 * Raised by the chart itself: REMOTE.HANGUP once it has answered a terminal's destroyMediaSession; ICE.GAVE_UP once
 * it has sent destroyMediaSession after the last ICE restart failed.
 */
export type InternalEvent = { type: 'REMOTE.HANGUP'; code: number; message: string } | { type: 'ICE.GAVE_UP' };

/** Every event the session machine takes. */
export type SessionEvent = HostEvent | SignalEvent | PeerEvent | CaptureEvent | InternalEvent;

/** Commands the machine sends to the signalling actor. */
export type SignallingCommand = { type: 'SEND'; frame: Frame };

/** Input of the capture actor: getDisplayMedia options (constraints, plus e.g. `systemAudio`); `{}` = the browser's defaults, video only. */
export interface CaptureInput {
  constraints?: { video?: boolean | Record<string, unknown>; audio?: boolean | Record<string, unknown>; [option: string]: unknown };
}

/** Commands the machine sends to the peer actor. */
export type PeerCommand =
  /** `iceRestart`: new ICE credentials in the offer (createOffer({ iceRestart: true })), gathered anew. */
  | { type: 'CREATE_OFFER'; iceRestart?: boolean }
  | { type: 'APPLY_ANSWER'; sdp: string }
  /** The screen track for the slides m-line, and the capture's audio for the audio m-line (mid 0), if any. */
  | { type: 'SET_SLIDES'; track: TrackLike | null; audio?: TrackLike | null }
  | { type: 'SET_PAUSED'; paused: boolean }
  /** A remote ICE candidate (wire mids); applied once the remote description is set, buffered before. */
  | { type: 'ADD_CANDIDATE'; candidate: CandidateField };

/** Events the machine emits (`actor.on(type, …)`): how the host learns outcomes. */
export type SessionEmitted =
  | ({ type: 'result'; op: Operation } & Result)
  | ({ type: 'ended' } & Result)
  /** The terminal asks: answer `shareScreen` / `stopShareScreen` with ANSWER_REQUEST; `hangup` is informative (code = its 5xx reason or 200). */
  | ({ type: 'terminalRequest'; kind: RequestKind } & Result);
