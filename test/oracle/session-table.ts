/**
 * What the page's session must do, written from PROTOCOL.md ("Flows", "Codes", "Public API") and DEVICE.md ("What
 * the original sends"), not from the statechart: for each phase of a call and each fact (a host command, a frame from
 * the terminal, the socket, the peer connection, the capture, a timeout), the phase it leads to, the frames the page
 * puts on the wire and the results the host hears. The model-based session test (test/unit/session.model.test.ts)
 * checks every step the real actor takes against this table, beside the chart's own prediction, so a wrong code or
 * target in the chart is caught here even though the chart predicts it. Nothing here imports src/.
 *
 * A cell is left out where the documents do not say (e.g. what HANG_UP sends while the socket is still connecting);
 * the test counts and lists those steps instead of checking them. Where PROTOCOL.md and DEVICE.md differ, PROTOCOL.md
 * is the one the page implements: a timed-out terminal request hears 408 (3xx never go on the wire; the original
 * sent 308), a repeated ctrlPresentation(2) 106 or 105 (the original answered 200). Only for a failed capture
 * (PROTOCOL.md names no reply code for it; the original answers 303) are both 403 and 303 allowed.
 *
 * Notation: a frame the page sends is its action, with `(n)` for sendPermission and ` code` for a reply's rspCode
 * (`ctrlPresentation(1)`, `ctrlPresentationRet 403`); a code list `403|303` allows either. What the host hears is
 * `<op> <code>` for a command's result, `ended <code>` for the end of a call, `request <kind>` when the terminal asks.
 */

/** The phases of a call, as PROTOCOL.md "Flows" walks them. */
export type Phase =
  | 'idle'
  | 'failed'
  | 'calling.socket' // the WebSocket is opening
  | 'calling.offer' // the peer connection makes the offer
  | 'calling.answer' // createMediaSession sent, its reply awaited
  | 'calling.apply' // the answer is being applied
  | 'connected'
  | 'asked' // the terminal's ctrlPresentation(3) awaits the host's answer
  | 'starting.capture' // the capture picker is open
  | 'starting.request' // ctrlPresentation(1) sent, its reply awaited
  | 'starting.offer' // the offer with the slides is being made
  | 'starting.answer' // updateMediaSession sent, its reply awaited
  | 'starting.apply' // the slides answer is being applied
  | 'presenting'
  | 'paused'
  | 'stopping' // ctrlPresentation(0) sent
  | 'cancelling' // cancelRequest sent: its reply and the cancelled request's 489 awaited
  | 'hangingUp'; // destroyMediaSession sent

/** What the page knows from the wire alone, which some cells depend on. */
export interface WireFacts {
  /** The terminal's ctrlPresentation the page has not answered yet: 3 asks to present ('share'), 2 to stop ('stop'). */
  held: 'share' | 'stop' | null;
  /** The page's requests still awaiting a reply (action names). */
  awaiting: string[];
}

export interface Cell {
  /** The phase after (one of them, where the documents allow several); omitted when they do not say. */
  to?: Phase | Phase[];
  /** Exactly the frames the page sends; omitted when the documents do not say. */
  wire?: string[];
  /** The last frame the page sends (when the documents name only that one). */
  wireEnds?: string;
  /** Exactly what the host hears; omitted when the documents do not say. */
  hears?: string[];
  /** What the host hears includes these (when the documents name some of it, not all). */
  hearsSome?: string[];
  /** Where the documents say it. */
  from: string;
}

type Rule = Cell | ((facts: WireFacts) => Cell | undefined);
type Rows = Partial<Record<string, Rule>>;

const outOfCall: Rows = {
  CALL: { to: 'calling.socket', wire: [], hears: [], from: 'Flows: Call (the socket opens first)' },
  'CALL http://not-a-websocket/': { wire: [], hears: ['call 300'], from: 'Codes: 300 invalid WebSocket address' },
  BEGIN_SCREEN: { wire: [], hears: ['beginScreen 481'], from: 'Codes: 481 user not in the call' },
  'PAUSE mute=true': { wire: [], hears: ['pausePresent 481'], from: 'Codes: 481' },
  'PAUSE mute=false': { wire: [], hears: ['pausePresent 481'], from: 'Codes: 481' },
  STOP_SCREEN: { wire: [], hears: ['stopScreen 481'], from: 'Codes: 481' },
  HANG_UP: { wire: [], hears: ['hangUp 481'], from: 'Codes: 481' },
};

/** Facts with the same answer in every phase of a call but hanging up. */
const inCall: Rows = {
  CALL: { wire: [], hears: ['call 487'], from: 'Codes: 487 user already in the call' },
  HANG_UP: { to: 'hangingUp', wireEnds: 'destroyMediaSession', from: 'Flows: Hang up, page → destroyMediaSession(5)' },
  'SIGNAL.CLOSED': { to: 'failed', wire: [], hearsSome: ['* 302'], from: 'Flows: WebSocket closed while not hanging up ⇒ 302' },
  'terminal: destroyMediaSession': {
    to: 'idle',
    wire: ['destroyMediaSessionRet 200'],
    hearsSome: ['request hangup'],
    from: 'Flows: Terminal hangs up',
  },
  'terminal: destroyMediaSession(rsp 502)': {
    to: 'idle',
    wire: ['destroyMediaSessionRet 200'],
    from: 'Flows: Terminal hangs up (5xx reason); Codes: 502',
  },
};

const calling: Rows = {
  timeout: { to: 'failed', wire: [], hears: ['call 408'], from: 'Flows: no reply within the timeout ⇒ 408' },
  HANG_UP: { hearsSome: ['call 489'], from: 'Codes: 489 request cancelled (the call is given up)' },
};

/** A start while a start is in progress ⇒ 104 (Flows: Duplicates). */
const starting: Rows = {
  BEGIN_SCREEN: { wire: [], hears: ['beginScreen 104'], from: 'Flows: Duplicates, 104' },
  'terminal: ctrlPresentation(sendPermission 3)': { wire: ['ctrlPresentationRet 104'], hears: [], from: 'Flows: Duplicates, 104' },
};

/** Presenting or paused: a repeated start ⇒ 106; stopping starts with ctrlPresentation(0). */
const sharing: Rows = {
  BEGIN_SCREEN: { wire: [], hears: ['beginScreen 106'], from: 'Flows: Duplicates, a repeated start after the reply ⇒ 106' },
  // With the terminal's own stop held, the page also answers it (in an order the documents leave open).
  STOP_SCREEN: (f) => ({ to: 'stopping', wire: f.held ? undefined : ['ctrlPresentation(0)'], hears: [], from: 'Flows: Page stops presenting' }),
  HANG_UP: (f) => ({ to: 'hangingUp', wire: f.held ? undefined : ['destroyMediaSession'], hears: [], from: 'Flows: Hang up' }),
  'terminal: ctrlPresentation(sendPermission 2)': (f) =>
    f.held === 'stop'
      ? { wire: ['ctrlPresentationRet 105'], hears: [], from: 'Flows: Duplicates, a stop while a stop is in progress ⇒ 105' }
      : { hearsSome: ['request stopShareScreen'], from: 'Flows: Terminal asks to stop; Public API: stopShareScreenRequest' },
};

/** While the presentation ends (its capture already released): nothing to pause or resume, 106. */
const whileEnding: Rows = {
  'PAUSE mute=true': { wire: [], hears: ['pausePresent 106'], from: 'Codes: 106 no stream (the presentation is ending)' },
  'PAUSE mute=false': { wire: [], hears: ['pausePresent 106'], from: 'Codes: 106 no stream (the presentation is ending)' },
};

export const SESSION_TABLE: Record<Phase, Rows> = {
  idle: { ...outOfCall, CONFIGURE: { wire: [], hears: [], from: 'settings only' } },
  failed: outOfCall,
  'calling.socket': {
    ...calling,
    'SIGNAL.OPEN': { to: 'calling.offer', wire: [], hears: [], from: 'Flows: Call (offer once the socket is open)' },
  },
  'calling.offer': {
    ...calling,
    'PEER.OFFER': { to: 'calling.answer', wire: ['createMediaSession'], hears: [], from: 'Flows: Call, page → createMediaSession(offer)' },
    'PEER.ERROR': { to: 'failed', wire: [], from: 'the call cannot be made' },
  },
  'calling.answer': {
    ...calling,
    'terminal: createMediaSessionRet(rsp 200)': { to: 'calling.apply', wire: [], hears: [], from: 'Flows: Call, the answer is applied' },
    'terminal: createMediaSessionRet(rsp 486)': { to: 'failed', wire: [], hears: ['call 486'], from: 'Flows: a 4xx reply ends the attempt' },
  },
  'calling.apply': {
    ...calling,
    'PEER.ANSWER_APPLIED': { to: 'connected', wire: [], hears: ['call 200'], from: 'Flows: Call ⇒ 200' },
    'PEER.ERROR': { to: 'failed', wire: [], from: 'the call cannot be made' },
  },
  connected: {
    BEGIN_SCREEN: { to: 'starting.capture', wire: [], hears: [], from: 'Flows: capture the screen first' },
    STOP_SCREEN: { to: 'connected', wire: [], hears: ['stopScreen 106'], from: 'Flows: a stop when nothing is presented ⇒ 106' },
    'PAUSE mute=true': { to: 'connected', wire: [], hears: ['pausePresent 106'], from: 'Codes: 106 no stream' },
    'PAUSE mute=false': { to: 'connected', wire: [], hears: ['pausePresent 106'], from: 'Codes: 106 no stream' },
    HANG_UP: { to: 'hangingUp', wire: ['destroyMediaSession'], hears: [], from: 'Flows: Hang up' },
    'terminal: ctrlPresentation(sendPermission 3)': {
      to: 'asked',
      wire: [],
      hears: ['request shareScreen'],
      from: 'Flows: Terminal asks to present, the page asks its user; Public API: shareScreenRequest',
    },
    'terminal: ctrlPresentation(sendPermission 2)': {
      to: 'connected',
      wire: ['ctrlPresentationRet 106'],
      from: 'Flows: Duplicates, a stop when nothing is presented (or a repeated one after the reply) ⇒ 106',
    },
  },
  asked: {
    'ANSWER_REQUEST accept=false': { to: 'connected', wire: ['ctrlPresentationRet 403'], from: 'Flows: Terminal asks to present, refuse ⇒ 403' },
    'ANSWER_REQUEST accept=true': { to: 'starting.capture', wire: [], from: 'Flows: Terminal asks to present, accept ⇒ capture' },
    timeout: { to: 'connected', wire: ['ctrlPresentationRet 408'], from: 'Flows: confirm outlasts the timeout ⇒ 408; Codes: 3xx never on the wire' },
  },
  'starting.capture': {
    ...starting,
    'CAPTURE.READY': (f) =>
      f.held === 'share'
        ? { to: 'starting.offer', wire: ['ctrlPresentationRet 200'], hears: [], from: 'Flows: Terminal asks to present, capture ⇒ 200 ⇒ updateMediaSession' }
        : { to: 'starting.request', wire: ['ctrlPresentation(1)'], hears: [], from: 'Flows: Page starts presenting' },
    'CAPTURE.FAILED 303': (f) =>
      f.held === 'share'
        ? { to: 'connected', wire: ['ctrlPresentationRet 403|303'], hearsSome: ['beginScreen 303'], from: 'Flows: capture failure ⇒ 303 (DEVICE.md: the original answers 303)' }
        : { to: 'connected', wire: [], hears: ['beginScreen 303'], from: 'Flows: failure or user cancel ⇒ 303, no signalling' },
    timeout: (f) =>
      f.held === 'share'
        ? { to: 'connected', wire: ['ctrlPresentationRet 408'], from: 'Flows: capture outlasts the timeout ⇒ 408; Codes: 3xx never on the wire' }
        : undefined,
  },
  'starting.request': {
    ...starting,
    'terminal: ctrlPresentationRet(rsp 200)': { to: 'starting.offer', wire: [], hears: [], from: 'Flows: Page starts presenting, then the offer with slides' },
    'terminal: ctrlPresentationRet(rsp 403)': { to: 'connected', wire: [], hears: ['beginScreen 403'], from: 'Flows: non-200 ⇒ release the capture, report the code' },
    'CAPTURE.ENDED': { to: 'cancelling', wire: ['cancelRequest'], from: 'Flows: Cancel' },
    timeout: { to: 'cancelling', wire: ['cancelRequest'], from: 'DEVICE.md: the original waits for ctrlPresentation(1), then cancelRequest' },
  },
  'starting.offer': {
    ...starting,
    'PEER.OFFER': { to: 'starting.answer', wire: ['updateMediaSession'], hears: [], from: 'Flows: page → updateMediaSession(offer with slides)' },
  },
  'starting.answer': {
    ...starting,
    'terminal: updateMediaSessionRet(rsp 200)': { to: 'starting.apply', wire: [], hears: [], from: 'Flows: terminal → updateMediaSessionRet(200, answer)' },
    'terminal: updateMediaSessionRet(rsp 488)': { hearsSome: ['beginScreen 488'], from: 'Codes: 488 media information error' },
    timeout: { hearsSome: ['beginScreen 408|308'], from: 'Flows: no reply ⇒ 408; Codes: 308 open-share timeout' },
  },
  'starting.apply': {
    ...starting,
    'PEER.ANSWER_APPLIED': { to: 'presenting', wire: [], hears: ['beginScreen 200'], from: 'Flows: ⇒ presenting' },
  },
  presenting: {
    ...sharing,
    'CAPTURE.ENDED': (f) => ({ to: 'stopping', wire: f.held ? undefined : ['ctrlPresentation(0)'], from: 'Flows: Page stops presenting' }),
    'PAUSE mute=true': { to: 'paused', wire: [], hears: ['pausePresent 200'], from: 'Flows: Pause, no signalling at all' },
  },
  paused: {
    ...sharing,
    'CAPTURE.ENDED': (f) => ({ to: 'stopping', wire: f.held ? undefined : ['ctrlPresentation(0)'], from: 'Flows: Page stops presenting' }),
    'PAUSE mute=false': { to: 'presenting', wire: [], hears: ['pausePresent 200'], from: 'Flows: resume, no signalling at all' },
  },
  stopping: {
    ...whileEnding,
    STOP_SCREEN: { to: 'stopping', wire: [], hears: ['stopScreen 105'], from: 'Flows: a stop while a stop is in progress ⇒ 105' },
    'terminal: ctrlPresentation(sendPermission 2)': {
      wire: ['ctrlPresentationRet 105'],
      from: 'Flows: Duplicates, a stop while a stop is in progress ⇒ 105',
    },
    'terminal: ctrlPresentationRet(rsp 200)': { to: 'connected', wire: [], hears: ['stopScreen 200'], from: 'Flows: Page stops presenting' },
    timeout: { to: 'connected', wire: [], hears: ['stopScreen 408'], from: 'Flows: no reply within the timeout ⇒ 408' },
  },
  cancelling: {
    ...whileEnding,
    // Replies may arrive in either order; both leave the page in connected (whether it waits for the second is open).
    'terminal: cancelRequestRet(rsp 200)': (f) => ({ to: f.awaiting.length ? ['cancelling', 'connected'] : 'connected', wire: [], from: 'Flows: Cancel, either order' }),
    'terminal: ctrlPresentationRet(rsp 489)': (f) => ({ to: f.awaiting.length ? ['cancelling', 'connected'] : 'connected', wire: [], from: 'Flows: Cancel, either order' }),
    timeout: { to: 'connected', wire: [], from: 'Flows: no reply within the timeout' },
  },
  hangingUp: {
    'SIGNAL.CLOSED': { to: 'idle', wire: [], from: 'Flows: a WebSocket closed while hanging up is no failure' },
    'terminal: destroyMediaSessionRet(rsp 200)': { to: 'idle', wire: [], hearsSome: ['hangUp 200'], from: 'Flows: Hang up' },
    timeout: { to: 'idle', wire: [], from: 'Flows: Hang up (the line is closed whatever the terminal says)' },
  },
};

const IN_CALL_EXCEPT: Phase[] = ['idle', 'failed', 'hangingUp'];

/**
 * The cell for `label` in `phase` given what the wire tells (`facts` after the step: a reply that came in is no
 * longer awaited), or undefined where the documents do not say. Timeouts of any phase are the label `timeout`.
 */
export function cellFor(phase: Phase, label: string, facts: WireFacts): (Cell & { row: string }) | undefined {
  const key = label.startsWith('timeout ') ? 'timeout' : label;
  const own = SESSION_TABLE[phase][key];
  const rule = own ?? (IN_CALL_EXCEPT.includes(phase) ? undefined : inCall[key]);
  const cell = typeof rule === 'function' ? rule(facts) : rule;
  return cell && { ...cell, row: own ? `${phase} ${key}` : `in call ${key}` };
}

/** Every row of the table, named as cellFor names them (a function row counts once). */
export function tableRows(): string[] {
  const rows = Object.entries(SESSION_TABLE).flatMap(([phase, r]) => Object.keys(r).map((key) => `${phase} ${key}`));
  return [...rows, ...Object.keys(inCall).map((key) => `in call ${key}`)];
}

/** True when `got` is the frame `want` names (`ctrlPresentationRet 403|303` allows either code). */
export function frameMatches(want: string, got: { action: string; sendPermission?: number; rspCode?: number }): boolean {
  const m = /^([A-Za-z ]+?)(?:\((\d)\))?(?: ([\d|]+))?$/.exec(want);
  if (!m) return false;
  const [, action, permission, codes] = m;
  if (got.action !== action) return false;
  if (permission !== undefined && got.sendPermission !== Number(permission)) return false;
  if (codes !== undefined && !codes.split('|').map(Number).includes(got.rspCode ?? -1)) return false;
  return true;
}

/** True when `got` is the host result `want` names (`beginScreen 408|308` allows either code, `* 302` any name). */
export function resultMatches(want: string, got: string): boolean {
  const [name, codes] = want.split(' ');
  const [gotName, gotCode] = got.split(' ');
  return (name === '*' || name === gotName) && (codes === undefined || codes.split('|').includes(gotCode));
}
