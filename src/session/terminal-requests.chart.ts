/**
 * The terminal's own asks, as pieces of the session statechart: ctrlPresentation(3) "terminal asks to present"
 * and ctrlPresentation(2) "terminal asks to stop" (PROTOCOL.md "Flows"; the answers and the 30 s wait are the
 * original's, DEVICE.md "Waits", gsrtc_event.js:67-87).
 *
 * - In `connected` a (3) is remembered and told to the host (emitted `terminalRequest` kind `shareScreen`), and
 *   the chart waits in `asked` for the host's yes (ANSWER_REQUEST accept, or its own beginScreen()) or no (403);
 *   after `shareRequestTimeout` it answers 408 (PROTOCOL.md; 3xx never go on the wire, though the original sent
 *   308) and the host hears the local 308. A yes goes to `sharing`, which answers the (3) once the capture is ready
 *   (presenting.chart.ts). A (2) with nothing presented, or repeated after its reply, hears 106.
 * - In `sharing` a (2) is remembered and told to the host (kind `stopShareScreen`): its yes (the default) stops
 *   the presentation and answers 200 (no ctrlPresentation(0)), its no answers 403. The same (2) again while the
 *   host decides hears 105 (a stop in progress), a (3) hears 106. These 1xx are PROTOCOL.md "Flows": Duplicates;
 *   the original answered a repeated (2) 200 (DEVICE.md "Waits").
 *
 * Pure: only state and transition configurations; the guards and actions they name are the session machine's
 * (session.setup.ts).
 */
import { and } from 'xstate';
import { Code, SendPermission, type SendPermissionValue } from '../protocol/index.js';
import { report } from './chart-parts.js';
import type { SessionStateConfig, SessionTransitions } from './session.setup.js';

/** The guard "the event is the terminal's ctrlPresentation with `sendPermission`". */
export function terminalAsks(sendPermission: SendPermissionValue) {
  return { type: 'isRequest' as const, params: { action: 'ctrlPresentation' as const, sendPermission } };
}

/** The action "answer the terminal's request in the event with `code`". */
export function replyWith(code: number) {
  return { type: 'reply' as const, params: { code } };
}

/** `connected`'s answers to the terminal's ctrlPresentation: (3) goes to `asked`, (2) hears 106. */
export const terminalAsksWhileConnected: SessionTransitions['SIGNAL.FRAME'] = [
  {
    // Terminal asks to present (PROTOCOL.md "Terminal asks to present"): ask the host, then capture.
    guard: terminalAsks(SendPermission.TERMINAL_ASKS_START),
    target: 'asked',
    actions: { type: 'takeRequest', params: { kind: 'shareScreen' } },
  },
  {
    // Nothing presented (or a repeated stop after its reply): 106 (PROTOCOL.md "Flows": Duplicates).
    guard: terminalAsks(SendPermission.TERMINAL_ASKS_STOP),
    actions: replyWith(Code.NO_STREAM),
  },
];

/** `inCall.asked`: the terminal's ctrlPresentation(3) waits for the host's answer. */
export const askedState = {
  // The terminal's ctrlPresentation(3) waits for the host (confirm prompt or detail.accept()/reject()), then hears
  // 408 (PROTOCOL.md "Terminal asks to present"); the host hears the local 308 "open-share timeout".
  after: {
    shareRequestTimeout: {
      target: 'connected',
      actions: [{ type: 'answerIncoming', params: { code: Code.TIMEOUT } }, report('beginScreen', Code.SHARE_TIMEOUT)],
    },
  },
  on: {
    ANSWER_REQUEST: [
      { guard: 'accepted', target: 'sharing' },
      { target: 'connected', actions: { type: 'answerIncoming', params: { code: Code.REFUSED } } },
    ],
    // The host's own beginScreen() while asked is a yes.
    BEGIN_SCREEN: 'sharing',
    HANG_UP: { target: 'hangingUp', actions: { type: 'answerIncoming', params: { code: Code.REFUSED } } },
    'SIGNAL.FRAME': [
      { guard: terminalAsks(SendPermission.TERMINAL_ASKS_START), actions: replyWith(Code.STARTING) },
      { guard: terminalAsks(SendPermission.TERMINAL_ASKS_STOP), actions: replyWith(Code.NO_STREAM) },
    ],
  },
} satisfies SessionStateConfig;

/** `sharing`'s answers to the terminal's ctrlPresentation, and the host's answer to its (2). */
export const terminalAsksWhileSharing: Pick<SessionTransitions, 'SIGNAL.FRAME' | 'ANSWER_REQUEST'> = {
  'SIGNAL.FRAME': [
    { guard: terminalAsks(SendPermission.TERMINAL_ASKS_START), actions: replyWith(Code.NO_STREAM) },
    {
      // The same stop asked again while the host decides: a stop in progress, 105 (PROTOCOL.md "Flows": Duplicates).
      guard: and(['stopAsked', terminalAsks(SendPermission.TERMINAL_ASKS_STOP)]),
      actions: replyWith(Code.STOPPING),
    },
    {
      // Terminal asks to stop (PROTOCOL.md "Terminal asks to stop"): the host agrees (default) or refuses (403).
      guard: terminalAsks(SendPermission.TERMINAL_ASKS_STOP),
      actions: { type: 'takeRequest', params: { kind: 'stopShareScreen' } },
    },
  ],
  ANSWER_REQUEST: [
    {
      // No ctrlPresentation(0): the terminal asked, our 200 is the answer.
      guard: and(['stopAsked', 'accepted']),
      target: 'connected',
      actions: ['detachSlides', { type: 'answerIncoming', params: { code: Code.OK } }, report('stopScreen', Code.OK)],
    },
    { guard: 'stopAsked', actions: { type: 'answerIncoming', params: { code: Code.REFUSED } } },
  ],
};
