/**
 * English messages of `<gs-screen-share>` and its confirm prompt (states, progress, buttons, labels, quality menu, notices, the prompt, the failure line and, for each result code of PROTOCOL.md "Codes", what to do next): the source table, bundled with the element.
 * `{name}` marks a value filled in at run time. messages.zh.ts and messages.ru.ts (codes.*, room-codes.* likewise)
 * have exactly the same keys (the type and test/unit/i18n.test.ts check); they load on demand (../i18n/localize.ts).
 */
import { en as codes } from './codes.en.js';

export const en = {
  // Public states (the status line; src/session/public-state.ts).
  'state.idle': 'Not connected',
  'state.calling': 'Calling the terminal…',
  'state.connected': 'Connected',
  'state.asked': 'The terminal asks you to share your screen',
  'state.presenting': 'Presenting your screen',
  'state.paused': 'Presentation paused',
  'state.stopping': 'Stopping the presentation…',
  'state.cancelling': 'Cancelling the presentation…',
  'state.hangingUp': 'Hanging up…',
  'state.failed': 'Call failed',

  // Long steps, with the seconds spent so far.
  'progress.calling': 'Calling the terminal… {seconds} s',
  'progress.capturing': 'Choose what to share in the browser’s window… {seconds} s',
  'progress.requesting': 'Waiting for the terminal to accept… {seconds} s',
  'progress.capturingHint': 'The browser’s own window cannot be closed from this page: use its Cancel button.',

  // Buttons and labels.
  'button.call': 'Call',
  'button.share': 'Share screen',
  'button.pause': 'Pause',
  'button.resume': 'Resume',
  'button.stop': 'Stop sharing',
  'button.hangUp': 'Hang up',
  'button.cancel': 'Cancel',
  'button.accept': 'Share',
  'button.decline': 'Decline',
  'label.toolbar': 'Screen sharing',
  'label.preview': 'Your shared screen',
  'label.progress': 'Progress',

  // Share quality: the quality menu and the notices about opt-in media.
  'quality.label': 'Quality',
  'quality.text': 'Text (sharp, up to 1080p, 15 fps)',
  'quality.balanced': 'Balanced (1080p, 30 fps)',
  'quality.motion': 'Motion (720p, up to 60 fps)',
  'notice.audioUnavailable': 'No tab or system audio: this browser or platform gave none, the screen is shared without sound',
  'notice.cameraUnavailable': 'No camera: it could not be opened, the screen is shared without it',

  // The confirm prompt (the terminal's ctrlPresentation(3)).
  'prompt.title': 'Share your screen?',
  'prompt.text': 'The terminal asks you to share your screen.',

  // A failure on the status line: code, sentence, what to do next.
  'failure': 'Error {code}: {text} {next}',
  'failure.quality': 'Error {code}: this share quality setting is not valid ({reason}). Use text, balanced or motion, and positive numbers.',

  // <gs-screen-share>: hiding the preview of your own screen.
  'button.hidePreview': 'Hide preview',
  'button.showPreview': 'Show preview',
  'next.104': 'Wait a moment.',
  'next.105': 'Wait a moment.',
  'next.106': 'Check the buttons that are enabled.',
  'next.200': '',
  'next.300': 'Check the terminal address and try again.',
  'next.301': 'Open this page over HTTPS (or localhost) in a recent desktop browser.',
  'next.302': 'Check the network and that the terminal is on, then call again.',
  'next.303': 'Press Share screen again and choose a screen, window or tab.',
  'next.308': 'Try again; if it keeps happening, check the terminal.',
  'next.400': 'Update this page or the terminal’s firmware.',
  'next.403': 'Ask the person at the terminal, then try again.',
  'next.405': 'Update the terminal’s firmware.',
  'next.408': 'Check that the terminal is reachable, then try again.',
  'next.481': 'Press Call first.',
  'next.486': 'Wait until a line is free, then call again.',
  'next.487': 'Hang up first to start a new call.',
  'next.488': 'Try another browser, or update the terminal’s firmware.',
  'next.489': 'Start again when you are ready.',
  'next.501': 'Use another user name, or call again to take it back.',
  'next.502': 'Call again when the terminal is free.',
  'next.unknown': 'Try again; if it keeps happening, report the code.',
  ...codes,
} as const;

/** This table, complete, in one language. */
export type Messages = Record<keyof typeof en, string>;
