/**
 * A pure model of the page's session statechart *and of the world around it*, for the model-based tests
 * (test/unit/session.model.test.ts).
 *
 * The chart alone cannot say which events can happen next: a terminal only replies to a request it received,
 * a socket opens once, a capture is granted once, a peer offers only after CREATE_OFFER. So the model state is
 * the chart's snapshot plus what the world knows — whether the socket is connecting or open, and which of the
 * page's requests reached the terminal and still await their reply — and the events of each state are the
 * facts those actors can produce then, plus every host command (PROTOCOL.md "Flows").
 *
 * Every step is computed with xstate's pure `transition()`, whose executable actions give what the step must
 * put on the wire (sendTo signalling), tell the peer (sendTo peer) and emit to the host; the runner compares the
 * real actor, its real WebSocket and the scripted terminal against those predictions.
 */
import { initialTransition, transition, type AnyEventObject, type AnyStateNode, type SnapshotFrom } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { sessionMachine } from '../../src/session/session.machine.js';
import { Code, describeCode, replyTo, sdpField, type Frame, type RequestAction } from '../../src/protocol/index.js';
import type { PeerCommand, SessionEmitted, SessionEvent, SessionInput, StreamLike, TrackLike } from '../../src/session/types.js';

export type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;

/** Every event the model sends: the chart's own, or a delayed (`after`) event fired by the clock. */
export type ModelEvent = SessionEvent | { type: `xstate.after.${string}` };

/** Request timeout of the modelled session; the runner's SimulatedClock advances by exactly this much. */
export const MODEL_TIMEOUT_MS = 1000;
export const MODEL_INPUT: SessionInput = {
  requestTimeoutMs: MODEL_TIMEOUT_MS,
  presentTimeoutMs: MODEL_TIMEOUT_MS,
  shareRequestTimeoutMs: MODEL_TIMEOUT_MS,
  userName: 'model-user',
};
/** The address CALL uses in the model; the runner substitutes its scripted terminal's address. */
export const MODEL_URL = 'ws://127.0.0.1:9/terminals/model';
export const OFFER_SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n';
export const ANSWER_SDP = 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=recvonly\r\n';
/** The terminal's own requests count from here (our terminal and a GVC3220 use their own reqIds). */
const TERMINAL_FIRST_REQ_ID = 9000;

/** A stand-in capture for the pure model (the runner's scripted capture hands out a FakeTrack). */
const modelTrack: TrackLike = { kind: 'video', readyState: 'live', enabled: true, stop() {} };
const modelStream: StreamLike = { getTracks: () => [modelTrack], getVideoTracks: () => [modelTrack] };

export interface ModelState {
  snap: SessionSnapshot;
  /** The page's socket to the terminal in this call: none outside a call. */
  socket: 'none' | 'connecting' | 'open';
  /** Requests of the page that reached the terminal and are still awaited by the page: action → reqId. */
  inbox: Partial<Record<RequestAction, number>>;
  /** The terminal's last reqId. */
  terminalReqId: number;
  /** Predictions for the step that led here. */
  wire: Frame[];
  peer: PeerCommand[];
  emitted: SessionEmitted[];
}

type ExecAction = { type: string; params?: unknown };

function childId(to: unknown): string | undefined {
  if (typeof to === 'string') return to;
  return (to as { id?: string } | undefined)?.id;
}

export function initialModelState(): ModelState {
  const [snap] = initialTransition(sessionMachine, MODEL_INPUT);
  return { snap, socket: 'none', inbox: {}, terminalReqId: TERMINAL_FIRST_REQ_ID, wire: [], peer: [], emitted: [] };
}

/** One step of the model: the chart's pure transition plus what the world learns from its actions. */
export function modelTransition(state: ModelState, event: ModelEvent): ModelState {
  const [snap, actions] = transition(sessionMachine, state.snap, event as SessionEvent) as [SessionSnapshot, ExecAction[]];
  // The real signalling actor sends only on an open socket; SIGNAL.CLOSED means it is gone.
  const delivering = state.socket === 'open' && event.type !== 'SIGNAL.CLOSED';
  const wire: Frame[] = [];
  const peer: PeerCommand[] = [];
  const emitted: SessionEmitted[] = [];
  for (const action of actions) {
    if (action.type === 'xstate.sendTo') {
      const { to, event: sent } = action.params as { to: unknown; event: AnyEventObject };
      const target = childId(to);
      if (target === 'signalling' && sent.type === 'SEND' && delivering) wire.push((sent as unknown as { frame: Frame }).frame);
      if (target === 'peer') peer.push(sent as PeerCommand);
    } else if (action.type === 'xstate.emit') {
      emitted.push((action.params as { event: SessionEmitted }).event);
    }
  }
  const inCall = snap.matches('inCall');
  const socket: ModelState['socket'] = !inCall
    ? 'none'
    : !state.snap.matches('inCall')
      ? 'connecting'
      : event.type === 'SIGNAL.OPEN'
        ? 'open'
        : state.socket;
  let inbox: ModelState['inbox'] = socket === 'none' ? {} : { ...state.inbox };
  let terminalReqId = state.terminalReqId;
  if (event.type === 'SIGNAL.FRAME') {
    const { action, body } = event.frame;
    if (action.endsWith('Ret')) delete inbox[action.slice(0, -3) as RequestAction];
    else terminalReqId = Math.max(terminalReqId, body.reqId);
  }
  for (const frame of wire) if (!frame.action.endsWith('Ret')) inbox[frame.action as RequestAction] = frame.body.reqId;
  // The terminal answers only what the page still awaits (late replies are ignored by the chart anyway).
  inbox = Object.fromEntries(
    Object.entries(inbox).filter(([action, reqId]) => snap.context.pending[action as RequestAction] === reqId),
  );
  return { snap, socket, inbox, terminalReqId, wire, peer, emitted };
}

/** What the model's states are told apart by: the state value, and the data the guards and the world read. */
export function serializeModelState(state: ModelState): string {
  const { snap } = state;
  const inCall = snap.matches('inCall');
  return JSON.stringify([
    snap.value,
    inCall ? Object.keys(snap.context.pending).sort() : [],
    inCall ? (snap.context.incoming?.kind ?? null) : null,
    state.socket,
    Object.keys(state.inbox).sort(),
  ]);
}

/** A stable name for an event, without reqIds: the same fact in any run. */
export function labelOf(event: ModelEvent): string {
  switch (event.type) {
    case 'CALL':
      return event.url === MODEL_URL ? 'CALL' : `CALL ${event.url}`;
    case 'PAUSE':
      return `PAUSE mute=${event.mute}`;
    case 'ANSWER_REQUEST':
      return `ANSWER_REQUEST accept=${event.accept}`;
    case 'SIGNAL.FRAME': {
      const { action, body } = event.frame;
      const detail = [
        body.rspInfo ? `rsp ${body.rspInfo.rspCode}` : '',
        body.sendPermission !== undefined ? `sendPermission ${body.sendPermission}` : '',
      ].filter(Boolean);
      return `terminal: ${action}${detail.length ? `(${detail.join(', ')})` : ''}`;
    }
    case 'CAPTURE.FAILED':
      return `CAPTURE.FAILED ${event.code}`;
    default:
      return event.type.startsWith('xstate.after.') ? `timeout ${event.type.slice('xstate.after.requestTimeout.'.length)}` : event.type;
  }
}

const replyCodes: Partial<Record<RequestAction, number[]>> = {
  createMediaSession: [Code.OK, Code.BUSY],
  updateMediaSession: [Code.OK, Code.MEDIA_ERROR],
  ctrlPresentation: [Code.OK, Code.REFUSED],
  cancelRequest: [Code.OK],
  destroyMediaSession: [Code.OK],
};

/**
 * The events that can happen in `state`: every host command, and the facts the terminal, the socket, the
 * peer connection, the capture and the clock can produce there. Event types no active state node handles are
 * left out (they cannot change anything).
 */
export function eventsFor(state: ModelState): ModelEvent[] {
  const { snap } = state;
  const at = (value: Parameters<SessionSnapshot['matches']>[0]) => snap.matches(value);
  const inCall = at('inCall');
  const events: ModelEvent[] = [
    { type: 'CALL', url: MODEL_URL },
    { type: 'BEGIN_SCREEN' },
    { type: 'PAUSE', mute: true },
    { type: 'PAUSE', mute: false },
    { type: 'STOP_SCREEN' },
    { type: 'HANG_UP' },
    { type: 'ANSWER_REQUEST', accept: true },
    { type: 'ANSWER_REQUEST', accept: false },
  ];
  if (!inCall) {
    events.push({ type: 'CALL', url: 'http://not-a-websocket/' });
    if (at('idle')) events.push({ type: 'CONFIGURE', settings: { userName: 'model-user' } });
  }
  if (inCall) {
    // The socket.
    if (state.socket === 'connecting') events.push({ type: 'SIGNAL.OPEN' });
    events.push({ type: 'SIGNAL.CLOSED', code: 1006, reason: '' });
    if (state.socket === 'open') {
      // Replies to the requests the terminal holds: success, and the failure a terminal gives.
      for (const [action, reqId] of Object.entries(state.inbox) as [RequestAction, number][]) {
        const codes = [...(replyCodes[action] ?? [Code.OK])];
        if (action === 'ctrlPresentation' && at({ inCall: 'cancelling' })) codes.push(Code.CANCELLED);
        for (const code of codes) {
          const extra = code === Code.OK && (action === 'createMediaSession' || action === 'updateMediaSession') ? { sdp: sdpField(ANSWER_SDP) } : {};
          events.push({ type: 'SIGNAL.FRAME', frame: replyTo(action, reqId, code, describeCode(code), extra) });
        }
      }
      // The terminal's own requests (PROTOCOL.md "Terminal asks to present / to stop / hangs up").
      const reqId = state.terminalReqId + 1;
      const request = (action: RequestAction, body: Partial<Frame['body']> = {}): ModelEvent => ({
        type: 'SIGNAL.FRAME',
        frame: { action, body: { userName: 'model-user', reqId, ...body } },
      });
      events.push(request('ctrlPresentation', { sendPermission: 3 }));
      events.push(request('ctrlPresentation', { sendPermission: 2 }));
      events.push(request('destroyMediaSession', { rspInfo: { rspCode: Code.LINE_NEEDED, rspMsg: describeCode(Code.LINE_NEEDED) } }));
      if (at({ inCall: 'connected' })) {
        events.push(request('destroyMediaSession'));
        events.push(request('updateUserList'));
        events.push(request('updateCandidate', { candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } }));
      }
    }
    // The peer connection answers the chart's commands.
    const offering = at({ inCall: { calling: 'offering' } }) || at({ inCall: { sharing: { presenting: { starting: 'offering' } } } });
    const applying = at({ inCall: { calling: 'applyingAnswer' } }) || at({ inCall: { sharing: { presenting: { starting: 'applyingAnswer' } } } });
    if (offering) events.push({ type: 'PEER.OFFER', sdp: OFFER_SDP });
    if (applying) events.push({ type: 'PEER.ANSWER_APPLIED' });
    if (offering || applying) events.push({ type: 'PEER.ERROR', message: 'scripted failure' });
    if (at({ inCall: 'connected' })) {
      events.push({ type: 'PEER.STATE', state: 'connected' });
      events.push({ type: 'PEER.CANDIDATE', candidate: { candidate: 'candidate:2 1 udp 2122260223 127.0.0.1 50001 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    }
    // The capture: granted or refused once; ended by the browser's "Stop sharing" once granted.
    if (at({ inCall: { sharing: { presenting: { starting: 'capturing' } } } })) {
      events.push({ type: 'CAPTURE.READY', stream: modelStream });
      events.push({ type: 'CAPTURE.FAILED', code: Code.CAPTURE_REFUSED, message: describeCode(Code.CAPTURE_REFUSED) });
    } else if (at({ inCall: 'sharing' })) {
      events.push({ type: 'CAPTURE.ENDED' });
    }
  }
  // The clock: the request timeout of every active state that has one.
  for (const node of snap._nodes) for (const delayed of node.after) events.push({ type: delayed.eventType as `xstate.after.${string}` });
  const handled = new Set(snap._nodes.flatMap((node) => node.ownEvents as string[]));
  return events.filter((event) => handled.has(event.type));
}

/** A key for one transition of the chart: source state id, event type and index among its alternatives. */
export function transitionKey(t: { source: AnyStateNode; eventType: string }): string {
  const index = (t.source.transitions.get(t.eventType) ?? []).indexOf(t as never);
  return `${t.source.id} ${t.eventType} #${index}`;
}

/** Every state node and every transition (incl. `after` and guarded alternatives) of the chart. */
export function enumerateChart(machine: typeof sessionMachine = sessionMachine) {
  const nodes: AnyStateNode[] = [machine.root, ...getStateNodes(machine.root)];
  const transitions = new Map<string, { source: string; eventType: string; index: number; guard?: string; targets: string[] }>();
  for (const node of nodes) {
    for (const [eventType, list] of node.transitions) {
      list.forEach((t, index) => {
        const guard = t.guard as { type?: string } | string | undefined;
        transitions.set(transitionKey(t), {
          source: node.id,
          eventType,
          index,
          guard: typeof guard === 'string' ? guard : guard?.type,
          targets: (t.target ?? []).map((target) => target.id),
        });
      });
    }
  }
  return { states: nodes.map((n) => n.id), transitions };
}
