/**
 * English messages of `<gs-room>` (its states, form, toolbar, tiles, chat; failures from ../internal/room-codes): the source table, bundled with the element.
 * `{name}` marks a value filled in at run time. messages.zh.ts and messages.ru.ts (codes.*, room-codes.* likewise)
 * have exactly the same keys (the type and test/unit/i18n.test.ts check); they load on demand (../i18n/localize.ts).
 */
import { en as roomcodes } from '../internal/room-codes.en.js';

export const en = {
  // <gs-room>: the conference room (its states, form, toolbar, tiles, chat and failures).
  'room.state.idle': 'Not in a room',
  'room.state.joining': 'Joining…',
  'room.state.joined': 'In the room',
  'room.state.full': 'The room is full',
  'room.state.leaving': 'Leaving…',
  'room.state.failed': 'Could not stay in the room',
  'room.status.joined': '{room}, {count} of {capacity}',
  'room.status.recording': 'recording',
  'room.label.login': 'Login',
  'room.label.room': 'Room',
  'room.button.join': 'Join',
  'room.full': 'The room “{room}” is full ({capacity} people at most). Try again later.',
  'room.invite': 'Invite:',
  'room.button.copy': 'Copy',
  'room.label.toolbar': 'Room',
  'room.button.muteMic': 'Mute mic',
  'room.button.unmuteMic': 'Unmute mic',
  'room.button.cameraOff': 'Camera off',
  'room.button.cameraOn': 'Camera on',
  'room.button.share': 'Share screen',
  'room.button.stopShare': 'Stop sharing',
  'room.button.leave': 'Leave',
  'room.label.members': 'Participants',
  'room.you': '{name} (you)',
  'room.link.none': 'waiting',
  'room.link.connecting': 'connecting',
  'room.link.connected': 'connected',
  'room.link.interrupted': 'interrupted',
  'room.link.failed': 'connection failed',
  'room.link.closed': 'closed',
  'room.label.tiles': 'Videos',
  'room.label.camera': 'Camera of {name}',
  'room.label.screen': 'Screen of {name}',
  'room.label.chat': 'Chat',
  'room.label.message': 'Message',
  'room.button.send': 'Send',
  ...roomcodes,
} as const;

/** This table, complete, in one language. */
export type Messages = Record<keyof typeof en, string>;
