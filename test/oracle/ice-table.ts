/**
 * What the ICE watch of an established call must do, written from the documents, not from the statechart:
 * DEVICE.md "What the original sends" (up to 3 ICE restarts through updateMediaSession, gsrtc_ice.js:59-76, whose
 * onIceConnectionStateChange / iceConnectFailed / onIceRestartSuccess are read for what a restart is and when it
 * has worked), PROTOCOL.md ("Actions", "Flows", "Codes") and the documented constants of the page's own design in
 * src/session/ice-restart.ts (grace 5 s for `disconnected`, 10 s per try, 3 tries, the call ends 488). Nothing here
 * imports src/: the numbers are written down again, so a changed constant in the chart fails the test.
 *
 * Each row: the ICE substate it starts in (with which try it is), a fact, and what must follow: the next substate
 * (or the end of the call), exactly the frames the page sends to the terminal, exactly the commands the peer
 * connection is given, exactly what the host hears, and whether the parent state (connected / presenting / paused)
 * is kept. test/unit/ice-watch.model.test.ts runs every row in each of the three parents. A row the documents leave
 * open says why, and is reported, not checked.
 *
 * Notation: a frame is its action, with ` sdp` when it must carry an SDP; a peer command is its type, with
 * ` iceRestart` for an offer with new ICE credentials; the host hears `ended <code>`.
 */

/** The ICE substates of a state where media flow, in the names of this table. */
export type IceSub =
  | 'stable' // the peer connection is connected, or never failed yet
  | 'disconnected' // `disconnected`, within the grace
  | 'offering' // a restart try: its offer with new ICE credentials is being made
  | 'awaitingAnswer' // the try's updateMediaSession is sent, the terminal's answer awaited
  | 'connecting' // the answer (200) is applied, the peer connection not connected yet
  | 'refused' // the terminal answered the try non-200
  | 'answering'; // the peer connection is connected again while the try's answer is still awaited

/** Which try a row starts in: `first` leaves tries, `last` is the third (its timeout leaves none). */
export type Try = 'first' | 'last';

export type Fact =
  | 'peer connected'
  | 'peer disconnected'
  | 'peer failed'
  | 'grace elapsed' // `disconnected` lasted the whole grace
  | 'offer made' // the peer connection has made the restart offer
  | 'answer 200' // the terminal's updateMediaSessionRet 200, with its answer SDP
  | 'answer 488' // the terminal's updateMediaSessionRet, not 200
  | 'try timeout'; // the try's 10 s are over

export interface Expect {
  /** The next substate, or `ended`: the call is over (public state `failed`, the parent left). */
  to: IceSub | 'ended';
  wire: string[];
  /** Omitted where the documents do not say (the peer connection is closed when the call ends). */
  peer?: string[];
  hears: string[];
  /** Where the documents say it. */
  from: string;
}

export interface Row {
  start: IceSub;
  /** Only where it matters: the try's timeout leaves tries (`first`) or none (`last`). */
  try?: Try;
  fact: Fact;
  expect?: Expect;
  /** Set when the documents do not say: why. The row is reported, not checked. */
  open?: string;
}

/** The documented constants (src/session/ice-restart.ts docstrings; DEVICE.md "up to 3"; PROTOCOL.md "Codes"). */
export const ICE_DOC = {
  graceMs: 5_000,
  tryMs: 10_000,
  tries: 3,
  endCode: 488,
} as const;

const quiet = { wire: [], peer: [], hears: [] };
const restart = { wire: [], peer: ['CREATE_OFFER iceRestart'], hears: [] };
// destroyMediaSession carries the SDP too (PROTOCOL.md "Body fields").
const giveUp = { to: 'ended' as const, wire: ['destroyMediaSession sdp'], hears: [`ended ${ICE_DOC.endCode}`] };

export const ICE_ROWS: Row[] = [
  // A failed peer connection is restarted with a new offer (gsrtc_ice.js iceConnectFailed → doOffer, DEVICE.md
  // "Up to 3 ICE restarts"); a `disconnected` one gets the grace first (ice-restart.ts, grace docstring).
  { start: 'stable', fact: 'peer failed', expect: { to: 'offering', ...restart, from: 'gsrtc_ice.js:59-76 failed → restart' } },
  { start: 'stable', fact: 'peer disconnected', expect: { to: 'disconnected', ...quiet, from: 'ice-restart.ts: grace for disconnected' } },
  { start: 'stable', fact: 'peer connected', expect: { to: 'stable', ...quiet, from: 'gsrtc_ice.js: connected, no restart under way' } },

  // Within the grace a network that recovers by itself needs nothing; after it, or at `failed`, a restart
  // (ice-restart.ts DEFAULT_ICE_DISCONNECTED_GRACE_MS: "a longer one is restarted without waiting the 30 s out").
  { start: 'disconnected', fact: 'peer connected', expect: { to: 'stable', ...quiet, from: 'ice-restart.ts: recovers within the grace' } },
  { start: 'disconnected', fact: 'grace elapsed', expect: { to: 'offering', ...restart, from: 'ice-restart.ts: restarted after the grace' } },
  { start: 'disconnected', fact: 'peer failed', expect: { to: 'offering', ...restart, from: 'gsrtc_ice.js:59-76 failed → restart' } },

  // The restart offer goes to the terminal in updateMediaSession (DEVICE.md "Up to 3 ICE restarts through
  // updateMediaSession"; PROTOCOL.md "Actions": updateMediaSession carries the offer SDP, like a re-INVITE).
  {
    start: 'offering',
    fact: 'offer made',
    expect: { to: 'awaitingAnswer', wire: ['updateMediaSession sdp'], peer: [], hears: [], from: 'DEVICE.md: restart through updateMediaSession' },
  },
  {
    start: 'offering',
    fact: 'peer connected',
    open: 'connected again before the offer exists: the documents do not say whether the offer is still sent (the original sends it and counts the connected as success)',
  },

  // The terminal's answer (PROTOCOL.md "Actions": updateMediaSessionRet 200 with the answer SDP, which the page
  // applies). A non-200 leaves the try to its timeout (ice-restart.ts iceWatch docstring).
  { start: 'awaitingAnswer', fact: 'answer 200', expect: { to: 'connecting', wire: [], peer: ['APPLY_ANSWER'], hears: [], from: 'PROTOCOL.md Actions: answer applied' } },
  { start: 'awaitingAnswer', fact: 'answer 488', expect: { to: 'refused', ...quiet, from: 'ice-restart.ts: a non-200 answer waits for the try timeout' } },
  // Any return to `connected` during a restart is its success (gsrtc_ice.js onIceConnectionStateChange → onIceRestartSuccess:
  // the count starts anew), though the answer to the pending updateMediaSession is still to be applied.
  { start: 'awaitingAnswer', fact: 'peer connected', expect: { to: 'answering', ...quiet, from: 'gsrtc_ice.js onIceRestartSuccess' } },

  // Each try has 10 s; 3 tries, then the call ends: destroyMediaSession, `ended` 488, state failed (DEVICE.md
  // "Up to 3"; ice-restart.ts ICE_RESTART_TRIES, DEFAULT_ICE_RESTART_TIMEOUT_MS, ICE_FAILED_CODE; PROTOCOL.md
  // "Codes": 488 media information error, "Hang up": destroyMediaSession).
  { start: 'awaitingAnswer', try: 'first', fact: 'try timeout', expect: { to: 'offering', ...restart, from: 'ice-restart.ts: 10 s per try, 3 tries' } },
  { start: 'awaitingAnswer', try: 'last', fact: 'try timeout', expect: { ...giveUp, from: 'DEVICE.md: up to 3; ice-restart.ts: ends 488' } },
  { start: 'connecting', fact: 'peer connected', expect: { to: 'stable', ...quiet, from: 'gsrtc_ice.js onIceRestartSuccess' } },
  { start: 'connecting', try: 'first', fact: 'try timeout', expect: { to: 'offering', ...restart, from: 'ice-restart.ts: 10 s per try' } },
  { start: 'connecting', try: 'last', fact: 'try timeout', expect: { ...giveUp, from: 'DEVICE.md: up to 3; ice-restart.ts: ends 488' } },
  { start: 'refused', fact: 'peer connected', expect: { to: 'stable', ...quiet, from: 'gsrtc_ice.js onIceRestartSuccess: any connected' } },
  { start: 'refused', try: 'first', fact: 'try timeout', expect: { to: 'offering', ...restart, from: 'ice-restart.ts: 10 s per try' } },
  { start: 'refused', try: 'last', fact: 'try timeout', expect: { ...giveUp, from: 'DEVICE.md: up to 3; ice-restart.ts: ends 488' } },

  // Connected again while the answer is awaited: the restart has worked, so its timeout ends nothing, even after the
  // last try (gsrtc_ice.js onIceRestartSuccess); the pending updateMediaSession still gets its answer applied
  // (PROTOCOL.md "Actions"), and a request with no reply completes locally (PROTOCOL.md "Flows": timeout).
  { start: 'answering', try: 'last', fact: 'answer 200', expect: { to: 'stable', wire: [], peer: ['APPLY_ANSWER'], hears: [], from: 'PROTOCOL.md Actions: answer applied' } },
  { start: 'answering', try: 'last', fact: 'try timeout', expect: { to: 'stable', ...quiet, from: 'gsrtc_ice.js onIceRestartSuccess; PROTOCOL.md: no reply completes locally' } },
  {
    start: 'answering',
    try: 'last',
    fact: 'answer 488',
    open: 'the terminal refuses new ICE credentials the media already flow on: the documents do not say whether the call should go on or be renegotiated; the local offer stays unanswered',
  },
];

/** A row's name, as the coverage report lists it. */
export const rowName = (row: Row) => `${row.start}${row.try ? ` (${row.try} try)` : ''} + ${row.fact}`;
