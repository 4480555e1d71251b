/**
 * The setup of the session statechart (src/session/session.machine.ts): its types, the actors it invokes, the
 * delays, guards and actions every piece of the chart names (session.machine.ts, presenting.chart.ts,
 * terminal-requests.chart.ts, ice-restart.ts, busy.ts). Behaviour of each is from PROTOCOL.md "Actions", "Body
 * fields", "Flows" and "Codes", and DEVICE.md "Waits" as noted on it.
 *
 * Pure: it imports only xstate and the pure protocol. The three actors (signalling, peer, capture) are
 * placeholders here, supplied by `browserSessionMachine` (src/session/browser-session.ts) or by tests through
 * `sessionMachine.provide({ actors })`.
 */
import { assign, enqueueActions, fromCallback, sendTo, setup } from 'xstate';
import {
  Code,
  SendPermission,
  describeCode,
  isWebSocketAddress,
  replyTo,
  sdpField,
  type Body,
  type RequestAction,
  type Result,
  type SendPermissionValue,
} from '../protocol/index.js';
import type {
  CaptureInput,
  Operation,
  PeerCommand,
  SessionContext,
  SessionEmitted,
  SessionEvent,
  SessionInput,
  SignallingCommand,
} from './types.js';
import { ICE_RESTART_TRIES } from './ice-restart.js';


function missing(name: string) {
  return () => {
    throw new Error(`session actor "${name}" was not provided; use browserSessionMachine or machine.provide()`);
  };
}

/** Placeholder actor logic, typed as the real actors are. */
const signallingPlaceholder = fromCallback<SignallingCommand, { url: string }>(missing('signalling'));
const peerPlaceholder = fromCallback<PeerCommand, { maxBitrateKbps?: number; trickleIce?: boolean }>(missing('peer'));
const capturePlaceholder = fromCallback<{ type: 'RELEASE' }, CaptureInput>(missing('capture'));

/** The code and message an event carries, for results made from replies and failures. */
function resultOf(event: SessionEvent, fallback: number): Result {
  switch (event.type) {
    case 'SIGNAL.FRAME': {
      const info = event.frame.body.rspInfo;
      return info ? { code: info.rspCode, message: info.rspMsg || describeCode(info.rspCode) } : { code: fallback, message: describeCode(fallback) };
    }
    case 'CAPTURE.FAILED':
      return { code: event.code, message: event.message || describeCode(event.code) };
    case 'PEER.ERROR':
      return { code: Code.MEDIA_ERROR, message: `${describeCode(Code.MEDIA_ERROR)}: ${event.message}` };
    case 'SIGNAL.CLOSED':
      return { code: Code.SOCKET_CLOSED, message: describeCode(Code.SOCKET_CLOSED) };
    default:
      return { code: fallback, message: describeCode(fallback) };
  }
}

type ReplyParams = { action: RequestAction };

/** The context a call starts from: nothing pending, captured, asked or offered yet, no ICE restart tried. */
export function callStart(): Pick<
  SessionContext,
  'pending' | 'capture' | 'peerState' | 'result' | 'incoming' | 'localSdp' | 'cancelledReqId' | 'iceTries'
> {
  return { pending: {}, capture: null, peerState: 'new', result: null, incoming: null, localSdp: null, cancelledReqId: null, iceTries: 0 };
}
/** The setup every piece of the session chart is typed by; `createMachine` on it is in session.machine.ts. */
export const machineSetup = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
    emitted: {} as SessionEmitted,
  },
  actors: {
    signalling: signallingPlaceholder,
    peer: peerPlaceholder,
    capture: capturePlaceholder,
  },
  delays: {
    requestTimeout: ({ context }) => context.requestTimeoutMs,
    presentTimeout: ({ context }) => context.presentTimeoutMs,
    shareRequestTimeout: ({ context }) => context.shareRequestTimeoutMs,
    iceRestartTimeout: ({ context }) => context.iceRestartTimeoutMs,
    iceDisconnectedGrace: ({ context }) => context.iceDisconnectedGraceMs,
  },
  guards: {
    validAddress: ({ event }) => event.type === 'CALL' && isWebSocketAddress(event.url),
    /** The event is the reply to our pending request of `action`. */
    isReply: ({ context, event }, params: ReplyParams) =>
      event.type === 'SIGNAL.FRAME' &&
      event.frame.action === `${params.action}Ret` &&
      context.pending[params.action] === event.frame.body.reqId,
    /** …and it says 200. */
    isReplyOk: ({ context, event }, params: ReplyParams) =>
      event.type === 'SIGNAL.FRAME' &&
      event.frame.action === `${params.action}Ret` &&
      context.pending[params.action] === event.frame.body.reqId &&
      event.frame.body.rspInfo?.rspCode === Code.OK,
    /** The event is a request of the terminal's, of `action` (and `sendPermission` when given). */
    isRequest: ({ event }, params: { action: RequestAction; sendPermission?: number }) =>
      event.type === 'SIGNAL.FRAME' &&
      event.frame.action === params.action &&
      (params.sendPermission === undefined || event.frame.body.sendPermission === params.sendPermission),
    isAnyRequest: ({ event }) => event.type === 'SIGNAL.FRAME' && !event.frame.action.endsWith('Ret'),
    /** A 200 to the ctrlPresentation(1) we cancelled: the terminal opened a presentation we no longer make. */
    isLateOk: ({ context, event }) =>
      event.type === 'SIGNAL.FRAME' &&
      event.frame.action === 'ctrlPresentationRet' &&
      context.cancelledReqId !== null &&
      event.frame.body.reqId === context.cancelledReqId &&
      event.frame.body.rspInfo?.rspCode === Code.OK,
    /** The share being started was asked for by the terminal (ctrlPresentation(3)). */
    answeringTerminal: ({ context }) => context.incoming?.kind === 'shareScreen',
    accepted: ({ event }) => event.type === 'ANSWER_REQUEST' && event.accept,
    stopAsked: ({ context }) => context.incoming?.kind === 'stopShareScreen',
    mute: ({ event }) => event.type === 'PAUSE' && event.mute,
    iceFailed: ({ context }) => context.peerState === 'failed',
    iceDisconnected: ({ context }) => context.peerState === 'disconnected',
    iceConnected: ({ context }) => context.peerState === 'connected',
    iceTriesLeft: ({ context }) => context.iceTries < ICE_RESTART_TRIES,
    unmute: ({ event }) => event.type === 'PAUSE' && !event.mute,
  },
  actions: {
    /** Takes the call's address and userName from CALL; clears what the last call left. */
    startCall: assign(({ context, event }) => {
      if (event.type !== 'CALL') return {};
      return { url: event.url, userName: event.userName || context.userName, ...callStart() };
    }),
    configure: assign(({ context, event }) => {
      if (event.type !== 'CONFIGURE') return {};
      const { settings } = event;
      return {
        requestTimeoutMs: settings.requestTimeoutMs ?? context.requestTimeoutMs,
        presentTimeoutMs: settings.presentTimeoutMs ?? context.presentTimeoutMs,
        shareRequestTimeoutMs: settings.shareRequestTimeoutMs ?? context.shareRequestTimeoutMs,
        maxBitrateKbps: 'maxBitrateKbps' in settings ? settings.maxBitrateKbps : context.maxBitrateKbps,
        trickleIce: settings.trickleIce ?? context.trickleIce,
        userName: settings.userName || context.userName,
      };
    }),
    /**
     * Sends a request of `action` with the next reqId and remembers it as pending (PROTOCOL.md "Body fields");
     * updateCandidate is fire-and-forget: its replies are not awaited.
     */
    sendRequest: enqueueActions(
      ({ context, event, enqueue }, params: { action: RequestAction; sendPermission?: SendPermissionValue }) => {
        const reqId = context.reqId + 1;
        const body: Body = { userName: context.userName, reqId };
        if (event.type === 'PEER.OFFER') {
          const sdp = sdpField(event.sdp);
          body.sdp = sdp;
          enqueue.assign({ localSdp: sdp });
        }
        // PROTOCOL.md "Body fields": destroyMediaSession carries the SDP too (the session's last offer).
        if (params.action === 'destroyMediaSession' && context.localSdp) body.sdp = context.localSdp;
        if (event.type === 'PEER.CANDIDATE') body.candidate = event.candidate;
        if (params.sendPermission !== undefined) body.sendPermission = params.sendPermission;
        if (params.action === 'cancelRequest') {
          // The cancelled request's permission (1 = start presenting), as the original sent it.
          body.sendPermission = 1;
          body.cancelReqId = context.pending.ctrlPresentation ?? 0;
          body.cancelReqCmd = 'ctrlPresentation';
        }
        enqueue.assign(
          params.action === 'updateCandidate' ? { reqId } : { reqId, pending: { ...context.pending, [params.action]: reqId } },
        );
        enqueue.sendTo('signalling', { type: 'SEND', frame: { action: params.action, body } } satisfies SignallingCommand);
      },
    ),
    /** Forgets the pending request of `action` (its reply came, or it timed out). */
    settle: assign(({ context }, params: ReplyParams) => {
      const pending = { ...context.pending };
      delete pending[params.action];
      return { pending };
    }),
    /** Answers the terminal's request in the current event with `code`. */
    reply: enqueueActions(({ context, event, enqueue }, params: { code: number }) => {
      if (event.type !== 'SIGNAL.FRAME' || event.frame.action.endsWith('Ret')) return;
      const frame = replyTo(event.frame.action as RequestAction, event.frame.body.reqId, params.code, describeCode(params.code), {
        userName: context.userName,
      });
      enqueue.sendTo('signalling', { type: 'SEND', frame } satisfies SignallingCommand);
    }),
    /** Emits the result of `op`: `code` when given, else the code the event carries. */
    emitResult: enqueueActions(({ event, enqueue }, params: { op: Operation; code?: number }) => {
      const res = params.code !== undefined ? { code: params.code, message: describeCode(params.code) } : resultOf(event, Code.OK);
      enqueue.assign({ result: res });
      enqueue.emit({ type: 'result', op: params.op, ...res });
    }),
    /** Emits the end of an established call, with `code` or the code the event carries. */
    emitEnded: enqueueActions(({ event, enqueue }, params: { code?: number }) => {
      let res: Result;
      if (params.code !== undefined) res = { code: params.code, message: describeCode(params.code) };
      // A terminal's destroyMediaSession may give a 5xx reason (PROTOCOL.md "Codes"); none = a plain hang-up.
      else if (event.type === 'REMOTE.HANGUP') res = { code: event.code, message: event.message };
      else res = resultOf(event, Code.OK);
      enqueue.assign({ result: res });
      enqueue.emit({ type: 'ended', ...res });
    }),
    createOffer: sendTo('peer', { type: 'CREATE_OFFER' } satisfies PeerCommand),
    applyAnswer: sendTo('peer', ({ event }): PeerCommand => ({
      type: 'APPLY_ANSWER',
      sdp: event.type === 'SIGNAL.FRAME' ? (event.frame.body.sdp?.data ?? '') : '',
    })),
    addCandidate: sendTo('peer', ({ event }): PeerCommand => ({
      type: 'ADD_CANDIDATE',
      candidate: event.type === 'SIGNAL.FRAME' && event.frame.body.candidate ? event.frame.body.candidate : { candidate: '' },
    })),
    keepCapture: assign(({ event }) => (event.type === 'CAPTURE.READY' ? { capture: event.stream } : {})),
    /** Puts the captured screen track on the slides sender (m-line 2) and its audio, if any, on the audio sender (m-line 0). */
    attachSlides: sendTo('peer', ({ context }): PeerCommand => ({
      type: 'SET_SLIDES',
      track: context.capture?.getVideoTracks()[0] ?? null,
      audio: context.capture?.getAudioTracks?.()[0] ?? null,
    })),
    /** Takes the slides track off the sender; no renegotiation (PROTOCOL.md "Page stops presenting"). */
    detachSlides: sendTo('peer', { type: 'SET_SLIDES', track: null } satisfies PeerCommand),
    forgetCapture: assign({ capture: null }),
    setPaused: sendTo('peer', (_, params: { paused: boolean }): PeerCommand => ({ type: 'SET_PAUSED', paused: params.paused })),
    /**
     * The terminal hangs up: reply first, then leave in a second step, because leaving `inCall` stops the
     * signalling actor and a reply queued after that would never be sent.
     */
    acceptRemoteHangup: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'SIGNAL.FRAME') return;
      const frame = replyTo('destroyMediaSession', event.frame.body.reqId, Code.OK, describeCode(Code.OK), {
        userName: context.userName,
      });
      enqueue.sendTo('signalling', { type: 'SEND', frame } satisfies SignallingCommand);
      const info = event.frame.body.rspInfo;
      enqueue.emit({
        type: 'terminalRequest',
        kind: 'hangup',
        code: info?.rspCode ?? Code.OK,
        message: info?.rspMsg || describeCode(info?.rspCode ?? Code.OK),
      });
      enqueue.raise({
        type: 'REMOTE.HANGUP',
        code: info?.rspCode ?? Code.OK,
        message: info?.rspMsg || describeCode(info?.rspCode ?? Code.OK),
      });
    }),
    /** Remembers the terminal's request in the current event and tells the host (emitted `terminalRequest`). */
    takeRequest: enqueueActions(({ event, enqueue }, params: { kind: 'shareScreen' | 'stopShareScreen' }) => {
      if (event.type !== 'SIGNAL.FRAME') return;
      enqueue.assign({ incoming: { kind: params.kind, reqId: event.frame.body.reqId } });
      enqueue.emit({ type: 'terminalRequest', kind: params.kind, code: Code.OK, message: describeCode(Code.OK) });
    }),
    /** Answers the remembered terminal request with `code` and forgets it. */
    answerIncoming: enqueueActions(({ context, enqueue }, params: { code: number }) => {
      if (!context.incoming) return;
      const frame = replyTo('ctrlPresentation', context.incoming.reqId, params.code, describeCode(params.code), {
        userName: context.userName,
      });
      enqueue.sendTo('signalling', { type: 'SEND', frame } satisfies SignallingCommand);
      enqueue.assign({ incoming: null });
    }),
    /** Remembers the ctrlPresentation(1) being cancelled, so that a late 200 to it is closed. */
    noteCancelled: assign(({ context }) => ({ cancelledReqId: context.pending.ctrlPresentation ?? null })),
    /**
     * The terminal said 200 to a ctrlPresentation(1) we had cancelled (it answered before it saw the cancel):
     * ctrlPresentation(0) closes the presentation it opened, so nothing is left open on its side. (The original
     * sends a frame `"close "` here, gsrtc_websocket.js:189, which no terminal action names.)
     */
    closeLateShare: enqueueActions(({ context, enqueue }) => {
      const reqId = context.reqId + 1;
      enqueue.assign({ reqId, cancelledReqId: null });
      enqueue.sendTo('signalling', {
        type: 'SEND',
        frame: { action: 'ctrlPresentation', body: { userName: context.userName, reqId, sendPermission: SendPermission.PAGE_STOP } },
      } satisfies SignallingCommand);
    }),
    notePeerState: assign(({ event }) => (event.type === 'PEER.STATE' ? { peerState: event.state } : {})),
    /** One ICE restart try (src/session/ice-restart.ts): counted, and an offer with new ICE credentials asked for. */
    restartIce: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ iceTries: context.iceTries + 1 });
      enqueue.sendTo('peer', { type: 'CREATE_OFFER', iceRestart: true } satisfies PeerCommand);
    }),
    /** The peer connection is `connected` again: the next failure gets all its tries. */
    iceSettled: assign({ iceTries: ({ context }) => (context.peerState === 'connected' ? 0 : context.iceTries) }),
    /**
     * The last ICE restart failed: destroyMediaSession to the terminal, then ICE.GAVE_UP ends the call in a second
     * step (leaving `inCall` stops the signalling actor, see acceptRemoteHangup).
     */
    giveUpIce: enqueueActions(({ context, enqueue }) => {
      // Not awaited: the call ends either way. It carries the last offer, as every destroyMediaSession.
      const reqId = context.reqId + 1;
      const body: Body = { userName: context.userName, reqId, ...(context.localSdp ? { sdp: context.localSdp } : {}) };
      enqueue.assign({ reqId });
      enqueue.sendTo('signalling', { type: 'SEND', frame: { action: 'destroyMediaSession', body } } satisfies SignallingCommand);
      enqueue.raise({ type: 'ICE.GAVE_UP' });
    }),
  },
});

/** The configuration of one state of the session machine, typed by its setup (for pieces built apart, ice-restart.ts). */
export type SessionStateConfig = NonNullable<Parameters<typeof machineSetup.createMachine>[0]['states']>[string];

/** The `on` map of one state of the session machine: event type → transitions (for pieces built apart). */
export type SessionTransitions = NonNullable<SessionStateConfig['on']>;
