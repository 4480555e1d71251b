/**
 * The 1:1 video call statechart (seeds 002 and 004: call → the other side rings → accept or decline → both
 * videos → hang up from either side). Pure: imports only xstate; signals go out through the named actions
 * `signal` (send a `call` message to the peer), `startMedia` / `stopMedia` (camera and the link to the peer),
 * which the host provides. Public states:
 *
 * - `idle` — no call; `context.lastEnd` says how the last one ended;
 * - `outgoing` — we invited `peer` and wait (`ringing` once it rang); CANCEL / ring timeout → `cancel`;
 * - `incoming` — `peer` invites us; ACCEPT / DECLINE; the caller's `cancel` or the ring timeout ends it;
 * - `active` — both publish and the link is up or coming up; HANG_UP (either side), LINK.FAILED (ICE
 *   disconnected/failed beyond the grace period, peer-link.machine.ts) or PEER.LEFT end it.
 *
 * A second invite while not idle is answered `busy` and changes nothing.
 */
import { assign, setup } from 'xstate';
import type { CallAction } from './messages.js';

/** How a call ended. */
export type CallEnd =
  | 'hangup' // we hung up
  | 'remote-hangup' // the peer hung up
  | 'declined' // the callee declined
  | 'rejected' // we declined
  | 'cancelled' // we cancelled while ringing
  | 'remote-cancelled' // the caller cancelled while we rang
  | 'no-answer' // nobody answered within the ring timeout
  | 'busy' // the callee is in another call
  | 'link-failed' // ICE disconnected/failed beyond the grace period
  | 'peer-left'; // the peer left the room

/** Default time a call rings before it ends as `no-answer`, in ms. */
export const RING_TIMEOUT_MS = 30_000;

export interface CallContext {
  peer: string | null;
  callId: string | null;
  ringing: boolean;
  lastEnd: CallEnd | null;
  ringTimeoutMs: number;
}

export type CallEvent =
  | { type: 'DIAL'; to: string; callId: string }
  | { type: 'ACCEPT' }
  | { type: 'DECLINE' }
  | { type: 'CANCEL' }
  | { type: 'HANG_UP' }
  | { type: 'REMOTE'; from: string; action: CallAction; callId: string }
  | { type: 'LINK.FAILED'; memberId: string }
  | { type: 'PEER.LEFT'; memberId: string };

/** An outbound `call` signal: the host sends `{ type: 'call', action, callId }` to member `to`. */
export interface CallSignal {
  to: string;
  action: CallAction;
  callId: string;
}

const fromPeer = ({ context, event }: { context: CallContext; event: CallEvent }) =>
  event.type === 'REMOTE' && event.from === context.peer && event.callId === context.callId;
const remote = (action: CallAction) => ({ context, event }: { context: CallContext; event: CallEvent }) =>
  fromPeer({ context, event }) && event.type === 'REMOTE' && event.action === action;
const aboutPeer = ({ context, event }: { context: CallContext; event: CallEvent }) =>
  (event.type === 'LINK.FAILED' || event.type === 'PEER.LEFT') && event.memberId === context.peer;

/** The `busy` answer to a second caller's invite. */
const busyReply = ({ event }: { event: CallEvent }): CallSignal =>
  event.type === 'REMOTE' ? { to: event.from, action: 'busy', callId: event.callId } : { to: '', action: 'busy', callId: '' };

export const callMachine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as { ringTimeoutMs?: number } | undefined,
  },
  actions: {
    /** Send a call signal to the peer (host-provided). */
    signal: (_, _params: CallSignal) => {},
    /**
     * Publish the camera; the caller also opens the link to the peer (host-provided). Only the caller offers
     * first, so the two sides never both open the link at the same moment.
     */
    startMedia: (_, _params: { peer: string; caller: boolean }) => {},
    /** Close the link to the peer and stop every local track (host-provided). */
    stopMedia: (_, _params: { peer: string | null }) => {},
    /** Record how the call ended. */
    ended: assign((_, params: { reason: CallEnd }) => ({ lastEnd: params.reason, ringing: false })),
  },
  guards: {
    isInvite: ({ event }) => event.type === 'REMOTE' && event.action === 'invite',
    accepted: remote('accept'),
    declined: remote('decline'),
    busy: remote('busy'),
    ringing: remote('ringing'),
    cancelled: remote('cancel'),
    hungUp: remote('hangup'),
    linkFailed: ({ context, event }) => event.type === 'LINK.FAILED' && aboutPeer({ context, event }),
    peerLeft: ({ context, event }) => event.type === 'PEER.LEFT' && aboutPeer({ context, event }),
  },
  delays: {
    ringTimeout: ({ context }) => context.ringTimeoutMs,
  },
}).createMachine({
  id: 'call',
  context: ({ input }) => ({ peer: null, callId: null, ringing: false, lastEnd: null, ringTimeoutMs: input?.ringTimeoutMs ?? RING_TIMEOUT_MS }),
  initial: 'idle',
  states: {
    idle: {
      entry: assign({ peer: null, callId: null }),
      on: {
        DIAL: {
          target: 'outgoing',
          actions: [
            assign(({ event }) => ({ peer: event.to, callId: event.callId, lastEnd: null, ringing: false })),
            { type: 'signal', params: ({ event }) => ({ to: event.to, action: 'invite' as const, callId: event.callId }) },
          ],
        },
        REMOTE: {
          guard: 'isInvite',
          target: 'incoming',
          actions: [
            assign(({ event }) => (event.type === 'REMOTE' ? { peer: event.from, callId: event.callId, lastEnd: null } : {})),
            { type: 'signal', params: ({ event }) => ({ to: (event as { from: string }).from, action: 'ringing' as const, callId: (event as { callId: string }).callId }) },
          ],
        },
      },
    },
    outgoing: {
      after: {
        ringTimeout: {
          target: 'idle',
          actions: [{ type: 'signal', params: ({ context }) => ({ to: context.peer!, action: 'cancel' as const, callId: context.callId! }) }, { type: 'ended', params: { reason: 'no-answer' as const } }],
        },
      },
      on: {
        REMOTE: [
          { guard: 'ringing', actions: assign({ ringing: true }) },
          { guard: 'accepted', target: 'active', actions: { type: 'startMedia', params: ({ context }) => ({ peer: context.peer!, caller: true }) } },
          { guard: 'declined', target: 'idle', actions: { type: 'ended', params: { reason: 'declined' as const } } },
          { guard: 'busy', target: 'idle', actions: { type: 'ended', params: { reason: 'busy' as const } } },
          { guard: 'isInvite', actions: { type: 'signal', params: busyReply } },
        ],
        CANCEL: {
          target: 'idle',
          actions: [{ type: 'signal', params: ({ context }) => ({ to: context.peer!, action: 'cancel' as const, callId: context.callId! }) }, { type: 'ended', params: { reason: 'cancelled' as const } }],
        },
        HANG_UP: {
          target: 'idle',
          actions: [{ type: 'signal', params: ({ context }) => ({ to: context.peer!, action: 'cancel' as const, callId: context.callId! }) }, { type: 'ended', params: { reason: 'cancelled' as const } }],
        },
        'PEER.LEFT': { guard: 'peerLeft', target: 'idle', actions: { type: 'ended', params: { reason: 'peer-left' as const } } },
      },
    },
    incoming: {
      after: {
        ringTimeout: {
          target: 'idle',
          actions: [{ type: 'signal', params: ({ context }) => ({ to: context.peer!, action: 'decline' as const, callId: context.callId! }) }, { type: 'ended', params: { reason: 'no-answer' as const } }],
        },
      },
      on: {
        ACCEPT: {
          target: 'active',
          actions: [
            { type: 'signal', params: ({ context }) => ({ to: context.peer!, action: 'accept' as const, callId: context.callId! }) },
            { type: 'startMedia', params: ({ context }) => ({ peer: context.peer!, caller: false }) },
          ],
        },
        DECLINE: {
          target: 'idle',
          actions: [{ type: 'signal', params: ({ context }) => ({ to: context.peer!, action: 'decline' as const, callId: context.callId! }) }, { type: 'ended', params: { reason: 'rejected' as const } }],
        },
        HANG_UP: {
          target: 'idle',
          actions: [{ type: 'signal', params: ({ context }) => ({ to: context.peer!, action: 'decline' as const, callId: context.callId! }) }, { type: 'ended', params: { reason: 'rejected' as const } }],
        },
        REMOTE: [
          { guard: 'cancelled', target: 'idle', actions: { type: 'ended', params: { reason: 'remote-cancelled' as const } } },
          { guard: 'isInvite', actions: { type: 'signal', params: busyReply } },
        ],
        'PEER.LEFT': { guard: 'peerLeft', target: 'idle', actions: { type: 'ended', params: { reason: 'peer-left' as const } } },
      },
    },
    active: {
      entry: assign({ ringing: false }),
      exit: { type: 'stopMedia', params: ({ context }) => ({ peer: context.peer }) },
      on: {
        HANG_UP: {
          target: 'idle',
          actions: [{ type: 'signal', params: ({ context }) => ({ to: context.peer!, action: 'hangup' as const, callId: context.callId! }) }, { type: 'ended', params: { reason: 'hangup' as const } }],
        },
        REMOTE: [
          { guard: 'hungUp', target: 'idle', actions: { type: 'ended', params: { reason: 'remote-hangup' as const } } },
          { guard: 'isInvite', actions: { type: 'signal', params: busyReply } },
        ],
        'LINK.FAILED': {
          guard: 'linkFailed',
          target: 'idle',
          actions: [{ type: 'signal', params: ({ context }) => ({ to: context.peer!, action: 'hangup' as const, callId: context.callId! }) }, { type: 'ended', params: { reason: 'link-failed' as const } }],
        },
        'PEER.LEFT': { guard: 'peerLeft', target: 'idle', actions: { type: 'ended', params: { reason: 'peer-left' as const } } },
      },
    },
  },
});
