/**
 * The page side of a gs-webrtc-json call as an XState v5 statechart (PROTOCOL.md "Flows").
 *
 * Pure: it imports only xstate and the pure protocol. The three actors it invokes (signalling, peer, capture)
 * are named in its setup (session.setup.ts) with placeholders and supplied by `browserSessionMachine`
 * (src/session/browser-session.ts) or by tests through `sessionMachine.provide({ actors })`.
 *
 * This file holds the top of the chart: idle, failed, and in `inCall` calling (PROTOCOL.md "Flows": call),
 * connected and hangingUp ("Hang up"). Its pieces are files of their own: presenting.chart.ts (sharing, stopping,
 * cancelling), terminal-requests.chart.ts (the terminal's ctrlPresentation(3)/(2) and `asked`), ice-restart.ts
 * (the ICE watch), busy.ts (answers to commands that do not fit a state) and chart-parts.ts (offer/answer steps).
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
import { Code, DEFAULT_USER_NAME } from '../protocol/index.js';
import { notInCall, nothingPresented, refuse } from './busy.js';
import { answerTo, applyingAnswer, report } from './chart-parts.js';
import { DEFAULT_ICE_DISCONNECTED_GRACE_MS, DEFAULT_ICE_RESTART_TIMEOUT_MS, ICE_FAILED_CODE, iceWatch } from './ice-restart.js';
import { cancellingState, sharingState, stoppingState } from './presenting.chart.js';
import { callStart, machineSetup } from './session.setup.js';
import { askedState, terminalAsksWhileConnected } from './terminal-requests.chart.js';

export type { SessionStateConfig } from './session.setup.js';

/** Default request timeout, in ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Default wait for the terminal's answer to ctrlPresentation(1), in ms: the original's 35 s (gsrtc_jsep.js:27;
 * DEVICE.md "Waits"), since a device asks its user. Then cancelRequest, and beginScreen ends 489.
 */
export const DEFAULT_PRESENT_TIMEOUT_MS = 35_000;

/**
 * Default time a terminal's ctrlPresentation(3) may take to become a capture, in ms: the original's 30 s
 * (gsrtc_event.js:67-87); then it is answered 408 (PROTOCOL.md; the original sent 308) and the host hears 308.
 */
export const DEFAULT_SHARE_REQUEST_TIMEOUT_MS = 30_000;

/** The session statechart; see the top of this file for its states, and the pieces it is built from. */
export const sessionMachine = machineSetup.createMachine({
  id: 'session',
  context: ({ input }) => ({
    url: '',
    userName: input.userName || DEFAULT_USER_NAME,
    requestTimeoutMs: input.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    maxBitrateKbps: input.maxBitrateKbps,
    trickleIce: input.trickleIce ?? false,
    reqId: 0,
    ...callStart(),
    presentTimeoutMs: input.presentTimeoutMs ?? DEFAULT_PRESENT_TIMEOUT_MS,
    shareRequestTimeoutMs: input.shareRequestTimeoutMs ?? DEFAULT_SHARE_REQUEST_TIMEOUT_MS,
    iceRestartTimeoutMs: input.iceRestartTimeoutMs ?? DEFAULT_ICE_RESTART_TIMEOUT_MS,
    iceDisconnectedGraceMs: input.iceDisconnectedGraceMs ?? DEFAULT_ICE_DISCONNECTED_GRACE_MS,
  }),
  initial: 'idle',
  on: {
    CONFIGURE: { actions: 'configure' },
    // Commands that do not fit the current state; states that accept them override these.
    ...notInCall,
  },
  states: {
    idle: {
      on: {
        CALL: [
          { guard: 'validAddress', target: 'inCall', actions: 'startCall' },
          refuse('call', Code.INVALID_ADDRESS),
        ],
      },
    },
    failed: {
      on: {
        CALL: [
          { guard: 'validAddress', target: 'inCall', actions: 'startCall' },
          refuse('call', Code.INVALID_ADDRESS),
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
            requestTimeout: { target: '#session.failed', actions: report('call', Code.TIMEOUT) },
          },
          on: {
            'SIGNAL.CLOSED': { target: '#session.failed', actions: report('call') },
            'PEER.ERROR': { target: '#session.failed', actions: report('call') },
            HANG_UP: {
              target: 'hangingUp',
              actions: report('call', Code.CANCELLED),
            },
          },
          states: {
            connecting: { on: { 'SIGNAL.OPEN': { target: 'offering', actions: 'createOffer' } } },
            offering: {
              on: { 'PEER.OFFER': { target: 'awaitingAnswer', actions: { type: 'sendRequest', params: { action: 'createMediaSession' } } } },
            },
            awaitingAnswer: {
              on: { 'SIGNAL.FRAME': answerTo('createMediaSession', 'applyingAnswer', { target: '#session.failed', actions: report('call') }) },
            },
            applyingAnswer: applyingAnswer('#session.inCall.connected', 'call'),
          },
        },
        connected: {
          ...iceWatch('connectedIce'),
          on: {
            BEGIN_SCREEN: 'sharing',
            ...nothingPresented,
            'SIGNAL.FRAME': terminalAsksWhileConnected,
          },
        },
        asked: askedState,
        sharing: sharingState,
        stopping: stoppingState,
        cancelling: cancellingState,
        hangingUp: {
          // PROTOCOL.md "Hang up": destroyMediaSession, then close; leaving inCall closes the peer connection and socket.
          entry: { type: 'sendRequest', params: { action: 'destroyMediaSession' } },
          after: {
            requestTimeout: {
              target: '#session.idle',
              actions: [
                report('hangUp', Code.TIMEOUT),
                { type: 'emitEnded', params: { code: Code.TIMEOUT } },
              ],
            },
          },
          on: {
            HANG_UP: refuse('hangUp', Code.NO_STREAM),
            BEGIN_SCREEN: refuse('beginScreen', Code.NOT_IN_CALL),
            'REMOTE.HANGUP': {
              target: '#session.idle',
              actions: [report('hangUp', Code.OK), { type: 'emitEnded', params: { code: Code.OK } }],
            },
            'SIGNAL.CLOSED': {
              target: '#session.idle',
              actions: [report('hangUp', Code.OK), { type: 'emitEnded', params: { code: Code.OK } }],
            },
            'SIGNAL.FRAME': [
              {
                guard: { type: 'isReply', params: { action: 'destroyMediaSession' } },
                target: '#session.idle',
                actions: [report('hangUp'), { type: 'emitEnded', params: { code: Code.OK } }],
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
