/**
 * The device ("gs_phone") side of gs-webrtc-json, as a terminal in a browser: it answers the page's
 * createMediaSession / updateMediaSession with SDP answers, accepts ctrlPresentation(1/0), cancelRequest and
 * destroyMediaSession, and can itself ask the page to present (3), stop (2) or hang up (4)
 * (PROTOCOL.md "Actions" and "Flows"). It speaks through the same codec as the page and the server.
 *
 * Which request is answered with what, in which state, is the statechart src/terminal/terminal.machine.ts; this
 * class runs it and holds what it drives: the WebSocket (with its keep-alive), the peer connections
 * (terminal-peer.ts) and the terminal's own requests waiting for the page's replies.
 *
 * It is an EventTarget: `change` fires whenever `state`, `presenting`, `slidesStream`, `mainStream`, `audioStream`,
 * `userName` or `heldPresentation` change;
 * `frame` (detail `{ direction, text }`) for every frame in or out.
 */
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import {
  Code,
  KEEPALIVE_INTERVAL_MS,
  KEEPALIVE_PING,
  SUBPROTOCOL,
  SendPermission,
  describeCode,
  parseFrame,
  sdpField,
  serialiseFrame,
  type Body,
  type Frame,
  type RequestAction,
  type Result,
} from '../protocol/index.js';
import { PendingReplies } from '../protocol/pending-replies.js';
import { terminalMachine } from './terminal.machine.js';
import { TerminalPeer } from './terminal-peer.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, type TerminalOptions, type TerminalState } from './terminal-options.js';

export { DEFAULT_REQUEST_TIMEOUT_MS, type TerminalOptions, type TerminalState } from './terminal-options.js';

/** The public line state of a chart snapshot: every `offline.*` is `offline`. */
function lineState(snapshot: SnapshotFrom<typeof terminalMachine>): TerminalState {
  if (snapshot.matches('inCall')) return 'inCall';
  return snapshot.matches('online') ? 'online' : 'offline';
}

const notInCall = (): Result => ({ code: Code.NOT_IN_CALL, message: describeCode(Code.NOT_IN_CALL) });

export class TerminalSession extends EventTarget {
  state: TerminalState = 'offline';
  /** True between an accepted ctrlPresentation(1) and ctrlPresentation(0) (or the call's end). */
  presenting = false;
  /** userName of the page in the call. */
  userName: string | null = null;
  /** reqId of a page's ctrlPresentation(1) held for `acceptPresentation()` (with `confirmPresentation`), else null. */
  heldPresentation: number | null = null;

  private socket: WebSocket | null = null;
  private keepalive?: ReturnType<typeof setInterval>;
  /** The terminal's own requests waiting for the page's reply, tagged with their action. */
  private readonly pending = new PendingReplies<Result, RequestAction>();
  private readonly peer: TerminalPeer;
  private readonly actor: Actor<typeof terminalMachine>;
  /** The values `change` last told of. */
  private told: readonly unknown[] = [];

  constructor(private readonly options: TerminalOptions) {
    super();
    this.peer = new TerminalPeer(options, {
      answered: (ref, sdp) => this.actor.send({ type: 'PEER.ANSWER', sdp, ...ref }),
      failed: (ref) => this.actor.send({ type: 'PEER.FAILED', ...ref }),
      // Fire and forget, like the page: the replies to updateCandidate are not awaited.
      candidate: (c) =>
        this.send({
          action: 'updateCandidate',
          body: { userName: this.userName ?? undefined, reqId: this.pending.nextId(), candidate: c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : { candidate: '' } },
        }),
      streams: () => this.sync(),
    });
    this.actor = createActor(
      terminalMachine.provide({
        actions: {
          connect: () => this.open(),
          disconnect: () => this.close(),
          send: (_, frame) => this.send(frame),
          prepareSpare: () => this.peer.prepareSpare(),
          openCall: (_, body) => this.peer.open(body),
          negotiate: (_, body) => this.peer.negotiate(body),
          addCandidate: (_, candidate) => this.peer.addCandidate(candidate),
          endCall: () => this.endCall(),
          settleReply: (_, frame) => this.settle(frame),
        },
      }),
      { input: { confirmPresentation: options.confirmPresentation, cancelReplyOrder: options.cancelReplyOrder, reconnectMs: options.reconnectMs } },
    );
    this.actor.subscribe(() => this.sync());
    this.actor.start();
  }

  /** The page's slides (screen) stream, once its m-line carries a track. */
  get slidesStream(): MediaStream | null {
    return this.peer.slidesStream;
  }

  /** The page's main video (its camera, wire mid 1, a=content:main), once that m-line carries a track. */
  get mainStream(): MediaStream | null {
    return this.peer.mainStream;
  }

  /** The page's audio (tab / system audio or microphone, wire mid 0), once that m-line carries a track. */
  get audioStream(): MediaStream | null {
    return this.peer.audioStream;
  }

  /** The current call's peer connection, or null. */
  get connection(): RTCPeerConnection | null {
    return this.peer.connection;
  }

  /** The answer SDP last sent on the wire (with `answer: 'device'` it differs from the local description), or null. */
  get wireAnswer(): string | null {
    return this.peer.wireAnswer;
  }

  /** The mids of the current call's audio, main and slides m-lines (from the page's offer; default 0, 1, 2). */
  get mediaMids(): { audio?: string; main?: string; slides?: string } {
    return { ...this.peer.mids };
  }

  /** Connects to the server and keeps the connection up until `stop()`. */
  start(): void {
    this.actor.send({ type: 'START' });
  }

  /** Ends any call, closes the socket and stops reconnecting. */
  stop(): void {
    this.actor.send({ type: 'STOP' });
  }

  /** Accepts the held ctrlPresentation(1): 200. */
  acceptPresentation(): void {
    this.actor.send({ type: 'ACCEPT' });
  }

  /** Declines the held ctrlPresentation(1): 403. */
  declinePresentation(): void {
    this.actor.send({ type: 'DECLINE' });
  }

  /** Asks the page to start presenting: ctrlPresentation(3). Resolves with the page's code (408 without a reply). */
  requestPresentation(): Promise<Result> {
    return this.ask(SendPermission.TERMINAL_ASKS_START);
  }

  /** Asks the page to stop presenting: ctrlPresentation(2). */
  requestStopPresentation(): Promise<Result> {
    return this.ask(SendPermission.TERMINAL_ASKS_STOP);
  }

  /**
   * Hangs up the call: destroyMediaSession(4), optionally with a 5xx reason (501 replaced, 502 line needed).
   * The call ends here at once; resolves with the page's reply code.
   */
  hangUp(reason?: number): Promise<Result> {
    if (this.state !== 'inCall') return Promise.resolve(notInCall());
    const extra: Partial<Body> = reason ? { rspInfo: { rspCode: reason, rspMsg: describeCode(reason) } } : {};
    // PROTOCOL.md "Body fields": destroyMediaSession carries the SDP (the terminal's current answer).
    const local = this.wireAnswer ?? this.connection?.localDescription?.sdp;
    if (local) extra.sdp = sdpField(local);
    const done = this.request('destroyMediaSession', extra);
    this.actor.send({ type: 'HANG_UP' });
    return done;
  }

  private ask(sendPermission: 2 | 3): Promise<Result> {
    return this.request('ctrlPresentation', { sendPermission }).then((result) => {
      if (result.code === Code.OK) this.actor.send({ type: 'PAGE.AGREED', sendPermission });
      return result;
    });
  }

  private open(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url, SUBPROTOCOL);
    } catch {
      // Told after this transition, so that the chart is in `connecting` when it hears it.
      queueMicrotask(() => this.actor.send({ type: 'SOCKET.CLOSED' }));
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      clearInterval(this.keepalive);
      this.keepalive = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send(KEEPALIVE_PING), KEEPALIVE_INTERVAL_MS);
      this.actor.send({ type: 'SOCKET.OPEN' });
    };
    socket.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      const parsed = parseFrame(message.data);
      if (parsed.kind === 'keepalive') return;
      this.tap('in', message.data);
      this.actor.send(parsed.kind === 'invalid' ? { type: 'SOCKET.INVALID', parsed } : { type: 'SOCKET.FRAME', frame: parsed.frame });
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      clearInterval(this.keepalive);
      this.socket = null;
      this.actor.send({ type: 'SOCKET.CLOSED' });
    };
  }

  private close(): void {
    this.peer.releaseSpare();
    clearInterval(this.keepalive);
    this.socket?.close(1000, 'terminal stopped');
    this.socket = null;
  }

  private endCall(): void {
    this.peer.close();
    // The terminal's own hang-up waits on for the page's reply.
    this.pending.settleAll(notInCall(), (asked) => asked === 'destroyMediaSession');
  }

  private settle(frame: Frame): void {
    const code = frame.body.rspInfo?.rspCode ?? Code.OK;
    this.pending.settle(frame.body.reqId, { code, message: frame.body.rspInfo?.rspMsg || describeCode(code) }, (asked) => `${asked}Ret` === frame.action);
  }

  private request(action: RequestAction, extra: Partial<Body>): Promise<Result> {
    if (this.state !== 'inCall') return Promise.resolve(notInCall());
    return this.pending.open(
      action,
      this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      () => ({ code: Code.TIMEOUT, message: describeCode(Code.TIMEOUT) }),
      (reqId) => this.send({ action, body: { userName: this.userName ?? undefined, reqId, ...extra } }),
    );
  }

  private send(frame: Frame): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    const text = serialiseFrame(frame);
    this.tap('out', text);
    this.socket.send(text);
  }

  private tap(direction: 'in' | 'out', text: string): void {
    this.dispatchEvent(new CustomEvent('frame', { detail: { direction, text } }));
  }

  /** Copies the chart's state onto the public fields; `change` when any of them, or a stream, changed. */
  private sync(): void {
    const snapshot = this.actor.getSnapshot();
    this.state = lineState(snapshot);
    const inCall = this.state === 'inCall';
    this.presenting = snapshot.matches({ inCall: 'presenting' });
    this.heldPresentation = snapshot.matches({ inCall: 'held' }) ? snapshot.context.heldReqId : null;
    this.userName = inCall ? snapshot.context.userName : null;
    const now = [this.state, this.presenting, this.heldPresentation, this.userName, this.slidesStream, this.mainStream, this.audioStream];
    if (now.every((value, i) => value === this.told[i])) return;
    this.told = now;
    this.dispatchEvent(new Event('change'));
  }
}
