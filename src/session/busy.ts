/**
 * The session chart's answers to a host command that does not fit the state it is in: one `result` event for the
 * command's operation, with a busy or not-applicable code, and no change of state (PROTOCOL.md "Codes": 104
 * starting, 105 stopping, 106 no stream, 481 not in a call, 487 already in a call). Written once here because
 * the same answers stand in several states (session.machine.ts, presenting.chart.ts).
 *
 * Pure: transition configurations only; `emitResult` is the session machine's action (session.setup.ts).
 */
import { Code } from '../protocol/index.js';
import { report } from './chart-parts.js';
import type { Operation } from './types.js';

/** A transition that only emits the `result` of `op` with `code` (a PROTOCOL.md "Codes" value); no target. */
export function refuse(op: Operation, code: number) {
  return { actions: report(op, code) };
}

/**
 * The host's pause()/resume() where presenting (`presenting.live`, `paused`): the asked-for one (`guard`
 * `mute` or `unmute`) goes to `target` and says 200; the other, already so, says 106.
 */
export function pauseTo(guard: 'mute' | 'unmute', target: string) {
  return [{ guard, target, ...refuse('pausePresent', Code.OK) }, refuse('pausePresent', Code.NO_STREAM)];
}

/** Outside a call, the top-level defaults; states that accept a command override its entry. */
export const notInCall = {
  CALL: refuse('call', Code.ALREADY_IN_CALL),
  BEGIN_SCREEN: refuse('beginScreen', Code.NOT_IN_CALL),
  PAUSE: refuse('pausePresent', Code.NOT_IN_CALL),
  STOP_SCREEN: refuse('stopScreen', Code.NOT_IN_CALL),
  HANG_UP: refuse('hangUp', Code.NOT_IN_CALL),
};

/** In a call with nothing presented (`connected`): nothing to stop or pause, 106. */
export const nothingPresented = {
  STOP_SCREEN: refuse('stopScreen', Code.NO_STREAM),
  PAUSE: refuse('pausePresent', Code.NO_STREAM),
};

/** While a presentation starts (`presenting.starting`): a second start or a pause says 104. */
export const whileStarting = {
  BEGIN_SCREEN: refuse('beginScreen', Code.STARTING),
  PAUSE: refuse('pausePresent', Code.STARTING),
};

/** While a presentation ends (`stopping`, `cancelling`): start and stop say 105, a pause 106. */
export const whileStopping = {
  BEGIN_SCREEN: refuse('beginScreen', Code.STOPPING),
  STOP_SCREEN: refuse('stopScreen', Code.STOPPING),
  PAUSE: refuse('pausePresent', Code.NO_STREAM),
};
