/**
 * English messages: the source table. Every user-visible string of our elements comes from a table like this
 * one (states, buttons, prompts, progress, statistics, and for each result code of PROTOCOL.md "Codes" a
 * sentence a person understands plus what to do next). `{name}` marks a value filled in at run time.
 * messages.zh.ts and messages.ru.ts must have exactly the same keys (the type and test/unit/i18n.test.ts check).
 */
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

  // Share quality (issue 8): the quality menu and the notices about opt-in media.
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

  // Statistics of the outgoing video.
  'stats.label': 'Outgoing video',
  'stats.resolution': 'Resolution',
  'stats.fps': 'Frame rate',
  'stats.bitrate': 'Bitrate',
  'stats.rtt': 'Round trip',
  'stats.loss': 'Packet loss',
  'stats.unitFps': 'fps',
  'stats.unitKbps': 'kbps',
  'stats.unitMs': 'ms',
  'stats.none': 'No video is being sent',

  // <gs-screen-share>: hiding the preview of your own screen.
  'button.hidePreview': 'Hide preview',
  'button.showPreview': 'Show preview',

  // Statistics panel: a bad setting (its `error` event and console).
  'stats.error.interval': 'The statistics interval must be a positive number of ms; {value} is not (1000 is used).',

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

  // The gsRTC facade (src/gsrtc): the browser's confirm() when the terminal asks to present and no handler answers.
  'gsrtc.confirm': 'The terminal asks you to share your screen. Share it?',

  // Every result code (src/protocol/codes.ts): what happened, then what to do next.
  'code.104': 'Screen sharing is already starting.',
  'next.104': 'Wait a moment.',
  'code.105': 'Screen sharing is already stopping.',
  'next.105': 'Wait a moment.',
  'code.106': 'There is nothing to do: no screen is being shared, or it already is.',
  'next.106': 'Check the buttons that are enabled.',
  'code.200': 'Done.',
  'next.200': '',
  'code.300': 'The terminal address is not a valid ws:// or wss:// address.',
  'next.300': 'Check the terminal address and try again.',
  'code.301': 'This browser cannot share the screen here.',
  'next.301': 'Open this page over HTTPS (or localhost) in a recent desktop browser.',
  'code.302': 'The connection to the terminal was lost.',
  'next.302': 'Check the network and that the terminal is on, then call again.',
  'code.303': 'Screen sharing was refused or cancelled in the browser.',
  'next.303': 'Press Share screen again and choose a screen, window or tab.',
  'code.308': 'The terminal did not accept the screen share in time.',
  'next.308': 'Try again; if it keeps happening, check the terminal.',
  'code.400': 'The terminal could not read the request.',
  'next.400': 'Update this page or the terminal’s firmware.',
  'code.403': 'The request was refused.',
  'next.403': 'Ask the person at the terminal, then try again.',
  'code.405': 'The terminal does not support this request.',
  'next.405': 'Update the terminal’s firmware.',
  'code.408': 'The terminal did not answer in time.',
  'next.408': 'Check that the terminal is reachable, then try again.',
  'code.481': 'You are not in a call.',
  'next.481': 'Press Call first.',
  'code.486': 'The terminal has no free line.',
  'next.486': 'Wait until a line is free, then call again.',
  'code.487': 'You are already in a call.',
  'next.487': 'Hang up first to start a new call.',
  'code.488': 'The terminal and this browser could not agree on the media.',
  'next.488': 'Try another browser, or update the terminal’s firmware.',
  'code.489': 'The request was cancelled.',
  'next.489': 'Start again when you are ready.',
  'code.501': 'Another browser with the same user name took over this call.',
  'next.501': 'Use another user name, or call again to take it back.',
  'code.502': 'The terminal needed the line and hung up.',
  'next.502': 'Call again when the terminal is free.',
  'code.unknown': 'Unexpected result {code}.',
  'next.unknown': 'Try again; if it keeps happening, report the code.',
} as const;

/** A key of the message table. */
export type MessageKey = keyof typeof en;

/** A complete message table in one language. */
export type Messages = Record<MessageKey, string>;
