/**
 * Which of the original gsRTC registrations (seed 000 "注册事件说明") a session notice fires, written once for
 * `<gs-screen-share>`'s DOM events and the gsRTC facade's handlers, so the two cannot drift apart.
 */
import type { SessionNotice } from './session-client.js';
import type { Operation, RequestKind } from './types.js';

/** A registration that reports how an operation, or the call, ended. */
export type ResultRegistration = 'shareScreen' | 'stopShareScreen' | 'pauseShareScreen' | 'hangup';
/** A registration that reports a terminal's request (ctrlPresentation(3)/(0) from the terminal, its hang-up). */
export type RequestRegistration = 'shareScreenRequest' | 'stopShareScreenRequest' | 'hangupRequest';

/** Codes from here up are failures: they also fire `error` (PROTOCOL.md "Codes": 1xx/2xx are not). */
export const FIRST_FAILURE_CODE = 300;

const registrationOfOperation: Partial<Record<Operation, ResultRegistration>> = {
  beginScreen: 'shareScreen',
  stopScreen: 'stopShareScreen',
  pausePresent: 'pauseShareScreen',
};

/**
 * What a result or end-of-call notice fires: the registration of its operation (`hangup` for the call's end; none
 * for an operation the seed has no registration for, such as `call`), and whether `error` fires too.
 */
export function resultRegistration(notice: Extract<SessionNotice, { type: 'result' | 'ended' }>): {
  name: ResultRegistration | undefined;
  failed: boolean;
} {
  return {
    name: notice.type === 'ended' ? 'hangup' : registrationOfOperation[notice.op],
    failed: notice.result.code >= FIRST_FAILURE_CODE,
  };
}

/** The registration a terminal's request fires. */
export function requestRegistration(kind: RequestKind): RequestRegistration {
  return `${kind}Request`;
}
