/**
 * Small pieces the session statechart repeats: the `result` of a host command, the settling of a pending request,
 * and the steps of an offer/answer exchange (createMediaSession when calling, updateMediaSession when presenting or
 * restarting ICE; PROTOCOL.md "Actions" and "Flows"). Written once here for session.machine.ts,
 * presenting.chart.ts and ice-restart.ts.
 *
 * Pure: action and state configurations only; the guards and actions they name are the session machine's
 * (session.setup.ts).
 */
import { Code, type RequestAction } from '../protocol/index.js';
import type { SessionStateConfig, SessionTransitions } from './session.setup.js';
import type { Operation } from './types.js';

/** The action "emit the `result` of `op`": with `code` (a PROTOCOL.md "Codes" value), else the code the event carries. */
export function report(op: Operation, code?: number) {
  return code === undefined
    ? { type: 'emitResult' as const, params: { op } }
    : { type: 'emitResult' as const, params: { op, code } };
}

/** The action "forget our pending request of `action`" (its reply came, or it timed out). */
export function settle(action: RequestAction) {
  return { type: 'settle' as const, params: { action } };
}

/** One transition of SIGNAL.FRAME, as a state's `on` takes it. */
type FrameTransition = Extract<SessionTransitions['SIGNAL.FRAME'], readonly unknown[]>[number];

/**
 * The `SIGNAL.FRAME` transitions of a state awaiting the terminal's answer to our offer in `action`: a 200 goes to
 * `okTarget` and applies the answer; another code takes `refused`.
 */
export function answerTo(
  action: 'createMediaSession' | 'updateMediaSession',
  okTarget: string,
  refused: Omit<Exclude<FrameTransition, string>, 'guard'>,
): SessionTransitions['SIGNAL.FRAME'] {
  return [
    { guard: { type: 'isReplyOk', params: { action } }, target: okTarget, actions: [settle(action), 'applyAnswer'] },
    { guard: { type: 'isReply', params: { action } }, ...refused },
  ];
}

/** The state where the peer applies the terminal's answer: once applied, `op` says 200 and the chart goes to `target`. */
export function applyingAnswer(target: string, op: Operation) {
  return { on: { 'PEER.ANSWER_APPLIED': { target, actions: report(op, Code.OK) } } } satisfies SessionStateConfig;
}
