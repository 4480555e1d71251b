/**
 * The presenting part of the session statechart: `inCall.sharing` (the capture's lifetime) with
 * `presenting.starting` (capturing → requesting → offering → awaitingAnswer → applyingAnswer), `presenting.live`
 * and `paused`, and the two ways out of it, `inCall.stopping` and `inCall.cancelling`.
 *
 * Where it comes from: PROTOCOL.md "Flows" (page starts presenting: ctrlPresentation(1), then updateMediaSession
 * with the slides m-line; page stops presenting: ctrlPresentation(0), no renegotiation; Cancel: cancelRequest),
 * "Pause / resume" (local only) and "Codes"; the waits (35 s for the terminal's user, 30 s for a share the
 * terminal asked for) are DEVICE.md "Waits". The terminal's own asks while sharing are terminal-requests.chart.ts,
 * the ICE watch of `live` and `paused` is ice-restart.ts, the busy answers busy.ts.
 *
 * Pure: only state configurations; the guards, delays and actions they name are the session machine's
 * (session.setup.ts).
 */
import { Code, SendPermission } from '../protocol/index.js';
import { pauseTo, refuse, whileStarting, whileStopping } from './busy.js';
import { answerTo, applyingAnswer, report, settle } from './chart-parts.js';
import { iceWatch } from './ice-restart.js';
import type { SessionStateConfig } from './session.setup.js';
import { replyWith, terminalAsksWhileSharing } from './terminal-requests.chart.js';

/** Forget both the cancelRequest and the ctrlPresentation(1) it cancels: the cancel is over either way. */
function settleCancel() {
  return [settle('cancelRequest'), settle('ctrlPresentation')];
}

/** `inCall.sharing`: the capture, and presenting or paused on it (the host's beginScreen() or a terminal's yes). */
export const sharingState = {
  // The capture lives exactly as long as this state: its actor stops every track on exit.
  invoke: { id: 'capture', src: 'capture', input: () => ({}) },
  exit: 'forgetCapture',
  initial: 'presenting',
  on: {
    BEGIN_SCREEN: refuse('beginScreen', Code.NO_STREAM),
    STOP_SCREEN: 'stopping',
    'CAPTURE.ENDED': 'stopping',
    ...terminalAsksWhileSharing,
  },
  states: {
    presenting: {
      initial: 'starting',
      states: {
        starting: {
          initial: 'capturing',
          on: {
            ...whileStarting,
            'SIGNAL.FRAME': {
              guard: { type: 'isRequest', params: { action: 'ctrlPresentation' } },
              actions: replyWith(Code.STARTING),
            },
            STOP_SCREEN: {
              target: '#session.inCall.stopping',
              actions: report('beginScreen', Code.CANCELLED),
            },
            'CAPTURE.ENDED': {
              target: '#session.inCall.stopping',
              actions: report('beginScreen', Code.CANCELLED),
            },
            'PEER.ERROR': {
              target: '#session.inCall.stopping',
              actions: report('beginScreen'),
            },
          },
          states: {
            capturing: {
              after: {
                // Only a share the terminal asked for is timed: it waits for our ctrlPresentationRet, which says
                // 408 (PROTOCOL.md "Terminal asks to present"; 3xx never go on the wire, though the original sent
                // 308, DEVICE.md "Waits"); the host hears the local 308 "open-share timeout".
                shareRequestTimeout: {
                  guard: 'answeringTerminal',
                  target: '#session.inCall.connected',
                  actions: [{ type: 'answerIncoming', params: { code: Code.TIMEOUT } }, report('beginScreen', Code.SHARE_TIMEOUT)],
                },
              },
              on: {
                'CAPTURE.READY': [
                  {
                    // Answer the terminal's ctrlPresentation(3) with 200, then renegotiate.
                    guard: 'answeringTerminal',
                    target: 'offering',
                    actions: ['keepCapture', { type: 'answerIncoming', params: { code: Code.OK } }, 'attachSlides', 'createOffer'],
                  },
                  {
                    target: 'requesting',
                    actions: [
                      'keepCapture',
                      { type: 'sendRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.PAGE_START } },
                    ],
                  },
                ],
                'CAPTURE.FAILED': {
                  // A terminal's ctrlPresentation(3) hears 303 when the capture fails, as the original answers.
                  target: '#session.inCall.connected',
                  actions: [{ type: 'answerIncoming', params: { code: Code.CAPTURE_REFUSED } }, report('beginScreen')],
                },
                // Capture not granted yet: nothing was asked of the terminal, so nothing to cancel.
                STOP_SCREEN: refuse('stopScreen', Code.STARTING),
              },
            },
            requesting: {
              after: {
                // The terminal's user did not answer in time: cancel the request, as the original does; 489.
                presentTimeout: { target: '#session.inCall.cancelling' },
              },
              on: {
                'SIGNAL.FRAME': [
                  {
                    guard: { type: 'isReplyOk', params: { action: 'ctrlPresentation' } },
                    target: 'offering',
                    actions: [settle('ctrlPresentation'), 'attachSlides', 'createOffer'],
                  },
                  {
                    guard: { type: 'isReply', params: { action: 'ctrlPresentation' } },
                    target: '#session.inCall.connected',
                    actions: [settle('ctrlPresentation'), report('beginScreen')],
                  },
                ],
                // The user ended the capture before the terminal answered (PROTOCOL.md "Cancel").
                'CAPTURE.ENDED': { target: '#session.inCall.cancelling' },
                STOP_SCREEN: { target: '#session.inCall.cancelling' },
              },
            },
            offering: {
              on: {
                'PEER.OFFER': {
                  target: 'awaitingAnswer',
                  actions: { type: 'sendRequest', params: { action: 'updateMediaSession' } },
                },
              },
            },
            awaitingAnswer: {
              after: {
                requestTimeout: {
                  target: '#session.inCall.stopping',
                  actions: [settle('updateMediaSession'), report('beginScreen', Code.SHARE_TIMEOUT)],
                },
              },
              on: {
                'SIGNAL.FRAME': answerTo('updateMediaSession', 'applyingAnswer', {
                  target: '#session.inCall.stopping',
                  actions: [settle('updateMediaSession'), report('beginScreen')],
                }),
              },
            },
            applyingAnswer: applyingAnswer('#session.inCall.sharing.presenting.live', 'beginScreen'),
          },
        },
        live: {
          ...iceWatch('liveIce'),
          on: {
            PAUSE: pauseTo('mute', '#session.inCall.sharing.paused'),
          },
        },
      },
    },
    paused: {
      ...iceWatch('pausedIce'),
      // Pause is local only: the track is disabled and its encoding inactive; no signalling (PROTOCOL.md "Pause / resume").
      entry: { type: 'setPaused', params: { paused: true } },
      exit: { type: 'setPaused', params: { paused: false } },
      on: {
        PAUSE: pauseTo('unmute', '#session.inCall.sharing.presenting.live'),
      },
    },
  },
} satisfies SessionStateConfig;

/** `inCall.stopping`: the page stops presenting, ctrlPresentation(0) (PROTOCOL.md "Page stops presenting"). */
export const stoppingState = {
  // Capture already released on leaving `sharing`; tell the terminal (PROTOCOL.md "Page stops presenting").
  entry: [
    'detachSlides',
    { type: 'sendRequest', params: { action: 'ctrlPresentation', sendPermission: SendPermission.PAGE_STOP } },
    // A stop the terminal had asked for is done too.
    { type: 'answerIncoming', params: { code: Code.OK } },
  ],
  after: {
    requestTimeout: { target: 'connected', actions: [settle('ctrlPresentation'), report('stopScreen', Code.TIMEOUT)] },
  },
  on: {
    ...whileStopping,
    'SIGNAL.FRAME': [
      {
        guard: { type: 'isReply', params: { action: 'ctrlPresentation' } },
        target: 'connected',
        actions: [settle('ctrlPresentation'), report('stopScreen')],
      },
      // Any ctrlPresentation of the terminal's, its stop (2) too: a stop is in progress, 105 (PROTOCOL.md "Flows": Duplicates).
      {
        guard: { type: 'isRequest', params: { action: 'ctrlPresentation' } },
        actions: replyWith(Code.STOPPING),
      },
    ],
  },
} satisfies SessionStateConfig;

/** `inCall.cancelling`: a start given up before the terminal answered, cancelRequest (PROTOCOL.md "Cancel"). */
export const cancellingState = {
  // The capture ended while ctrlPresentation(1) awaited its reply: cancelRequest, then back to connected
  // whichever of cancelRequestRet and ctrlPresentationRet(489) comes first (PROTOCOL.md "Cancel").
  entry: [
    'detachSlides',
    'noteCancelled',
    { type: 'sendRequest', params: { action: 'cancelRequest' } },
    report('beginScreen', Code.CANCELLED),
  ],
  after: {
    requestTimeout: {
      target: 'connected',
      actions: settleCancel(),
    },
  },
  on: {
    ...whileStopping,
    'SIGNAL.FRAME': [
      {
        guard: { type: 'isReply', params: { action: 'cancelRequest' } },
        target: 'connected',
        actions: settleCancel(),
      },
      // ctrlPresentationRet 200: the terminal answered before it saw the cancel; close what it opened.
      {
        guard: 'isLateOk',
        actions: [settle('ctrlPresentation'), 'closeLateShare'],
      },
      // ctrlPresentationRet 489 (or another code): wait for cancelRequestRet.
      { guard: { type: 'isReply', params: { action: 'ctrlPresentation' } }, actions: settle('ctrlPresentation') },
    ],
  },
} satisfies SessionStateConfig;
