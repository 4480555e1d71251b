/**
 * English messages of every result code of PROTOCOL.md "Codes" (src/protocol/codes.ts) worded as what happened; part of the tables of `<gs-screen-share>` and `<gs-terminal>`: the source table, bundled with the element.
 * `{name}` marks a value filled in at run time. messages.zh.ts and messages.ru.ts (codes.*, room-codes.* likewise)
 * have exactly the same keys (the type and test/unit/i18n.test.ts check); they load on demand (../i18n/localize.ts).
 */

export const en = {
  // Every result code (src/protocol/codes.ts): what happened, then what to do next.
  'code.104': 'Screen sharing is already starting.',
  'code.105': 'Screen sharing is already stopping.',
  'code.106': 'There is nothing to do: no screen is being shared, or it already is.',
  'code.200': 'Done.',
  'code.300': 'The terminal address is not a valid ws:// or wss:// address.',
  'code.301': 'This browser cannot share the screen here.',
  'code.302': 'The connection to the terminal was lost.',
  'code.303': 'Screen sharing was refused or cancelled in the browser.',
  'code.308': 'The terminal did not accept the screen share in time.',
  'code.400': 'The terminal could not read the request.',
  'code.403': 'The request was refused.',
  'code.405': 'The terminal does not support this request.',
  'code.408': 'The terminal did not answer in time.',
  'code.481': 'You are not in a call.',
  'code.486': 'The terminal has no free line.',
  'code.487': 'You are already in a call.',
  'code.488': 'The terminal and this browser could not agree on the media.',
  'code.489': 'The request was cancelled.',
  'code.501': 'Another browser with the same user name took over this call.',
  'code.502': 'The terminal needed the line and hung up.',
  'code.unknown': 'Unexpected result {code}.',
} as const;

/** This table, complete, in one language. */
export type Messages = Record<keyof typeof en, string>;
