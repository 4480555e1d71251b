/** The events of `<gs-video-call>`: each one's `detail`, and the map its typed `addEventListener` reads. */
import type { Result } from '../../protocol/index.js';
import type { CallState } from '../../room/call-client.js';
import type { CallEnd } from '../../room/call.machine.js';
import type { RoomMember } from '../../room/messages.js';

/** `detail` of the call's `state-change`. */
export interface GsCallStateDetail {
  state: CallState;
  previous: CallState;
  /** The other member, while there is one. */
  peer: RoomMember | null;
  /** How the call ended, when `state` is `idle` after a call: hangup, remote-hangup, declined, rejected, cancelled, remote-cancelled, no-answer, busy, link-failed, peer-left. */
  reason: CallEnd | null;
}

/** `detail` of `incoming-call`. */
export interface GsIncomingCallDetail {
  from: RoomMember;
  /** Accept now (same as `accept()`). */
  accept(): void;
  /** Decline now (same as `decline()`). */
  decline(): void;
}

/** `detail` of `call-ended`. */
export interface GsCallEndedDetail {
  peer: RoomMember | null;
  reason: CallEnd;
}

/** `detail` of `joined`, `left` and `error`. */
export type GsCallResultDetail = Result;

/** Every event of `<gs-video-call>` with its type, for the typed `addEventListener` below. */
export interface GsVideoCallEventMap {
  'incoming-call': CustomEvent<GsIncomingCallDetail>;
  'state-change': CustomEvent<GsCallStateDetail>;
  'call-ended': CustomEvent<GsCallEndedDetail>;
  joined: CustomEvent<GsCallResultDetail>;
  left: CustomEvent<GsCallResultDetail>;
  error: CustomEvent<GsCallResultDetail>;
}
