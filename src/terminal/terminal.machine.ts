/**
 * The device ("gs_phone") side of gs-webrtc-json as an XState v5 statechart: which request the terminal answers
 * with which code in which state, and what each answer changes (PROTOCOL.md "Actions", "Flows", "Codes"; the
 * original's "close " notice, DEVICE.md).
 *
 * Pure: it imports only xstate and the pure protocol. The socket, the peer connection and the negotiation are the
 * host's (src/terminal/terminal-session.ts, src/terminal/terminal-peer.ts): the chart names them as actions
 * (`connect`, `disconnect`, `send`, `prepareSpare`, `openCall`, `negotiate`, `addCandidate`, `endCall`,
 * `settleReply`) with empty placeholders here, which the host supplies through `terminalMachine.provide({ actions })`,
 * as tests do with spies.
 *
 * offline.stopped ─START→ offline.connecting ─SOCKET.OPEN→ online ─createMediaSession→ inCall.idle
 *   inCall.idle ─ctrlPresentation(1)→ inCall.presenting (200), or inCall.held with `confirmPresentation`
 *   inCall.held ─ACCEPT→ presenting (200) / ─DECLINE→ idle (403) / ─cancelRequest→ idle (200 and 489)
 *   inCall.presenting ─ctrlPresentation(0), cancelRequest, "close "→ idle
 *   inCall ─destroyMediaSession, HANG_UP, a first offer it cannot answer (488)→ online
 *   any ─SOCKET.CLOSED→ offline.waiting ─after reconnectMs→ offline.connecting (offline.stopped when 0)
 *   any ─STOP→ offline.stopped
 *
 * Leaving inCall runs `endCall` (the host closes the peer connection), whatever the way out.
 */
import { and, assign, raise, setup } from 'xstate';
import {
  Code,
  SendPermission,
  describeCode,
  isNotice,
  replyTo,
  replyToInvalid,
  sdpField,
  type Body,
  type CandidateField,
  type Frame,
  type Parsed,
  type RequestAction,
} from '../protocol/index.js';

/** Default delay before a lost socket is opened again, in ms. */
export const DEFAULT_RECONNECT_MS = 2000;

/** The requests that need a call: outside one they are answered 481 (PROTOCOL.md "Codes"). */
const CALL_REQUESTS: readonly string[] = ['updateMediaSession', 'ctrlPresentation', 'cancelRequest', 'destroyMediaSession', 'updateCandidate'];

export interface TerminalContext {
  /** userName of the page in the call (from its createMediaSession), else null. */
  userName: string | null;
  /** reqId of the page's ctrlPresentation(1) held in `inCall.held`, else null. */
  heldReqId: number | null;
  confirmPresentation: boolean;
  cancelReplyOrder: 'cancelFirst' | 'ctrlFirst';
  reconnectMs: number;
}

export interface TerminalInput {
  /** Hold a page's ctrlPresentation(1) for ACCEPT / DECLINE (default false: 200 at once). */
  confirmPresentation?: boolean;
  /** Which reply goes first when a held ctrlPresentation(1) is cancelled (default `cancelFirst`; PROTOCOL.md "Cancel"). */
  cancelReplyOrder?: 'cancelFirst' | 'ctrlFirst';
  /** Delay before reopening a lost socket, in ms (default {@link DEFAULT_RECONNECT_MS}; 0 = never). */
  reconnectMs?: number;
}

/** Which request an answer (or its failure) is for: the page's createMediaSession or updateMediaSession. */
export interface OfferRef {
  action: 'createMediaSession' | 'updateMediaSession';
  reqId: number;
  userName?: string;
}

export type TerminalEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  | { type: 'SOCKET.OPEN' }
  | { type: 'SOCKET.CLOSED' }
  | { type: 'SOCKET.FRAME'; frame: Frame }
  | { type: 'SOCKET.INVALID'; parsed: Extract<Parsed, { kind: 'invalid' }> }
  | { type: 'ACCEPT' }
  | { type: 'DECLINE' }
  | { type: 'HANG_UP' }
  /** The page answered 200 to the terminal's own ctrlPresentation(3) or (2). */
  | { type: 'PAGE.AGREED'; sendPermission: number }
  /** The host's answer to an offer is ready (complete, or with the first candidates under trickle ICE). */
  | ({ type: 'PEER.ANSWER'; sdp: string } & OfferRef)
  /** The host could not apply or answer an offer. */
  | ({ type: 'PEER.FAILED' } & OfferRef)
  | { type: 'CALL.END' };

type Args = { context: TerminalContext; event: TerminalEvent };

const frameOf = (event: TerminalEvent): Frame | null => (event.type === 'SOCKET.FRAME' ? event.frame : null);

/** The reply to the page's request in the event: its reqId, `code`, and the request's userName (else the call's). */
function answer(code: number, extra: Partial<Body> = {}) {
  return ({ context, event }: Args): Frame => {
    const frame = frameOf(event)!;
    return replyTo(frame.action as RequestAction, frame.body.reqId, code, describeCode(code), {
      userName: frame.body.userName ?? context.userName ?? undefined,
      ...extra,
    });
  };
}

/** The reply to the held ctrlPresentation(1), with `code`. */
const answerHeld = (code: number) => ({ context }: Args): Frame =>
  replyTo('ctrlPresentation', context.heldReqId!, code, describeCode(code), { userName: context.userName ?? undefined });

/** The action "reply `code` to the request in the event". */
const reply = (code: number) => ({ type: 'send' as const, params: answer(code) });

/** The guard "a page's ctrlPresentation with `sendPermission`". */
const ctrl = (sendPermission: number) => ({ type: 'isCtrl' as const, params: { sendPermission } });

/** The guard "a page's request of `action`". */
const request = (action: RequestAction) => ({ type: 'isRequest' as const, params: { action } });

/** The answer (200 with its SDP) or the 488 to the page's offer named in the event. */
const answerOffer = ({ context, event }: Args): Frame => {
  const ref = event as OfferRef & { type: string; sdp?: string };
  const code = event.type === 'PEER.ANSWER' ? Code.OK : Code.MEDIA_ERROR;
  const sdp = event.type === 'PEER.ANSWER' ? { sdp: sdpField(event.sdp) } : {};
  return replyTo(ref.action, ref.reqId, code, describeCode(code), { userName: ref.userName ?? context.userName ?? undefined, ...sdp });
};

/** The codec's reply to a frame it refused, or null when none is due. */
const invalidReply = (event: TerminalEvent): Frame | null => (event.type === 'SOCKET.INVALID' ? replyToInvalid(event.parsed) : null);

/** Where a lost socket leads: waiting to reconnect, or stopped when reconnecting is off. */
const lost = [
  { guard: 'reconnects' as const, target: '#terminal.offline.waiting' },
  { target: '#terminal.offline.stopped' },
];

export const terminalMachine = setup({
  types: {
    context: {} as TerminalContext,
    events: {} as TerminalEvent,
    input: {} as TerminalInput | undefined,
  },
  actions: {
    /** Open the socket to the server; the host reports SOCKET.OPEN, SOCKET.FRAME, SOCKET.CLOSED (host-provided). */
    connect: () => {},
    /** Close the socket (1000) and the spare peer connection, stop the keep-alive (host-provided). */
    disconnect: () => {},
    /** Put a frame on the wire (host-provided). */
    send: (_, _frame: Frame) => {},
    /** Make a peer connection to take the next call at once (host-provided). */
    prepareSpare: () => {},
    /** Take the spare peer connection for this call and apply its offer (host-provided). */
    openCall: (_, _body: Body) => {},
    /** Apply a renegotiation offer on the call's peer connection (host-provided). */
    negotiate: (_, _body: Body) => {},
    /** Apply the page's trickle candidate once its offer is applied (host-provided). */
    addCandidate: (_, _candidate: CandidateField) => {},
    /** Close the call's peer connection, release its streams, end the terminal's own requests but hang-up (host-provided). */
    endCall: () => {},
    forgetHeld: assign({ heldReqId: null }),
    /** Settle the terminal's own request this reply answers (host-provided). */
    settleReply: (_, _frame: Frame) => {},
  },
  guards: {
    reconnects: ({ context }) => context.reconnectMs > 0,
    answersInvalid: ({ event }) => invalidReply(event) !== null,
    isReply: ({ event }) => !!frameOf(event)?.action.endsWith('Ret'),
    isNotice: ({ event }) => isNotice(frameOf(event)?.action ?? ''),
    isRequest: ({ event }, params: { action: RequestAction }) => frameOf(event)?.action === params.action,
    needsCall: ({ event }) => CALL_REQUESTS.includes(frameOf(event)?.action ?? ''),
    isCtrl: ({ event }, params: { sendPermission: number }) => {
      const frame = frameOf(event);
      return frame?.action === 'ctrlPresentation' && frame.body.sendPermission === params.sendPermission;
    },
    confirms: ({ context }) => context.confirmPresentation,
    cancelsHeld: ({ context, event }) => frameOf(event)?.action === 'cancelRequest' && frameOf(event)?.body.cancelReqId === context.heldReqId,
    ctrlFirst: ({ context }) => context.cancelReplyOrder === 'ctrlFirst',
    firstOffer: ({ event }) => event.type === 'PEER.FAILED' && event.action === 'createMediaSession',
    agreedToPresent: ({ event }) => event.type === 'PAGE.AGREED' && event.sendPermission === SendPermission.TERMINAL_ASKS_START,
    agreedToStop: ({ event }) => event.type === 'PAGE.AGREED' && event.sendPermission === SendPermission.TERMINAL_ASKS_STOP,
  },
  delays: {
    reconnect: ({ context }) => context.reconnectMs,
  },
}).createMachine({
  id: 'terminal',
  context: ({ input }) => ({
    userName: null,
    heldReqId: null,
    confirmPresentation: input?.confirmPresentation ?? false,
    cancelReplyOrder: input?.cancelReplyOrder === 'ctrlFirst' ? 'ctrlFirst' : 'cancelFirst',
    reconnectMs: input?.reconnectMs ?? DEFAULT_RECONNECT_MS,
  }),
  initial: 'offline',
  on: {
    // Exits inCall first (endCall), then closes the socket and the spare.
    STOP: { target: '.offline.stopped', actions: 'disconnect' },
    // A frame the codec refused: its 400, when it named a request (src/protocol/codec.ts replyToInvalid).
    'SOCKET.INVALID': { guard: 'answersInvalid', actions: { type: 'send', params: ({ event }) => invalidReply(event)! } },
    'SOCKET.FRAME': [
      { guard: 'isReply', actions: { type: 'settleReply', params: ({ event }) => frameOf(event)! } },
      // The original's "close " outside a presentation: nothing to end, and never answered.
      { guard: 'isNotice' },
      { guard: 'needsCall', actions: reply(Code.NOT_IN_CALL) },
      // sendMessageToUser, updateUserInfo, updateUserList… (PROTOCOL.md "Actions"): not a device's here.
      { actions: reply(Code.NOT_SUPPORTED) },
    ],
  },
  states: {
    offline: {
      initial: 'stopped',
      states: {
        stopped: { on: { START: 'connecting' } },
        connecting: {
          entry: 'connect',
          on: { 'SOCKET.OPEN': '#terminal.online', 'SOCKET.CLOSED': lost },
        },
        waiting: { after: { reconnect: 'connecting' } },
      },
    },
    online: {
      entry: [assign({ userName: null, heldReqId: null }), 'prepareSpare'],
      on: {
        'SOCKET.CLOSED': lost,
        'SOCKET.FRAME': {
          guard: request('createMediaSession'),
          target: 'inCall',
          // The offer is applied first, before the host's change listeners run (docs/performance.md "Where the
          // call's time goes").
          actions: [
            { type: 'openCall', params: ({ event }) => frameOf(event)!.body },
            assign({ userName: ({ event }) => frameOf(event)!.body.userName ?? null }),
          ],
        },
      },
    },
    inCall: {
      exit: 'endCall',
      initial: 'idle',
      on: {
        'SOCKET.CLOSED': lost,
        HANG_UP: '#terminal.online',
        'CALL.END': '#terminal.online',
        'PEER.ANSWER': { actions: { type: 'send', params: answerOffer } },
        'PEER.FAILED': [
          // A first offer it cannot answer: 488, and there is no call.
          { guard: 'firstOffer', actions: [{ type: 'send', params: answerOffer }, raise({ type: 'CALL.END' })] },
          { actions: { type: 'send', params: answerOffer } },
        ],
        'SOCKET.FRAME': [
          // The original gsRTC client's "close ": it got a 200 to a ctrlPresentation(1) it had cancelled and has no
          // stream any more (DEVICE.md): the presentation is off, the call goes on, no reply.
          { guard: 'isNotice', target: '.idle' },
          { guard: request('createMediaSession'), actions: reply(Code.ALREADY_IN_CALL) },
          { guard: request('updateMediaSession'), actions: { type: 'negotiate', params: ({ event }) => frameOf(event)!.body } },
          // The reply leaves before the call ends (raise: after this transition's actions).
          { guard: request('destroyMediaSession'), actions: [reply(Code.OK), raise({ type: 'CALL.END' })] },
          {
            // Applied in order after any negotiation under way; the host buffers it until the offer is applied.
            guard: request('updateCandidate'),
            actions: [reply(Code.OK), { type: 'addCandidate', params: ({ event }) => frameOf(event)!.body.candidate! }],
          },
          { guard: ctrl(SendPermission.PAGE_STOP), actions: reply(Code.NO_STREAM) },
          { guard: request('ctrlPresentation'), actions: reply(Code.BAD_REQUEST) },
          // Nothing of that request is pending any more (it was answered): the cancel is a no-op.
          { guard: request('cancelRequest'), actions: reply(Code.OK) },
        ],
      },
      states: {
        idle: {
          // Cleared on entering, not on leaving `held`: the replies on the way out still name the held reqId.
          entry: 'forgetHeld',
          on: {
            'SOCKET.FRAME': [
              {
                // A device asking its room first holds the request for ACCEPT / DECLINE.
                guard: and([ctrl(SendPermission.PAGE_START), 'confirms']),
                target: 'held',
                actions: assign({ heldReqId: ({ event }) => frameOf(event)!.body.reqId }),
              },
              { guard: ctrl(SendPermission.PAGE_START), target: 'presenting', actions: reply(Code.OK) },
            ],
            'PAGE.AGREED': { guard: 'agreedToPresent', target: 'presenting' },
          },
        },
        held: {
          on: {
            ACCEPT: { target: 'presenting', actions: { type: 'send', params: answerHeld(Code.OK) } },
            DECLINE: { target: 'idle', actions: { type: 'send', params: answerHeld(Code.REFUSED) } },
            'SOCKET.FRAME': [
              { guard: ctrl(SendPermission.PAGE_START), actions: reply(Code.STARTING) },
              // PROTOCOL.md "Cancel": cancelRequestRet 200 and ctrlPresentationRet 489, in the configured order.
              {
                guard: and(['cancelsHeld', 'ctrlFirst']),
                target: 'idle',
                actions: [{ type: 'send', params: answerHeld(Code.CANCELLED) }, reply(Code.OK)],
              },
              { guard: 'cancelsHeld', target: 'idle', actions: [reply(Code.OK), { type: 'send', params: answerHeld(Code.CANCELLED) }] },
            ],
          },
        },
        presenting: {
          entry: 'forgetHeld',
          on: {
            'SOCKET.FRAME': [
              { guard: ctrl(SendPermission.PAGE_START), actions: reply(Code.NO_STREAM) },
              { guard: ctrl(SendPermission.PAGE_STOP), target: 'idle', actions: reply(Code.OK) },
              { guard: request('cancelRequest'), target: 'idle', actions: reply(Code.OK) },
            ],
            'PAGE.AGREED': { guard: 'agreedToStop', target: 'idle' },
          },
        },
      },
    },
  },
});

export type TerminalMachine = typeof terminalMachine;
