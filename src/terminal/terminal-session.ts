/**
 * The device ("gs_phone") side of gs-webrtc-json, as a terminal in a browser: it answers the page's
 * createMediaSession / updateMediaSession with SDP answers, accepts ctrlPresentation(1/0), cancelRequest and
 * destroyMediaSession, and can itself ask the page to present (3), stop (2) or hang up (4)
 * (PROTOCOL.md "Actions" and "Flows"). It speaks through the same codec as the page and the server.
 *
 * It is an EventTarget: `change` fires whenever `state`, `presenting`, `slidesStream`, `mainStream`, `audioStream`
 * or `userName` change;
 * `frame` (detail `{ direction, text }`) for every frame in or out.
 */
import {
  Code,
  KEEPALIVE_INTERVAL_MS,
  KEEPALIVE_PING,
  SUBPROTOCOL,
  SendPermission,
  contentsOf,
  describeCode,
  isNotice,
  midsOf,
  parseFrame,
  rolesOf,
  replyTo,
  replyToInvalid,
  sdpField,
  serialiseFrame,
  type Body,
  type CandidateField,
  type Frame,
  type RequestAction,
  type Result,
  TRICKLE_HOLD_MS,
  TrickleGate,
} from '../protocol/index.js';
import { HOST_CANDIDATES_QUIET_MS, gatheringComplete, regathered } from '../webrtc/ice-gathering.js';
import { PendingReplies } from '../protocol/pending-replies.js';
import {
  DEFAULT_DEVICE_ANSWER,
  deviceCodecs,
  offersBaselineH264,
  toDeviceAnswer,
  withoutGroups,
  type DeviceAnswerOptions,
} from '../protocol/device-answer.js';

/** How long the terminal waits for the page's reply to one of its requests, in ms; then 408 (PROTOCOL.md "Flows"). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** `offline`: no socket to the server; `online`: registered, no call; `inCall`: a page is in a call. */
export type TerminalState = 'offline' | 'online' | 'inCall';

export interface TerminalOptions {
  /** The device address on the server: `ws://HOST:PORT/terminals/<id>/device`. */
  url: string;
  /** RTCPeerConnection configuration. */
  configuration?: RTCConfiguration;
  /** How long to wait for the page's reply to our requests, in ms (default {@link DEFAULT_REQUEST_TIMEOUT_MS}; then 408). */
  requestTimeoutMs?: number;
  /** Delay before reconnecting a lost socket, in ms (default 2000; 0 = never reconnect). */
  reconnectMs?: number;
  /**
   * Trickle ICE: answer once the burst of host candidates is in the answer (at most TRICKLE_HOLD_MS) and send the
   * candidates it does not carry in updateCandidate (default false: complete SDP).
   */
  trickleIce?: boolean;
  /**
   * Hold a page's ctrlPresentation(1) until `acceptPresentation()` / `declinePresentation()` (a device asking its
   * room first). Default false: accepted at once.
   */
  confirmPresentation?: boolean;
  /**
   * When a held ctrlPresentation(1) is cancelled (cancelRequest), which reply goes first: `cancelFirst`
   * (cancelRequestRet 200, then ctrlPresentationRet 489; default) or `ctrlFirst`. Devices differ (PROTOCOL.md "Cancel").
   */
  cancelReplyOrder?: 'cancelFirst' | 'ctrlFirst';
  /**
   * How offers are answered (DEVICE.md): `device` (default) as a GVC3220 — the offer's `a=group` lines dropped
   * before setRemoteDescription, an answer with no group, H.264 Baseline only with the level of `device.maxResolution`,
   * `a=framerate`, `b=AS`/`b=TIAS`, opus/G.722/PCMU/PCMA, `a=content` echoed (src/protocol/device-answer.ts); an offer
   * without H.264 Baseline (packetization-mode 1) gets 488. `browser`: the browser's own answer, as it makes it.
   */
  answer?: 'device' | 'browser';
  /** The device answer's shape (default DEFAULT_DEVICE_ANSWER: 1920x1080, 30 fps, 2048 kbps). */
  device?: Partial<DeviceAnswerOptions>;
}

export class TerminalSession extends EventTarget {
  state: TerminalState = 'offline';
  /** True between an accepted ctrlPresentation(1) and ctrlPresentation(0) (or the call's end). */
  presenting = false;
  /** The page's slides (screen) stream, once its m-line carries a track. */
  slidesStream: MediaStream | null = null;
  /** The page's main video (its camera, wire mid 1, a=content:main), once that m-line carries a track. */
  mainStream: MediaStream | null = null;
  /** The page's audio (tab / system audio or microphone, wire mid 0), once that m-line carries a track. */
  audioStream: MediaStream | null = null;
  /** userName of the page in the call. */
  userName: string | null = null;
  /** reqId of a page's ctrlPresentation(1) held for `acceptPresentation()` (with `confirmPresentation`), else null. */
  heldPresentation: number | null = null;
  /** The current call's peer connection, or null. */
  connection: RTCPeerConnection | null = null;
  /** The answer SDP last sent on the wire (with `answer: 'device'` it differs from the local description), or null. */
  wireAnswer: string | null = null;

  private socket: WebSocket | null = null;
  private keepalive?: ReturnType<typeof setInterval>;
  private reconnect?: ReturnType<typeof setTimeout>;
  private stopped = true;
  /** The terminal's own requests waiting for the page's reply, tagged with their action. */
  private readonly pending = new PendingReplies<Result, RequestAction>();
  private negotiation: Promise<unknown> = Promise.resolve();
  /** The page's candidates that came before its offer was applied. */
  private early: CandidateField[] = [];
  /**
   * A peer connection made while waiting for a call, taken by the next createMediaSession: the offer is then
   * applied at once, as a device does whose stack is up (docs/performance.md "Where the call's time goes").
   * It has no transceivers and no description, so it gathers nothing; closed by `stop()`.
   */
  private spare: RTCPeerConnection | null = null;
  /** Trickle ICE: each peer connection's local candidates, held until its first answer leaves. */
  private readonly gates = new WeakMap<RTCPeerConnection, TrickleGate<RTCIceCandidate>>();

  constructor(private readonly options: TerminalOptions) {
    super();
  }

  /** Connects to the server and keeps the connection up until `stop()`. */
  start(): void {
    this.stopped = false;
    this.open();
  }

  /** Ends any call, closes the socket and stops reconnecting. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnect);
    this.endCall();
    this.spare?.close();
    this.spare = null;
    clearInterval(this.keepalive);
    this.socket?.close(1000, 'terminal stopped');
    this.socket = null;
    this.set({ state: 'offline' });
  }

  /** Accepts the held ctrlPresentation(1): 200. */
  acceptPresentation(): void {
    this.answerHeld(Code.OK);
  }

  /** Declines the held ctrlPresentation(1): 403. */
  declinePresentation(): void {
    this.answerHeld(Code.REFUSED);
  }

  private answerHeld(code: number): void {
    if (this.heldPresentation === null) return;
    this.send(replyTo('ctrlPresentation', this.heldPresentation, code, describeCode(code), { userName: this.userName ?? undefined }));
    this.set({ heldPresentation: null, presenting: code === Code.OK });
  }

  /** Asks the page to start presenting: ctrlPresentation(3). Resolves with the page's code (408 without a reply). */
  requestPresentation(): Promise<Result> {
    return this.request('ctrlPresentation', { sendPermission: SendPermission.TERMINAL_ASKS_START }).then((result) => {
      if (result.code === Code.OK) this.set({ presenting: true });
      return result;
    });
  }

  /** Asks the page to stop presenting: ctrlPresentation(2). */
  requestStopPresentation(): Promise<Result> {
    return this.request('ctrlPresentation', { sendPermission: SendPermission.TERMINAL_ASKS_STOP }).then((result) => {
      if (result.code === Code.OK) this.set({ presenting: false });
      return result;
    });
  }

  /**
   * Hangs up the call: destroyMediaSession(4), optionally with a 5xx reason (501 replaced, 502 line needed).
   * The call ends here at once; resolves with the page's reply code.
   */
  hangUp(reason?: number): Promise<Result> {
    if (this.state !== 'inCall') return Promise.resolve({ code: Code.NOT_IN_CALL, message: describeCode(Code.NOT_IN_CALL) });
    const extra: Partial<Body> = reason ? { rspInfo: { rspCode: reason, rspMsg: describeCode(reason) } } : {};
    // PROTOCOL.md "Body fields": destroyMediaSession carries the SDP (the terminal's current answer).
    const local = this.wireAnswer ?? this.connection?.localDescription?.sdp;
    if (local) extra.sdp = sdpField(local);
    const done = this.request('destroyMediaSession', extra);
    this.endCall();
    return done;
  }

  private open(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url, SUBPROTOCOL);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.prepareSpare();
      this.set({ state: 'online' });
      clearInterval(this.keepalive);
      this.keepalive = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send(KEEPALIVE_PING), KEEPALIVE_INTERVAL_MS);
    };
    socket.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      const parsed = parseFrame(message.data);
      if (parsed.kind === 'keepalive') return;
      this.tap('in', message.data);
      if (parsed.kind === 'invalid') {
        const reply = replyToInvalid(parsed);
        if (reply) this.send(reply);
        return;
      }
      this.handle(parsed.frame);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      clearInterval(this.keepalive);
      this.socket = null;
      this.endCall();
      this.set({ state: 'offline' });
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    const delay = this.options.reconnectMs ?? 2000;
    if (this.stopped || delay <= 0) return;
    this.reconnect = setTimeout(() => this.open(), delay);
  }

  private handle(frame: Frame): void {
    const { action, body } = frame;
    // The original gsRTC client's "close ": it got a 200 to a ctrlPresentation(1) it had cancelled, and has no
    // stream any more (DEVICE.md): the presentation is off, the call goes on, no reply.
    if (isNotice(action)) return this.set({ presenting: false, heldPresentation: null });
    if (action.endsWith('Ret')) {
      const code = body.rspInfo?.rspCode ?? Code.OK;
      this.pending.settle(body.reqId, { code, message: body.rspInfo?.rspMsg || describeCode(code) }, (asked) => `${asked}Ret` === action);
      return;
    }
    const req = action as RequestAction;
    const answer = (code: number, extra: Partial<Body> = {}) =>
      this.send(replyTo(req, body.reqId, code, describeCode(code), { userName: body.userName ?? this.userName ?? undefined, ...extra }));
    switch (req) {
      case 'createMediaSession':
        if (this.state === 'inCall') return answer(Code.ALREADY_IN_CALL);
        this.connection = this.takeConnection();
        // The offer is applied first: setRemoteDescription starts before the change event's listeners (a view
        // rendering the call) take the main thread (docs/performance.md "Where the call's time goes").
        this.negotiate(body, answer, true);
        return this.set({ state: 'inCall', userName: body.userName ?? null });
      case 'updateMediaSession':
        if (this.state !== 'inCall') return answer(Code.NOT_IN_CALL);
        return this.negotiate(body, answer);
      case 'ctrlPresentation':
        if (this.state !== 'inCall') return answer(Code.NOT_IN_CALL);
        if (body.sendPermission === SendPermission.PAGE_START) {
          if (this.heldPresentation !== null) return answer(Code.STARTING);
          if (this.presenting) return answer(Code.NO_STREAM);
          if (this.options.confirmPresentation) return this.set({ heldPresentation: body.reqId });
          this.set({ presenting: true });
          return answer(Code.OK);
        }
        if (body.sendPermission === SendPermission.PAGE_STOP) {
          if (!this.presenting) return answer(Code.NO_STREAM);
          this.set({ presenting: false });
          return answer(Code.OK);
        }
        return answer(Code.BAD_REQUEST);
      case 'cancelRequest': {
        if (this.state !== 'inCall') return answer(Code.NOT_IN_CALL);
        const held = this.heldPresentation;
        if (held === null || body.cancelReqId !== held) {
          // Nothing of that request is pending any more (it was answered): the cancel is a no-op.
          this.set({ presenting: false });
          return answer(Code.OK);
        }
        this.set({ heldPresentation: null, presenting: false });
        const cancelled = () =>
          this.send(replyTo('ctrlPresentation', held, Code.CANCELLED, describeCode(Code.CANCELLED), { userName: this.userName ?? undefined }));
        if (this.options.cancelReplyOrder === 'ctrlFirst') {
          cancelled();
          return answer(Code.OK);
        }
        answer(Code.OK);
        return cancelled();
      }
      case 'destroyMediaSession':
        if (this.state !== 'inCall') return answer(Code.NOT_IN_CALL);
        answer(Code.OK);
        return this.endCall();
      case 'updateCandidate': {
        const pc = this.connection;
        if (!pc) return answer(Code.NOT_IN_CALL);
        answer(Code.OK);
        // Applied in order after any negotiation under way; buffered while there is no remote description yet.
        this.negotiation = this.negotiation.then(() => {
          if (!pc.remoteDescription) this.early.push(body.candidate!);
          else return this.applyCandidate(pc, body.candidate!);
        });
        return;
      }
      default:
        return answer(Code.NOT_SUPPORTED);
    }
  }

  /**
   * Applies the page's offer and answers it with ours, complete with candidates (one at a time, in order).
   * An offer it cannot apply gets 488; when that offer was the call's first (createMediaSession), there is no call.
   */
  private negotiate(body: Body, answer: (code: number, extra?: Partial<Body>) => void, initial = false): void {
    const pc = this.connection!;
    this.negotiation = this.negotiation.then(async () => {
      try {
        const offer = body.sdp!.data;
        const slidesIndex = contentsOf(offer).indexOf('slides');
        this.slidesMid = slidesIndex >= 0 ? midsOf(offer)[slidesIndex] : '2';
        const mainIndex = contentsOf(offer).indexOf('main');
        this.mainMid = mainIndex >= 0 ? midsOf(offer)[mainIndex] : '1';
        const audioIndex = rolesOf(offer).indexOf('audio');
        this.audioMid = audioIndex >= 0 ? midsOf(offer)[audioIndex] : '0';
        const asDevice = this.options.answer !== 'browser';
        if (asDevice && !offersBaselineH264(offer)) throw new Error('no H.264 Baseline in the offer');
        const ufrag = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1];
        const restart = !!pc.remoteDescription && ufrag(pc.remoteDescription.sdp) !== ufrag(offer);
        await pc.setRemoteDescription({ type: 'offer', sdp: asDevice ? withoutGroups(offer) : offer });
        if (asDevice) preferDeviceCodecs(pc);
        const buffered = this.early;
        this.early = [];
        for (const candidate of buffered) await this.applyCandidate(pc, candidate);
        const made = await pc.createAnswer();
        if (this.options.trickleIce) {
          // Trickle ICE: the answer leaves with the burst of host candidates that follows setLocalDescription (up
          // to TRICKLE_HOLD_MS); the gate sends after it only those it does not carry (src/protocol/trickle-gate.ts).
          await pc.setLocalDescription(made);
          await gatheringComplete(pc, TRICKLE_HOLD_MS, this.options.configuration?.iceServers?.length ? undefined : HOST_CANDIDATES_QUIET_MS);
          if (this.connection !== pc) return;
          const local = pc.localDescription!.sdp;
          answer(Code.OK, { sdp: sdpField(local) });
          this.gates.get(pc)?.release(local);
          return;
        }
        // New ICE credentials in the offer (the page restarts ICE, DEVICE.md "Up to 3 ICE restarts"): the answer
        // has new ones too and waits for the candidates gathered with them.
        if (restart) await regathered(pc, () => pc.setLocalDescription(made), 3000);
        else {
          await pc.setLocalDescription(made);
          await gatheringComplete(pc, 3000);
        }
        if (this.connection !== pc) return;
        const local = pc.localDescription!.sdp;
        this.wireAnswer = asDevice ? toDeviceAnswer(local, offer, { ...DEFAULT_DEVICE_ANSWER, ...this.options.device }) : local;
        answer(Code.OK, { sdp: sdpField(this.wireAnswer) });
      } catch {
        if (this.connection !== pc) return;
        answer(Code.MEDIA_ERROR);
        if (initial) this.endCall();
      }
    });
  }

  private slidesMid: string | undefined = '2';
  private mainMid: string | undefined = '1';
  private audioMid: string | undefined = '0';

  /** The mids of the current call's audio, main and slides m-lines (from the page's offer; default 0, 1, 2). */
  get mediaMids(): { audio?: string; main?: string; slides?: string } {
    return { audio: this.audioMid, main: this.mainMid, slides: this.slidesMid };
  }

  private async applyCandidate(pc: RTCPeerConnection, candidate: CandidateField): Promise<void> {
    await pc.addIceCandidate(candidate.candidate ? candidate : undefined).catch(() => {});
  }

  /** The spare peer connection, or a new one; the next spare is made when this call ends. */
  private takeConnection(): RTCPeerConnection {
    const pc = this.spare ?? this.createConnection();
    this.spare = null;
    this.early = [];
    return pc;
  }

  private prepareSpare(): void {
    if (!this.stopped && !this.spare) this.spare = this.createConnection();
  }

  private createConnection(): RTCPeerConnection {
    const pc = new RTCPeerConnection(this.options.configuration);
    if (this.options.trickleIce) {
      // Fire and forget, like the page: the replies to updateCandidate are not awaited.
      const gate = new TrickleGate<RTCIceCandidate>((c) =>
        this.send({
          action: 'updateCandidate',
          body: { userName: this.userName ?? undefined, reqId: this.pending.nextId(), candidate: c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : { candidate: '' } },
        }),
      );
      this.gates.set(pc, gate);
      pc.addEventListener('icecandidate', (event) => {
        if (this.connection === pc) gate.add(event.candidate);
      });
    }
    pc.addEventListener('track', (event) => {
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      const mid = event.transceiver.mid;
      if (mid === this.slidesMid) this.set({ slidesStream: stream });
      // Each medium in its own stream, so the camera and the screen can be shown and swapped apart.
      else if (mid === this.mainMid) this.set({ mainStream: new MediaStream([event.track]) });
      else if (mid === this.audioMid) this.set({ audioStream: new MediaStream([event.track]) });
    });
    return pc;
  }

  private endCall(): void {
    this.connection?.close();
    this.connection = null;
    this.wireAnswer = null;
    this.prepareSpare();
    // The terminal's own hang-up waits on for the page's reply.
    this.pending.settleAll({ code: Code.NOT_IN_CALL, message: describeCode(Code.NOT_IN_CALL) }, (asked) => asked === 'destroyMediaSession');
    if (this.state === 'inCall') this.set({ state: this.socket ? 'online' : 'offline' });
    this.set({ presenting: false, slidesStream: null, mainStream: null, audioStream: null, userName: null, heldPresentation: null });
  }

  private request(action: RequestAction, extra: Partial<Body>): Promise<Result> {
    if (this.state !== 'inCall') return Promise.resolve({ code: Code.NOT_IN_CALL, message: describeCode(Code.NOT_IN_CALL) });
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

  private set(changes: Partial<Pick<TerminalSession, 'state' | 'presenting' | 'slidesStream' | 'mainStream' | 'audioStream' | 'userName' | 'heldPresentation'>>): void {
    let changed = false;
    for (const [key, value] of Object.entries(changes) as [keyof typeof changes, unknown][]) {
      if (this[key] !== value) {
        (this as Record<string, unknown>)[key] = value;
        changed = true;
      }
    }
    if (changed) this.dispatchEvent(new Event('change'));
  }
}

/** Limits every transceiver of `pc` to the codecs a device answers with (deviceCodecs), where the browser can. */
function preferDeviceCodecs(pc: RTCPeerConnection): void {
  for (const transceiver of pc.getTransceivers()) {
    const kind = transceiver.receiver.track.kind as 'audio' | 'video';
    const codecs = deviceCodecs(RTCRtpReceiver.getCapabilities(kind)?.codecs ?? [], kind);
    if (codecs.length && typeof transceiver.setCodecPreferences === 'function') transceiver.setCodecPreferences(codecs);
  }
}
