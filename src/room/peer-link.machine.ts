/**
 * The statechart of the link to one remote member (pure: imports only xstate). The mesh keeps one per remote
 * peer. It follows the link's ICE connection state and decides when a link is lost:
 *
 * - `connecting` → `connected` on ICE `connected`/`completed`; → `failed` after `connectTimeout` ms;
 * - `connected` → `interrupted` on ICE `disconnected` or `failed`;
 * - `interrupted` → back to `connected` when ICE recovers within `iceGrace` ms, else → `failed` (final);
 * - any state → `closed` (final) on CLOSE (the member left, or we did).
 *
 * Perfect negotiation (W3C WebRTC 1.0, "Perfect negotiation example") is the pure {@link describeIncoming}: the
 * polite side rolls back its own offer on a collision, the impolite side ignores the colliding offer, so two
 * offers made at the same moment never wedge the link.
 */
import { setup } from 'xstate';

/** Default grace period for an interrupted link, in ms, before it counts as failed. */
export const ICE_GRACE_MS = 5_000;
/** Default longest time from a link's creation to ICE connected, in ms. */
export const CONNECT_TIMEOUT_MS = 20_000;

export interface PeerLinkInput {
  remoteId: string;
  polite: boolean;
  iceGraceMs?: number;
  connectTimeoutMs?: number;
}

export interface PeerLinkContext {
  remoteId: string;
  polite: boolean;
  iceGraceMs: number;
  connectTimeoutMs: number;
}

export type PeerLinkEvent = { type: 'ICE.STATE'; state: RTCIceConnectionState | string } | { type: 'CLOSE' };

const up = (s: string) => s === 'connected' || s === 'completed';
const down = (s: string) => s === 'disconnected' || s === 'failed';

export const peerLinkMachine = setup({
  types: {
    input: {} as PeerLinkInput,
    context: {} as PeerLinkContext,
    events: {} as PeerLinkEvent,
  },
  guards: {
    iceUp: ({ event }) => event.type === 'ICE.STATE' && up(event.state),
    iceDown: ({ event }) => event.type === 'ICE.STATE' && down(event.state),
  },
  delays: {
    iceGrace: ({ context }) => context.iceGraceMs,
    connectTimeout: ({ context }) => context.connectTimeoutMs,
  },
}).createMachine({
  id: 'peerLink',
  context: ({ input }) => ({
    remoteId: input.remoteId,
    polite: input.polite,
    iceGraceMs: input.iceGraceMs ?? ICE_GRACE_MS,
    connectTimeoutMs: input.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
  }),
  initial: 'connecting',
  on: { CLOSE: '.closed' },
  states: {
    connecting: {
      after: { connectTimeout: 'failed' },
      on: { 'ICE.STATE': [{ guard: 'iceUp', target: 'connected' }] },
    },
    connected: {
      on: { 'ICE.STATE': { guard: 'iceDown', target: 'interrupted' } },
    },
    interrupted: {
      after: { iceGrace: 'failed' },
      on: { 'ICE.STATE': { guard: 'iceUp', target: 'connected' } },
    },
    failed: { type: 'final' },
    closed: { type: 'final' },
  },
});

/** The negotiation facts of one link at the moment a description arrives. */
export interface NegotiationFacts {
  polite: boolean;
  /** We are between createOffer and setLocalDescription(offer) of our own offer. */
  makingOffer: boolean;
  /** The peer connection's signalingState. */
  signalingState: RTCSignalingState | string;
  /** We are applying the remote answer to our offer right now. */
  settingRemoteAnswerPending: boolean;
}

/**
 * What to do with an incoming description (W3C perfect negotiation): `ignore` (impolite side, colliding offer),
 * `rollback-and-apply` (polite side, colliding offer: setRemoteDescription rolls our offer back implicitly), or
 * `apply`.
 */
export function describeIncoming(type: 'offer' | 'answer', facts: NegotiationFacts): 'ignore' | 'rollback-and-apply' | 'apply' {
  const readyForOffer = !facts.makingOffer && (facts.signalingState === 'stable' || facts.settingRemoteAnswerPending);
  const collision = type === 'offer' && !readyForOffer;
  if (!collision) return 'apply';
  return facts.polite ? 'rollback-and-apply' : 'ignore';
}
