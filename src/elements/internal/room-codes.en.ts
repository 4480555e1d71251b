/**
 * English messages of the failure line of `<gs-room>` and `<gs-video-call>` and the room result codes it words (room-text.ts); part of both elements' tables: the source table, bundled with the element.
 * `{name}` marks a value filled in at run time. messages.zh.ts and messages.ru.ts (codes.*, room-codes.* likewise)
 * have exactly the same keys (the type and test/unit/i18n.test.ts check); they load on demand (../i18n/localize.ts).
 */

export const en = {
  'room.failure': 'Error {code}: {text}',
  'room.code.106': 'There is nothing to do.',
  'room.code.300': 'The room name must be 1 to 64 letters, digits, _ or -.',
  'room.code.301': 'This browser cannot share the screen here.',
  'room.code.302': 'The connection to the server was lost.',
  'room.code.303': 'The camera, microphone or screen capture was refused.',
  'room.code.400': 'A login name must have 1 to 64 characters, a message 1 to 2000.',
  'room.code.408': 'The server did not answer in time.',
  'room.code.481': 'You are not in a room.',
  'room.code.486': 'The room is full.',
  'room.code.487': 'You are already in a room.',
  'room.code.unknown': 'Unexpected result {code}.',
} as const;

/** This table, complete, in one language. */
export type Messages = Record<keyof typeof en, string>;
