/**
 * English messages of `<gs-terminal>` (status line, toolbar, views, what it receives, its setting errors; the sentences of reply codes from ../i18n/codes): the source table, bundled with the element.
 * `{name}` marks a value filled in at run time. messages.zh.ts and messages.ru.ts (codes.*, room-codes.* likewise)
 * have exactly the same keys (the type and test/unit/i18n.test.ts check); they load on demand (../i18n/localize.ts).
 */
import { en as codes } from '../i18n/codes.en.js';

export const en = {
  'stats.unitFps': 'fps',
  'stats.unitKbps': 'kbps',

  // <gs-terminal>: the device side (src/elements/gs-terminal).
  'terminal.status': 'Terminal {id} · {state}',
  'terminal.noId': '(no id)',
  'terminal.state.offline': 'not connected to the server',
  'terminal.state.online': 'waiting for a call',
  'terminal.state.inCall': 'in a call with {user}',
  'terminal.someone': 'a page',
  'terminal.presenting': 'presentation on',
  'terminal.requested': 'the page asks to present',
  'terminal.reply': '{action}: {code} {text}',
  'terminal.placeholder': 'No presentation',
  'terminal.label.toolbar': 'Terminal requests',
  'terminal.label.screen': 'The presentation',
  'terminal.label.camera': 'The page’s camera',
  'terminal.label.viewControls': 'View',
  'terminal.button.request': 'Request presentation',
  'terminal.button.requestStop': 'Request stop',
  'terminal.button.hangUp': 'Hang up',
  'terminal.button.accept': 'Accept presentation',
  'terminal.button.decline': 'Decline',
  'terminal.button.swap': 'Swap screen and camera',
  'terminal.button.fullscreen': 'Fullscreen',
  'terminal.button.pip': 'Picture in picture',
  'terminal.received.screen': 'Screen',
  'terminal.received.camera': 'Camera',
  'terminal.received.audio': 'Audio',
  'terminal.received.none': 'Nothing received',
  'terminal.error.view': '{action} is not available here: {reason}',
  'terminal.error.id': 'The terminal id must be 1–64 characters of A–Z, a–z, 0–9, _ and -; “{id}” is not.',
  'terminal.error.cancelOrder': 'cancel-reply-order must be cancelFirst or ctrlFirst; “{value}” is not (cancelFirst is used).',
  ...codes,
} as const;

/** This table, complete, in one language. */
export type Messages = Record<keyof typeof en, string>;
