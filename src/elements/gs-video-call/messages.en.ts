/**
 * English messages of `<gs-video-call>` (its states, sign-in form, prompts, videos, toolbar and how a call ended; failures from ../internal/room-codes): the source table, bundled with the element.
 * `{name}` marks a value filled in at run time. messages.zh.ts and messages.ru.ts (codes.*, room-codes.* likewise)
 * have exactly the same keys (the type and test/unit/i18n.test.ts check); they load on demand (../i18n/localize.ts).
 */
import { en as roomcodes } from '../internal/room-codes.en.js';

export const en = {
  // <gs-video-call>: the 1:1 call (its states, sign-in form, prompts, videos, toolbar and how a call ended).
  'call.state.offline': 'Not signed in',
  'call.state.idle': 'Ready: call someone',
  'call.state.outgoing': 'Calling…',
  'call.state.incoming': 'Incoming call',
  'call.state.active': 'In a call',
  'call.label.login': 'Login',
  'call.label.room': 'Lobby',
  'call.button.signIn': 'Sign in',
  'call.button.signOut': 'Sign out',
  'call.label.incoming': 'Incoming call',
  'call.incoming': '{name} is calling you',
  'call.outgoing': 'Calling {name}…',
  'call.button.accept': 'Accept',
  'call.button.decline': 'Decline',
  'call.button.hangUp': 'Hang up',
  'call.button.cancel': 'Cancel',
  'call.button.muteMic': 'Mute mic',
  'call.button.unmuteMic': 'Unmute mic',
  'call.button.cameraOff': 'Camera off',
  'call.button.cameraOn': 'Camera on',
  'call.label.toolbar': 'Call',
  'call.label.members': 'Members',
  'call.button.call': 'Call',
  'call.label.callMember': 'Call {name}',
  'call.label.remoteVideo': 'Camera of {name}',
  'call.label.localVideo': 'Your camera',
  'call.lastCall': 'last call: {reason}',
  'call.end.hangup': 'you hung up',
  'call.end.remote-hangup': 'the other side hung up',
  'call.end.declined': 'declined by the other side',
  'call.end.rejected': 'you declined',
  'call.end.cancelled': 'you cancelled',
  'call.end.remote-cancelled': 'the caller cancelled',
  'call.end.no-answer': 'no answer',
  'call.end.busy': 'the other side was busy',
  'call.end.link-failed': 'the connection was lost',
  'call.end.peer-left': 'the other side left',
  ...roomcodes,
} as const;

/** This table, complete, in one language. */
export type Messages = Record<keyof typeof en, string>;
