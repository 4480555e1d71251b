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

/** True while presenting is still starting (capture, ctrlPresentation(1), renegotiation). */
export function isStarting(snapshot: SnapshotLike): boolean {
  return snapshot.matches({ inCall: { sharing: { presenting: 'starting' } } });
}
