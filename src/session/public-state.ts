/**
 * The flattened, public name of a session snapshot: what the element reflects in its `state` attribute and
 * its `state-change` event, and what gsRTC hosts see.
 */
import type { PublicState } from './types.js';

/** Snapshot shape this needs (an XState snapshot fits). */
interface SnapshotLike {
  matches(value: string | Record<string, unknown>): boolean;
}

const order: [PublicState, string | Record<string, unknown>][] = [
  ['idle', 'idle'],
  ['failed', 'failed'],
  ['calling', { inCall: 'calling' }],
  ['connected', { inCall: 'connected' }],
  ['asked', { inCall: 'asked' }],
  ['paused', { inCall: { sharing: 'paused' } }],
  ['presenting', { inCall: { sharing: 'presenting' } }],
  ['stopping', { inCall: 'stopping' }],
  ['cancelling', { inCall: 'cancelling' }],
  ['hangingUp', { inCall: 'hangingUp' }],
];

/** `idle`, `calling`, `connected`, `asked` (the terminal asks to share), `presenting` (incl. its starting steps), `paused`, `stopping`, `cancelling`, `hangingUp` or `failed`. */
export function publicState(snapshot: SnapshotLike): PublicState {
  for (const [name, value] of order) if (snapshot.matches(value)) return name;
  return 'idle';
}

/**
 * A long step the user waits through, for progress feedback: `calling` (socket, offer, the terminal's answer;
 * cancel = HANG_UP, which ends the call with 489), `capturing` (the browser's capture picker is open; it is modal
 * and the chart cannot cancel it: STOP_SCREEN answers 104), `requesting` (ctrlPresentation(1) and the slides
 * renegotiation wait for the terminal; cancel = STOP_SCREEN, beginScreen ends with 489); else null.
 */
export type ProgressPhase = 'calling' | 'capturing' | 'requesting';

export function progressPhase(snapshot: SnapshotLike): ProgressPhase | null {
  if (snapshot.matches({ inCall: 'calling' })) return 'calling';
  if (snapshot.matches({ inCall: { sharing: { presenting: { starting: 'capturing' } } } })) return 'capturing';
  if (snapshot.matches({ inCall: { sharing: { presenting: 'starting' } } })) return 'requesting';
  return null;
}
