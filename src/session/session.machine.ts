/**
 * The page side of a gs-webrtc-json call as an XState v5 statechart (PROTOCOL.md "Flows").
 *
 * Pure: it imports only xstate and the pure protocol. The three actors it invokes (signalling, peer, capture)
 * are named here with placeholders and supplied by `browserSessionMachine` (src/session/browser-session.ts)
 * or by tests through `sessionMachine.provide({ actors })`.
 *
 * idle ─CALL→ inCall.calling ─answer applied→ inCall.connected ─BEGIN_SCREEN→ inCall.sharing.presenting
 *   (capturing → requesting → offering → awaitingAnswer → applyingAnswer → live) ⇄ inCall.sharing.paused;
 *   STOP_SCREEN / browser "Stop sharing" → inCall.stopping → connected; HANG_UP → inCall.hangingUp → idle;
 *   socket lost → failed (302); terminal hang-up → idle with its code. In connected, presenting.live and paused a
 *   failed ICE restarts (ice-restart.ts): up to 3 tries, then destroyMediaSession → failed (488).
 *
 * Every host command ends in exactly one emitted `result` event for its operation; the end of an established
 * call emits `ended`. Capture, peer connection and socket belong to invoked actors, so leaving a state releases
 * them: nothing is left running.
 */
import { and, assign, enqueueActions, fromCallback, sendTo, setup } from 'xstate';
import {
  Code,
  SendPermission,
  describeCode,
  isWebSocketAddress,
  replyTo,
  sdpField,
  DEFAULT_USER_NAME,
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
import { DEFAULT_ICE_DISCONNECTED_GRACE_MS, DEFAULT_ICE_RESTART_TIMEOUT_MS, ICE_FAILED_CODE, ICE_RESTART_TRIES, iceWatch } from './ice-restart.js';

/** Default request timeout, in ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Default wait for the terminal's answer to ctrlPresentation(1), in ms: the original's 35 s (gsrtc_jsep.js:27;
 * DEVICE.md "Waits"), since a device asks its user. Then cancelRequest, and beginScreen ends 489.
 */
export const DEFAULT_PRESENT_TIMEOUT_MS = 35_000;

/**
 * Default time a terminal's ctrlPresentation(3) may take to become a capture, in ms: the original's 30 s
 * (gsrtc_event.js:67-87); then it is answered 308.
 */
export const DEFAULT_SHARE_REQUEST_TIMEOUT_MS = 30_000;

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

const machineSetup = setup({
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
      return {
        url: event.url,
        userName: event.userName || context.userName,
        pending: {},
        capture: null,
        peerState: 'new',
        result: null,
        incoming: null,
        localSdp: null,
        cancelledReqId: null,
        iceTries: 0,
      };
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
    iceRestored: assign({ iceTries: 0 }),
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

export const sessionMachine = machineSetup.createMachine({
  id: 'session',
  context: ({ input }) => ({
    url: '',
    userName: input.userName || DEFAULT_USER_NAME,
    requestTimeoutMs: input.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    maxBitrateKbps: input.maxBitrateKbps,
    trickleIce: input.trickleIce ?? false,
    reqId: 0,
    pending: {},
    capture: null,
    peerState: 'new',
    result: null,
    incoming: null,
    localSdp: null,
    presentTimeoutMs: input.presentTimeoutMs ?? DEFAULT_PRESENT_TIMEOUT_MS,
    shareRequestTimeoutMs: input.shareRequestTimeoutMs ?? DEFAULT_SHARE_REQUEST_TIMEOUT_MS,
    cancelledReqId: null,
    iceTries: 0,
    iceRestartTimeoutMs: input.iceRestartTimeoutMs ?? DEFAULT_ICE_RESTART_TIMEOUT_MS,
    iceDisconnectedGraceMs: input.iceDisconnectedGraceMs ?? DEFAULT_ICE_DISCONNECTED_GRACE_MS,
  }),
  initial: 'idle',
  on: {
    CONFIGURE: { actions: 'configure' },
    // Commands that do not fit the current state; states that accept them override these.
    CALL: { actions: { type: 'emitResult', params: { op: 'call', code: Code.ALREADY_IN_CALL } } },
    BEGIN_SCREEN: { actions: { type: 'emitResult', params: { op: 'beginScreen', code: Code.NOT_IN_CALL } } },
    PAUSE: { actions: { type: 'emitResult', params: { op: 'pausePresent', code: Code.NOT_IN_CALL } } },
    STOP_SCREEN: { actions: { type: 'emitResult', params: { op: 'stopScreen', code: Code.NOT_IN_CALL } } },
    HANG_UP: { actions: { type: 'emitResult', params: { op: 'hangUp', code: Code.NOT_IN_CALL } } },
  },
  states: {
    idle: {
      on: {
        CALL: [
          { guard: 'validAddress', target: 'inCall', actions: 'startCall' },
          { actions: { type: 'emitResult', params: { op: 'call', code: Code.INVALID_ADDRESS } } },
        ],
      },
    },
    failed: {
      on: {
        CALL: [
          { guard: 'validAddress', target: 'inCall', actions: 'startCall' },
          { actions: { type: 'emitResult', params: { op: 'call', code: Code.INVALID_ADDRESS } } },
        ],
      },
    },
    inCall: {
      invoke: [
        { id: 'signalling', src: 'signalling', input: ({ context }) => ({ url: context.url }) },
        { id: 'peer', src: 'peer', input: ({ context }) => ({ maxBitrateKbps: context.maxBitrateKbps, trickleIce: context.trickleIce }) },
      ],
      initial: 'calling',
      on: {
        'PEER.STATE': { actions: 'notePeerState' },
        'PEER.CANDIDATE': { actions: { type: 'sendRequest', params: { action: 'updateCandidate' } } },
        'SIGNAL.CLOSED': { target: 'failed', actions: { type: 'emitEnded', params: { code: Code.SOCKET_CLOSED } } },
        'SIGNAL.FRAME': [
          // A late 200 to a cancelled ctrlPresentation(1), after cancelRequestRet.
          { guard: 'isLateOk', actions: 'closeLateShare' },
          {
            // Terminal hangs up (PROTOCOL.md "Terminal hangs up"): reply 200, then clean up on REMOTE.HANGUP.
            guard: { type: 'isRequest', params: { action: 'destroyMediaSession' } },
            actions: 'acceptRemoteHangup',
          },
          {
            // Trickle ICE from the terminal: applied after the remote description (the peer actor buffers).
            guard: { type: 'isRequest', params: { action: 'updateCandidate' } },
            actions: ['addCandidate', { type: 'reply', params: { code: Code.OK } }],
          },
          // Any other request this state does not handle is not supported here.
          { guard: 'isAnyRequest', actions: { type: 'reply', params: { code: Code.NOT_SUPPORTED } } },
        ],
        HANG_UP: '.hangingUp',
        'REMOTE.HANGUP': { target: 'idle', actions: { type: 'emitEnded', params: {} } },
        // The last ICE restart failed (src/session/ice-restart.ts); destroyMediaSession has gone.
        'ICE.GAVE_UP': { target: 'failed', actions: { type: 'emitEnded', params: { code: ICE_FAILED_CODE } } },
      },
      states: {
        calling: {
          initial: 'connecting',
          after: {
            requestTimeout: { target: '#session.failed', actions: { type: 'emitResult', params: { op: 'call', code: Code.TIMEOUT } } },
          },
          on: {
            'SIGNAL.CLOSED': { target: '#session.failed', actions: { type: 'emitResult', params: { op: 'call' } } },
            'PEER.ERROR': { target: '#session.failed', actions: { type: 'emitResult', params: { op: 'call' } } },
            HANG_UP: {
              target: 'hangingUp',
              actions: { type: 'emitResult', params: { op: 'call', code: Code.CANCELLED } },
            },
          },
          states: {
            connecting: { on: { 'SIGNAL.OPEN': { target: 'offering', actions: 'createOffer' } } },
            offering: {
              on: { 'PEER.OFFER': { target: 'awaitingAnswer', actions: { type: 'sendRequest', params: { action: 'createMediaSession' } } } },
            },
            awaitingAnswer: {
              on: {
                'SIGNAL.FRAME': [
                  {
                    guard: { type: 'isReplyOk', params: { action: 'createMediaSession' } },
                    target: 'applyingAnswer',
                    actions: [{ type: 'settle', params: { action: 'createMediaSession' } }, 'applyAnswer'],
                  },
                  {
                    guard: { type: 'isReply', params: { action: 'createMediaSession' } },
                    target: '#session.failed',
                    actions: { type: 'emitResult', params: { op: 'call' } },
                  },
                ],
              },
            },
            applyingAnswer: {
              on: {
                'PEER.ANSWER_APPLIED': {
                  target: '#session.inCall.connected',
                  actions: { type: 'emitResult', params: { op: 'call', code: Code.OK } },
                },
              },
            },
          },
        },
        connected: {
          ...iceWatch('connectedIce'),
          on: {
            BEGIN_SCREEN: 'sharing',
            STOP_SCREEN: { actions: { type: 'emitResult', params: { op: 'stopScreen', code: Code.NO_STREAM } } },
            PAUSE: { actions: { type: 'emitResult', params: { op: 'pausePresent', code: Code.NO_STREAM } } },
            'SIGNAL.FRAME': [
              {
                // Terminal asks to present (PROTOCOL.md "Terminal asks to present"): ask the host, then capture.
                guard: { type: 'isRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.TERMINAL_ASKS_START } },
                target: 'asked',
                actions: { type: 'takeRequest', params: { kind: 'shareScreen' } },
              },
              {
                // Nothing presented (or a repeated stop after ours): 200 again, as the original answers (DEVICE.md "Waits").
                guard: { type: 'isRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.TERMINAL_ASKS_STOP } },
                actions: { type: 'reply', params: { code: Code.OK } },
              },
            ],
          },
        },
        asked: {
          // The terminal's ctrlPresentation(3) waits for the host (confirm prompt or detail.accept()/reject()), then
          // 308 as the original answers on its timeout (DEVICE.md "Waits").
          after: {
            shareRequestTimeout: {
              target: 'connected',
              actions: [{ type: 'answerIncoming', params: { code: Code.SHARE_TIMEOUT } }, { type: 'emitResult', params: { op: 'beginScreen', code: Code.SHARE_TIMEOUT } }],
            },
          },
          on: {
            ANSWER_REQUEST: [
              { guard: 'accepted', target: 'sharing' },
              { target: 'connected', actions: { type: 'answerIncoming', params: { code: Code.REFUSED } } },
            ],
            // The host's own beginScreen() while asked is a yes.
            BEGIN_SCREEN: 'sharing',
            HANG_UP: { target: 'hangingUp', actions: { type: 'answerIncoming', params: { code: Code.REFUSED } } },
            'SIGNAL.FRAME': [
              {
                guard: { type: 'isRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.TERMINAL_ASKS_START } },
                actions: { type: 'reply', params: { code: Code.STARTING } },
              },
              {
                guard: { type: 'isRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.TERMINAL_ASKS_STOP } },
                actions: { type: 'reply', params: { code: Code.NO_STREAM } },
              },
            ],
          },
        },
        sharing: {
          // The capture lives exactly as long as this state: its actor stops every track on exit.
          invoke: { id: 'capture', src: 'capture', input: () => ({}) },
          exit: 'forgetCapture',
          initial: 'presenting',
          on: {
            BEGIN_SCREEN: { actions: { type: 'emitResult', params: { op: 'beginScreen', code: Code.NO_STREAM } } },
            STOP_SCREEN: 'stopping',
            'CAPTURE.ENDED': 'stopping',
            'SIGNAL.FRAME': [
              {
                guard: { type: 'isRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.TERMINAL_ASKS_START } },
                actions: { type: 'reply', params: { code: Code.NO_STREAM } },
              },
              {
                // The same stop asked again while the host decides: 200, as the original answers a repeated (2).
                guard: and(['stopAsked', { type: 'isRequest', params: { action: 'ctrlPresentation' as const, sendPermission: SendPermission.TERMINAL_ASKS_STOP } }]),
                actions: { type: 'reply', params: { code: Code.OK } },
              },
              {
                // Terminal asks to stop (PROTOCOL.md "Terminal asks to stop"): the host agrees (default) or refuses (403).
                guard: { type: 'isRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.TERMINAL_ASKS_STOP } },
                actions: { type: 'takeRequest', params: { kind: 'stopShareScreen' } },
              },
            ],
            ANSWER_REQUEST: [
              {
                // No ctrlPresentation(0): the terminal asked, our 200 is the answer.
                guard: and(['stopAsked', 'accepted']),
                target: 'connected',
                actions: ['detachSlides', { type: 'answerIncoming', params: { code: Code.OK } }, { type: 'emitResult', params: { op: 'stopScreen', code: Code.OK } }],
              },
              { guard: 'stopAsked', actions: { type: 'answerIncoming', params: { code: Code.REFUSED } } },
            ],
          },
          states: {
            presenting: {
              initial: 'starting',
              states: {
                starting: {
                  initial: 'capturing',
                  on: {
                    BEGIN_SCREEN: { actions: { type: 'emitResult', params: { op: 'beginScreen', code: Code.STARTING } } },
                    PAUSE: { actions: { type: 'emitResult', params: { op: 'pausePresent', code: Code.STARTING } } },
                    'SIGNAL.FRAME': {
                      guard: { type: 'isRequest', params: { action: 'ctrlPresentation' } },
                      actions: { type: 'reply', params: { code: Code.STARTING } },
                    },
                    STOP_SCREEN: {
                      target: '#session.inCall.stopping',
                      actions: { type: 'emitResult', params: { op: 'beginScreen', code: Code.CANCELLED } },
                    },
                    'CAPTURE.ENDED': {
                      target: '#session.inCall.stopping',
                      actions: { type: 'emitResult', params: { op: 'beginScreen', code: Code.CANCELLED } },
                    },
                    'PEER.ERROR': {
                      target: '#session.inCall.stopping',
                      actions: { type: 'emitResult', params: { op: 'beginScreen' } },
                    },
                  },
                  states: {
                    capturing: {
                      after: {
                        // Only a share the terminal asked for is timed: it waits for our ctrlPresentationRet, and the
                        // original answers 308 on its timeout (DEVICE.md "Waits").
                        shareRequestTimeout: {
                          guard: 'answeringTerminal',
                          target: '#session.inCall.connected',
                          actions: [{ type: 'answerIncoming', params: { code: Code.SHARE_TIMEOUT } }, { type: 'emitResult', params: { op: 'beginScreen', code: Code.SHARE_TIMEOUT } }],
                        },
                      },
                      on: {
                        'CAPTURE.READY': [
                          {
                            // Answer the terminal's ctrlPresentation(3) with 200, then renegotiate.
                            guard: 'answeringTerminal',
                            target: 'offering',
                            actions: ['keepCapture', { type: 'answerIncoming', params: { code: Code.OK } }, 'attachSlides', 'createOffer'],
                          },
                          {
                            target: 'requesting',
                            actions: [
                              'keepCapture',
                              { type: 'sendRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.PAGE_START } },
                            ],
                          },
                        ],
                        'CAPTURE.FAILED': {
                          // A terminal's ctrlPresentation(3) hears 303 when the capture fails, as the original answers.
                          target: '#session.inCall.connected',
                          actions: [{ type: 'answerIncoming', params: { code: Code.CAPTURE_REFUSED } }, { type: 'emitResult', params: { op: 'beginScreen' } }],
                        },
                        // Capture not granted yet: nothing was asked of the terminal, so nothing to cancel.
                        STOP_SCREEN: { actions: { type: 'emitResult', params: { op: 'stopScreen', code: Code.STARTING } } },
                      },
                    },
                    requesting: {
                      after: {
                        // The terminal's user did not answer in time: cancel the request, as the original does; 489.
                        presentTimeout: { target: '#session.inCall.cancelling' },
                      },
                      on: {
                        'SIGNAL.FRAME': [
                          {
                            guard: { type: 'isReplyOk', params: { action: 'ctrlPresentation' } },
                            target: 'offering',
                            actions: [{ type: 'settle', params: { action: 'ctrlPresentation' } }, 'attachSlides', 'createOffer'],
                          },
                          {
                            guard: { type: 'isReply', params: { action: 'ctrlPresentation' } },
                            target: '#session.inCall.connected',
                            actions: [{ type: 'settle', params: { action: 'ctrlPresentation' } }, { type: 'emitResult', params: { op: 'beginScreen' } }],
                          },
                        ],
                        // The user ended the capture before the terminal answered (PROTOCOL.md "Cancel").
                        'CAPTURE.ENDED': { target: '#session.inCall.cancelling' },
                        STOP_SCREEN: { target: '#session.inCall.cancelling' },
                      },
                    },
                    offering: {
                      on: {
                        'PEER.OFFER': {
                          target: 'awaitingAnswer',
                          actions: { type: 'sendRequest', params: { action: 'updateMediaSession' } },
                        },
                      },
                    },
                    awaitingAnswer: {
                      after: {
                        requestTimeout: {
                          target: '#session.inCall.stopping',
                          actions: [
                            { type: 'settle', params: { action: 'updateMediaSession' } },
                            { type: 'emitResult', params: { op: 'beginScreen', code: Code.SHARE_TIMEOUT } },
                          ],
                        },
                      },
                      on: {
                        'SIGNAL.FRAME': [
                          {
                            guard: { type: 'isReplyOk', params: { action: 'updateMediaSession' } },
                            target: 'applyingAnswer',
                            actions: [{ type: 'settle', params: { action: 'updateMediaSession' } }, 'applyAnswer'],
                          },
                          {
                            guard: { type: 'isReply', params: { action: 'updateMediaSession' } },
                            target: '#session.inCall.stopping',
                            actions: [{ type: 'settle', params: { action: 'updateMediaSession' } }, { type: 'emitResult', params: { op: 'beginScreen' } }],
                          },
                        ],
                      },
                    },
                    applyingAnswer: {
                      on: {
                        'PEER.ANSWER_APPLIED': {
                          target: '#session.inCall.sharing.presenting.live',
                          actions: { type: 'emitResult', params: { op: 'beginScreen', code: Code.OK } },
                        },
                      },
                    },
                  },
                },
                live: {
                  ...iceWatch('liveIce'),
                  on: {
                    PAUSE: [
                      { guard: 'mute', target: '#session.inCall.sharing.paused', actions: { type: 'emitResult', params: { op: 'pausePresent', code: Code.OK } } },
                      { actions: { type: 'emitResult', params: { op: 'pausePresent', code: Code.NO_STREAM } } },
                    ],
                  },
                },
              },
            },
            paused: {
              ...iceWatch('pausedIce'),
              // Pause is local only: the track is disabled and its encoding inactive; no signalling (PROTOCOL.md "Pause / resume").
              entry: { type: 'setPaused', params: { paused: true } },
              exit: { type: 'setPaused', params: { paused: false } },
              on: {
                PAUSE: [
                  { guard: 'unmute', target: '#session.inCall.sharing.presenting.live', actions: { type: 'emitResult', params: { op: 'pausePresent', code: Code.OK } } },
                  { actions: { type: 'emitResult', params: { op: 'pausePresent', code: Code.NO_STREAM } } },
                ],
              },
            },
          },
        },
        stopping: {
          // Capture already released on leaving `sharing`; tell the terminal (PROTOCOL.md "Page stops presenting").
          entry: [
            'detachSlides',
            { type: 'sendRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.PAGE_STOP } },
            // A stop the terminal had asked for is done too.
            { type: 'answerIncoming', params: { code: Code.OK } },
          ],
          after: {
            requestTimeout: {
              target: 'connected',
              actions: [
                { type: 'settle', params: { action: 'ctrlPresentation' } },
                { type: 'emitResult', params: { op: 'stopScreen', code: Code.TIMEOUT } },
              ],
            },
          },
          on: {
            BEGIN_SCREEN: { actions: { type: 'emitResult', params: { op: 'beginScreen', code: Code.STOPPING } } },
            STOP_SCREEN: { actions: { type: 'emitResult', params: { op: 'stopScreen', code: Code.STOPPING } } },
            PAUSE: { actions: { type: 'emitResult', params: { op: 'pausePresent', code: Code.NO_STREAM } } },
            'SIGNAL.FRAME': [
              {
                guard: { type: 'isReply', params: { action: 'ctrlPresentation' } },
                target: 'connected',
                actions: [{ type: 'settle', params: { action: 'ctrlPresentation' } }, { type: 'emitResult', params: { op: 'stopScreen' } }],
              },
              {
                guard: { type: 'isRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.TERMINAL_ASKS_STOP } },
                actions: { type: 'reply', params: { code: Code.OK } },
              },
              {
                guard: { type: 'isRequest', params: { action: 'ctrlPresentation' } },
                actions: { type: 'reply', params: { code: Code.STOPPING } },
              },
            ],
          },
        },
        cancelling: {
          // The capture ended while ctrlPresentation(1) awaited its reply: cancelRequest, then back to connected
          // whichever of cancelRequestRet and ctrlPresentationRet(489) comes first (PROTOCOL.md "Cancel").
          entry: [
            'detachSlides',
            'noteCancelled',
            { type: 'sendRequest', params: { action: 'cancelRequest' } },
            { type: 'emitResult', params: { op: 'beginScreen', code: Code.CANCELLED } },
          ],
          after: {
            requestTimeout: {
              target: 'connected',
              actions: [{ type: 'settle', params: { action: 'cancelRequest' } }, { type: 'settle', params: { action: 'ctrlPresentation' } }],
            },
          },
          on: {
            BEGIN_SCREEN: { actions: { type: 'emitResult', params: { op: 'beginScreen', code: Code.STOPPING } } },
            STOP_SCREEN: { actions: { type: 'emitResult', params: { op: 'stopScreen', code: Code.STOPPING } } },
            PAUSE: { actions: { type: 'emitResult', params: { op: 'pausePresent', code: Code.NO_STREAM } } },
            'SIGNAL.FRAME': [
              {
                guard: { type: 'isReply', params: { action: 'cancelRequest' } },
                target: 'connected',
                actions: [{ type: 'settle', params: { action: 'cancelRequest' } }, { type: 'settle', params: { action: 'ctrlPresentation' } }],
              },
              // ctrlPresentationRet 200: the terminal answered before it saw the cancel; close what it opened.
              {
                guard: 'isLateOk',
                actions: [{ type: 'settle', params: { action: 'ctrlPresentation' } }, 'closeLateShare'],
              },
              // ctrlPresentationRet 489 (or another code): wait for cancelRequestRet.
              { guard: { type: 'isReply', params: { action: 'ctrlPresentation' } }, actions: { type: 'settle', params: { action: 'ctrlPresentation' } } },
            ],
          },
        },
        hangingUp: {
          // PROTOCOL.md "Hang up": destroyMediaSession, then close; leaving inCall closes the peer connection and socket.
          entry: { type: 'sendRequest', params: { action: 'destroyMediaSession' } },
          after: {
            requestTimeout: {
              target: '#session.idle',
              actions: [
                { type: 'emitResult', params: { op: 'hangUp', code: Code.TIMEOUT } },
                { type: 'emitEnded', params: { code: Code.TIMEOUT } },
              ],
            },
          },
          on: {
            HANG_UP: { actions: { type: 'emitResult', params: { op: 'hangUp', code: Code.NO_STREAM } } },
            BEGIN_SCREEN: { actions: { type: 'emitResult', params: { op: 'beginScreen', code: Code.NOT_IN_CALL } } },
            'REMOTE.HANGUP': {
              target: '#session.idle',
              actions: [{ type: 'emitResult', params: { op: 'hangUp', code: Code.OK } }, { type: 'emitEnded', params: { code: Code.OK } }],
            },
            'SIGNAL.CLOSED': {
              target: '#session.idle',
              actions: [{ type: 'emitResult', params: { op: 'hangUp', code: Code.OK } }, { type: 'emitEnded', params: { code: Code.OK } }],
            },
            'SIGNAL.FRAME': [
              {
                guard: { type: 'isReply', params: { action: 'destroyMediaSession' } },
                target: '#session.idle',
                actions: [{ type: 'emitResult', params: { op: 'hangUp' } }, { type: 'emitEnded', params: { code: Code.OK } }],
              },
              {
                // Both sides hung up at once: answer theirs; REMOTE.HANGUP below ends it.
                guard: { type: 'isRequest', params: { action: 'destroyMediaSession' } },
                actions: 'acceptRemoteHangup',
              },
            ],
          },
        },
      },
    },
  },
});

export type SessionMachine = typeof sessionMachine;
