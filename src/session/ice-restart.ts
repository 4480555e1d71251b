/**
 * ICE restart of an established call, as a piece of the session statechart (DEVICE.md "What the original does":
 * up to 3 ICE restarts through updateMediaSession, gsrtc_ice.js:59-76).
 *
 * A network change (a Wi-Fi hop, a TURN server gone) leaves the peer connection `disconnected`, then `failed`. The
 * chart then offers new ICE credentials in updateMediaSession (createOffer({ iceRestart: true }): new ufrag/pwd,
 * candidates gathered anew) and the terminal answers it as any updateMediaSession (PROTOCOL.md "Actions"). Success
 * (`connected` again) leaves the call where it was: the same call (no createMediaSession), the same capture, the
 * terminal's `<video>` keeps its stream. After the last failed try the call ends: destroyMediaSession to the
 * terminal, `ended` with ICE_FAILED_CODE, state `failed`, and leaving `inCall` releases the capture, the peer
 * connection and the socket.
 *
 * Pure: only the state configuration; the guards, delays and actions it names are the session machine's.
 */
import { Code } from '../protocol/index.js';
import { answerTo, settle } from './chart-parts.js';
import type { SessionStateConfig } from './session.setup.js';

/** How many ICE restarts are tried per failure before the call ends, as the original (gsrtc_ice.js:59-76). */
export const ICE_RESTART_TRIES = 3;

/**
 * Default wait of one ICE restart, in ms: from its offer to a `connected` peer, the terminal's answer included
 * (each side gathers up to 3 s). Then the next try, or after the last the end of the call.
 */
export const DEFAULT_ICE_RESTART_TIMEOUT_MS = 10_000;

/**
 * Default time a `disconnected` peer connection may stay so before it counts as `failed`, in ms. Chromium says
 * `disconnected` ~5 s after the last STUN response but `failed` only ~30 s later; a short network change
 * recovers by itself within this grace, a longer one is restarted without waiting the 30 s out.
 */
export const DEFAULT_ICE_DISCONNECTED_GRACE_MS = 5_000;

/**
 * The code a call ends with when its ICE cannot be restarted: 488 "media information error". PROTOCOL.md "Codes"
 * has no code for a lost network path; 488 is the one this page already reports for a peer connection that fails
 * it (PEER.ERROR), and the socket, whose loss is 302, is still up here.
 */
export const ICE_FAILED_CODE = Code.MEDIA_ERROR;

/**
 * The ICE watch of a state where media flow (`connected`, `presenting.live`, `paused`): substates `stable`,
 * `disconnected` (the grace above) and `restarting` (one try: offering → awaitingAnswer → connecting; a non-200
 * answer waits for the try's timeout; a peer connected again before the answer is `answering`, whose timeout ends
 * nothing). `id` names the restarting state, unique in the machine.
 */
export function iceWatch(id: string): SessionStateConfig {
  // Connected again: back to `stable`, whose entry starts the count of tries anew.
  const restored = { guard: 'iceConnected', target: `#${id}Stable` } as const;
  return {
    initial: 'stable',
    states: {
      stable: {
        id: `${id}Stable`,
        // A watch that starts (or comes back) with the peer connected: a restart left midway, or a network that
        // recovered within the grace, does not use up the next failure's tries.
        entry: 'iceSettled',
        always: [
          { guard: 'iceFailed', target: 'restarting' },
          { guard: 'iceDisconnected', target: 'disconnected' },
        ],
      },
      disconnected: {
        after: { iceDisconnectedGrace: 'restarting' },
        always: [
          { guard: 'iceFailed', target: 'restarting' },
          { guard: 'iceConnected', target: 'stable' },
        ],
      },
      restarting: {
        id,
        initial: 'offering',
        // A try left midway (the host stops or pauses) must not leave its updateMediaSession pending.
        exit: settle('updateMediaSession'),
        after: {
          iceRestartTimeout: [
            // Media flow again (the terminal's answer never came): the restart has worked, its update is settled.
            { guard: 'iceConnected', target: `#${id}Stable` },
            { guard: 'iceTriesLeft', target: `#${id}`, reenter: true },
            { actions: 'giveUpIce' },
          ],
        },
        states: {
          offering: {
            entry: 'restartIce',
            on: { 'PEER.OFFER': { target: 'awaitingAnswer', actions: { type: 'sendRequest', params: { action: 'updateMediaSession' } } } },
          },
          awaitingAnswer: {
            // Any return to `connected` is the restart's success, as the original counts it (onIceRestartSuccess).
            always: { guard: 'iceConnected', target: 'answering' },
            on: {
              'SIGNAL.FRAME': answerTo('updateMediaSession', 'connecting', { target: 'refused', actions: settle('updateMediaSession') }),
            },
          },
          // Connected, the count of tries started anew; the pending offer still gets its answer applied.
          answering: {
            entry: 'iceSettled',
            on: {
              'SIGNAL.FRAME': answerTo('updateMediaSession', `#${id}Stable`, { target: `#${id}Stable`, actions: settle('updateMediaSession') }),
            },
          },
          connecting: { always: restored },
          // The terminal refused the new credentials but the old path came back by itself: nothing left to restart.
          refused: { always: restored },
        },
      },
    },
  };
}
