/**
 * The browser side of a room (seed 001 "Видеоконференция"): join by name with a login name, follow the members,
 * keep a full mesh of {@link PeerLink}s (one RTCPeerConnection per remote member), publish the camera and
 * microphone, share the screen as an extra track, exchange text chat, and leave. Signalling goes through a
 * {@link RoomTransport} (WebSocket or postMessage), so the page never talks to the socket directly.
 *
 * A full mesh sends each track once per remote member: with N members every browser encodes and uploads N-1
 * copies of its camera, so the default capacity is 4 (see README "Rooms").
 */
import { Code, type Result } from '../protocol/index.js';
import { isPolite, parseRoomFrame, type PeerData, type RoomMember } from './messages.js';
import { encodeRoomRequest, membersOf, type RoomRequestAction } from '../protocol/room-codec.js';
import { PendingReplies } from '../protocol/pending-replies.js';
import { PeerLink } from './peer-link.js';
import type { RoomTransport, TransportFactory } from './transport.js';
import type { CodecChoice } from './codecs.js';

/** A server's reply to a member's request: its code, message and the rest of its body. */
type RoomReply = { code: number; message: string; body: Record<string, unknown> };

/** The room's public states. `full`: the room had no place (486) and we are not joined. */
export type RoomState = 'idle' | 'joining' | 'joined' | 'full' | 'leaving' | 'failed';

/** Default members per room for a mesh (the element's `capacity`). */
export const DEFAULT_MESH_CAPACITY = 4;
/** Longest wait for a server reply, in ms. */
export const ROOM_REQUEST_TIMEOUT_MS = 10_000;

/** Camera and microphone constraints: 640x480 at up to 30 fps, echo cancellation and noise suppression on. */
export const DEFAULT_MEDIA_CONSTRAINTS: MediaStreamConstraints = {
  video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30, max: 30 } },
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
};

/** A remote member as the view shows it. */
export interface Participant extends RoomMember {
  /** The link's chart state (connecting, connected, interrupted, failed, closed), or `none` without a link. */
  link: string;
  /** Its camera+microphone stream, once received. */
  camera: MediaStream | null;
  /** Its shared screen, once received. */
  screen: MediaStream | null;
}

/** One chat line. `text` is plain text: views must render it as text, never as HTML. */
export interface ChatMessage {
  from: string;
  displayName: string;
  text: string;
  /** Sender's clock, ms since the epoch. */
  sentAt: number;
  self: boolean;
}

/** What the client tells its host. */
export type RoomNotice =
  | { type: 'state'; state: RoomState; previous: RoomState; result?: Result }
  | { type: 'members' }
  | { type: 'member-joined'; member: RoomMember }
  | { type: 'member-left'; member: RoomMember; reason: string }
  | { type: 'chat'; message: ChatMessage }
  | { type: 'media' }
  | { type: 'call'; from: string; action: string; callId: string }
  | { type: 'link'; memberId: string; state: string }
  | { type: 'recording'; recording: boolean };

export interface RoomClientOptions {
  transport: TransportFactory;
  onNotice(notice: RoomNotice): void;
  /** Largest room this page accepts; when the server's join shows more members, it leaves again with 486. */
  capacity?: () => number;
  /** Connect to every member automatically (mesh). False for the 1:1 call mode, which calls {@link RoomClient.connect}. */
  mesh?: boolean;
  configuration?: () => RTCConfiguration | undefined;
  codecs?: () => CodecChoice;
  constraints?: () => MediaStreamConstraints;
  iceGraceMs?: number;
  requestTimeoutMs?: number;
  /** Without mesh: whether negotiation from `memberId` may open a link (the call mode allows only its peer). */
  acceptLinkFrom?: (memberId: string) => boolean;
}

interface Remote extends RoomMember {
  link: PeerLink | null;
  linkState: string;
  streams: Map<string, MediaStream>;
  cameraId: string | null;
  screenId: string | null;
}

export class RoomClient {
  state: RoomState = 'idle';
  room = '';
  selfId = '';
  displayName = '';
  /** Capacity the server reported at join. */
  serverCapacity = 0;
  readonly chat: ChatMessage[] = [];
  /** Our camera+microphone while published. */
  camera: MediaStream | null = null;
  /** Our screen while shared. */
  screen: MediaStream | null = null;
  private transport: RoomTransport | null = null;
  private readonly remotes = new Map<string, Remote>();
  private readonly pending = new PendingReplies<RoomReply>();

  constructor(private readonly options: RoomClientOptions) {}

  /** The remote members, in join order. */
  get participants(): Participant[] {
    return [...this.remotes.values()].map((r) => ({
      memberId: r.memberId,
      displayName: r.displayName,
      link: r.linkState,
      camera: (r.cameraId && r.streams.get(r.cameraId)) || null,
      screen: (r.screenId && r.streams.get(r.screenId)) || null,
    }));
  }

  /** Perfect negotiation facts of the link to `memberId`: our role and the offer collisions seen; null without a link. */
  negotiationWith(memberId: string): { polite: boolean; collisions: number } | null {
    const link = this.remotes.get(memberId)?.link;
    return link ? { polite: link.polite, collisions: link.collisions } : null;
  }

  /** The RTCPeerConnection to `memberId` (for getStats), or null. */
  connectionTo(memberId: string): RTCPeerConnection | null {
    return this.remotes.get(memberId)?.link?.pc ?? null;
  }

  private setState(state: RoomState, result?: Result): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    this.options.onNotice({ type: 'state', state, previous, result });
  }

  /**
   * Joins room `room` as `displayName`. Resolves 200 joined; 486 room full (server limit or this page's
   * capacity); 400 bad name; 487 already joined or joining; 302 the signalling could not open or closed;
   * 408 no reply in time.
   */
  async join(room: string, displayName: string): Promise<Result> {
    if (this.state === 'joining' || this.state === 'joined' || this.state === 'leaving') return { code: Code.ALREADY_IN_CALL, message: 'already in a room' };
    this.room = room;
    this.displayName = displayName;
    this.setState('joining');
    let transport: RoomTransport;
    try {
      transport = this.options.transport(room);
    } catch (error) {
      return this.fail({ code: Code.INVALID_ADDRESS, message: String((error as Error).message ?? error) });
    }
    this.transport = transport;
    transport.onmessage = (text) => this.receive(text);
    transport.onclose = (code, reason) => this.closed(code, reason);
    try {
      await transport.ready;
    } catch (error) {
      return this.fail({ code: Code.SOCKET_CLOSED, message: `signalling did not open: ${(error as Error).message}` });
    }
    const reply = await this.request('joinRoom', { displayName });
    if (reply.code === Code.BUSY) {
      this.teardown();
      this.setState('full', { code: Code.BUSY, message: reply.message });
      return { code: Code.BUSY, message: reply.message || 'room full' };
    }
    if (reply.code !== Code.OK) return this.fail({ code: reply.code, message: reply.message });
    const members = membersOf(reply.body);
    this.joinReplied(reply.body);
    const capacity = this.options.capacity?.() ?? DEFAULT_MESH_CAPACITY;
    this.serverCapacity = typeof reply.body.capacity === 'number' ? reply.body.capacity : 0;
    if (members.length > capacity) {
      await this.request('leaveRoom', {});
      this.teardown();
      const result = { code: Code.BUSY, message: `room full (${capacity} members)` };
      this.setState('full', result);
      return result;
    }
    this.selfId = typeof reply.body.memberId === 'string' ? reply.body.memberId : '';
    for (const m of members) if (m.memberId !== this.selfId) this.addRemote(m);
    this.setState('joined', { code: Code.OK, message: 'joined' });
    this.options.onNotice({ type: 'members' });
    return { code: Code.OK, message: 'joined' };
  }

  /** Media backend hook (src/room/sfu/sfu-room-client.ts): sees joinRoomRet's body before the capacity check. */
  protected joinReplied(_body: Record<string, unknown>): void {}

  /** The server says the room's recording started or stopped (SFU mode). */
  protected recordingChanged(_recording: boolean): void {}

  /** Ends the room with `result` (state `failed`): everything closed. */
  protected fail(result: Result): Result {
    this.teardown();
    this.setState('failed', result);
    return result;
  }

  /** Leaves the room: leaveRoom, every link closed, every local track stopped, the signalling closed. */
  async leave(): Promise<Result> {
    if (this.state !== 'joined' && this.state !== 'joining') {
      this.teardown();
      if (this.state !== 'idle') this.setState('idle');
      return { code: Code.NOT_IN_CALL, message: 'not in a room' };
    }
    this.setState('leaving');
    await this.request('leaveRoom', {}, 2_000);
    this.teardown();
    this.setState('idle', { code: Code.OK, message: 'left' });
    return { code: Code.OK, message: 'left' };
  }

  /** Closes everything this client opened; the state is left to the caller. */
  teardown(): void {
    for (const r of this.remotes.values()) r.link?.close();
    const hadRemotes = this.remotes.size > 0;
    this.remotes.clear();
    this.stopStream(this.camera);
    this.stopStream(this.screen);
    this.camera = null;
    this.screen = null;
    const t = this.transport;
    this.transport = null;
    if (t) {
      t.onclose = null;
      t.onmessage = null;
      t.close();
    }
    this.pending.settleAll({ code: Code.SOCKET_CLOSED, message: 'closed', body: {} });
    this.selfId = '';
    if (hadRemotes) this.options.onNotice({ type: 'members' });
    this.options.onNotice({ type: 'media' });
  }

  private stopStream(stream: MediaStream | null): void {
    for (const track of stream?.getTracks() ?? []) track.stop();
  }

  private closed(code: number, reason: string): void {
    this.transport = null;
    if (this.state === 'joined' || this.state === 'joining') this.fail({ code: Code.SOCKET_CLOSED, message: `signalling closed (${code}${reason ? ` ${reason}` : ''})` });
  }

  /** Sends one request; resolves its reply (302 without signalling, 408 without a reply in time). */
  protected request(action: RoomRequestAction, body: Record<string, unknown>, timeoutMs = this.options.requestTimeoutMs ?? ROOM_REQUEST_TIMEOUT_MS) {
    const transport = this.transport;
    if (!transport) return Promise.resolve<RoomReply>({ code: Code.SOCKET_CLOSED, message: 'no signalling', body: {} });
    return this.pending.open(
      undefined,
      timeoutMs,
      () => ({ code: Code.TIMEOUT, message: `no ${action}Ret in ${timeoutMs} ms`, body: {} }),
      (reqId) => transport.send(encodeRoomRequest(action, { reqId, ...body })),
    );
  }

  /** Sends data to one member (`to`) or everyone. */
  send(data: PeerData, to?: string): void {
    this.transport?.send(encodeRoomRequest('sendToRoom', to ? { to, data } : { data }));
  }

  private receive(text: string): void {
    const m = parseRoomFrame(text);
    switch (m.kind) {
      case 'reply': {
        this.pending.settle(m.reqId, { code: m.code, message: m.message, body: m.body });
        return;
      }
      case 'memberJoined':
        if (this.state !== 'joined' || this.remotes.has(m.member.memberId)) return;
        this.addRemote(m.member);
        // Tell the newcomer which of our streams is which.
        this.send(this.mediaData(), m.member.memberId);
        this.options.onNotice({ type: 'member-joined', member: m.member });
        this.options.onNotice({ type: 'members' });
        return;
      case 'memberLeft': {
        const r = this.remotes.get(m.member.memberId);
        if (!r) return;
        r.link?.close();
        this.remotes.delete(m.member.memberId);
        this.options.onNotice({ type: 'member-left', member: m.member, reason: m.reason });
        this.options.onNotice({ type: 'members' });
        return;
      }
      case 'roomMessage':
        this.fromPeer(m.from, m.data);
        return;
      case 'recording':
        if (this.state === 'joined') this.recordingChanged(m.recording);
        return;
      default:
        return;
    }
  }

  private fromPeer(from: string, data: PeerData): void {
    const r = this.remotes.get(from);
    if (!r) return;
    switch (data.type) {
      case 'description':
      case 'candidate':
        // In call mode the callee connects on accept; an offer before that makes the link (the caller's side).
        if (!r.link && (this.options.mesh !== false || this.options.acceptLinkFrom?.(from))) this.connect(from);
        void r.link?.receive(data);
        return;
      case 'chat': {
        const message: ChatMessage = { from, displayName: r.displayName, text: data.text, sentAt: data.sentAt, self: false };
        this.chat.push(message);
        this.options.onNotice({ type: 'chat', message });
        return;
      }
      case 'media':
        // The polite side waits for our first offer (peer-link.ts): in call mode its 'media' is what opens our link.
        if (!r.link && this.options.mesh === false && this.options.acceptLinkFrom?.(from)) this.connect(from);
        r.cameraId = data.camera;
        r.screenId = data.screen;
        this.options.onNotice({ type: 'media' });
        return;
      case 'call':
        this.options.onNotice({ type: 'call', from, action: data.action, callId: data.callId });
        return;
    }
  }

  private addRemote(member: RoomMember): void {
    this.remotes.set(member.memberId, { ...member, link: null, linkState: 'none', streams: new Map(), cameraId: null, screenId: null });
    if (this.options.mesh !== false) this.connect(member.memberId);
  }

  /** Opens the link to `memberId` (mesh: done for every member; call mode: on accept), sending what we publish. */
  connect(memberId: string): void {
    const r = this.remotes.get(memberId);
    if (!r || r.link) return;
    const link = new PeerLink({
      remoteId: memberId,
      polite: isPolite(this.selfId, memberId),
      send: (data) => this.send(data, memberId),
      configuration: this.options.configuration?.(),
      codecs: this.options.codecs?.(),
      iceGraceMs: this.options.iceGraceMs,
      onTrack: (track, stream) => {
        r.streams.set(stream.id, stream);
        const drop = () => this.options.onNotice({ type: 'media' });
        track.addEventListener('ended', drop);
        stream.addEventListener('removetrack', drop);
        this.options.onNotice({ type: 'media' });
      },
      onState: (state) => {
        r.linkState = state;
        this.options.onNotice({ type: 'link', memberId, state });
      },
    });
    r.link = link;
    // The impolite side opens a data channel, so every link negotiates and connects at once, media or not.
    // (Only one side: Chrome cannot start SCTP after the polite side rolls back an offer that carried its own.)
    if (!link.polite) link.pc.createDataChannel('gs-room');
    for (const stream of [this.camera, this.screen]) for (const track of stream?.getTracks() ?? []) link.addTrack(track, stream!);
    this.send(this.mediaData(), memberId);
  }

  /** Closes the link to `memberId` (call mode: hang up) and forgets its streams. */
  disconnect(memberId: string): void {
    const r = this.remotes.get(memberId);
    if (!r?.link) return;
    r.link.close();
    r.link = null;
    r.linkState = 'none';
    r.streams.clear();
    r.cameraId = null;
    r.screenId = null;
    this.options.onNotice({ type: 'media' });
  }

  private mediaData(): PeerData {
    return { type: 'media', camera: this.camera?.id ?? null, screen: this.screen?.id ?? null };
  }

  private links(): PeerLink[] {
    return [...this.remotes.values()].flatMap((r) => (r.link ? [r.link] : []));
  }

  /**
   * Publishes the camera and microphone (getUserMedia with {@link DEFAULT_MEDIA_CONSTRAINTS} or the host's) to
   * every link. Resolves 200, 106 already published, 481 not joined, 303 capture refused or no device.
   */
  async publish(): Promise<Result> {
    if (this.state !== 'joined') return { code: Code.NOT_IN_CALL, message: 'not in a room' };
    if (this.camera) return { code: Code.NO_STREAM, message: 'already published' };
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(this.options.constraints?.() ?? DEFAULT_MEDIA_CONSTRAINTS);
    } catch (error) {
      return { code: Code.CAPTURE_REFUSED, message: `camera/microphone: ${(error as Error).name}` };
    }
    if (this.state !== 'joined') {
      this.stopStream(stream);
      return { code: Code.NOT_IN_CALL, message: 'left while the camera opened' };
    }
    this.camera = stream;
    this.send(this.mediaData());
    for (const link of this.links()) for (const track of stream.getTracks()) link.addTrack(track, stream);
    this.options.onNotice({ type: 'media' });
    return { code: Code.OK, message: 'published' };
  }

  /** Stops publishing: the camera and microphone leave every link and are stopped. 106 when not published. */
  unpublish(): Result {
    const stream = this.camera;
    if (!stream) return { code: Code.NO_STREAM, message: 'not published' };
    this.camera = null;
    for (const link of this.links()) for (const track of stream.getTracks()) link.removeTrack(track);
    this.stopStream(stream);
    this.send(this.mediaData());
    this.options.onNotice({ type: 'media' });
    return { code: Code.OK, message: 'unpublished' };
  }

  /** Enables or disables our camera (`video`) or microphone (`audio`) track; the track keeps sending black/silence. */
  setMuted(kind: 'audio' | 'video', muted: boolean): boolean {
    const tracks = kind === 'audio' ? this.camera?.getAudioTracks() : this.camera?.getVideoTracks();
    if (!tracks?.length) return false;
    for (const t of tracks) t.enabled = !muted;
    this.options.onNotice({ type: 'media' });
    return true;
  }

  /** True when our `kind` track is published and disabled. */
  isMuted(kind: 'audio' | 'video'): boolean {
    const tracks = kind === 'audio' ? this.camera?.getAudioTracks() : this.camera?.getVideoTracks();
    return Boolean(tracks?.length) && tracks!.every((t) => !t.enabled);
  }

  /**
   * Shares the screen (getDisplayMedia) with everyone as an extra video track (renegotiation on every link).
   * Resolves 200, 106 already sharing, 481 not joined, 301 no getDisplayMedia, 303 capture refused.
   * The browser's own "Stop sharing" ends it like {@link stopScreen}.
   */
  async shareScreen(): Promise<Result> {
    if (this.state !== 'joined') return { code: Code.NOT_IN_CALL, message: 'not in a room' };
    if (this.screen) return { code: Code.NO_STREAM, message: 'already sharing' };
    if (!navigator.mediaDevices?.getDisplayMedia) return { code: Code.SCREEN_SHARE_UNSUPPORTED, message: 'no getDisplayMedia here' };
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
    } catch (error) {
      return { code: Code.CAPTURE_REFUSED, message: `screen capture: ${(error as Error).name}` };
    }
    if (this.state !== 'joined') {
      this.stopStream(stream);
      return { code: Code.NOT_IN_CALL, message: 'left while the capture opened' };
    }
    this.screen = stream;
    for (const track of stream.getTracks()) {
      track.contentHint = 'detail';
      track.addEventListener('ended', () => void this.stopScreen());
    }
    this.send(this.mediaData());
    for (const link of this.links()) for (const track of stream.getTracks()) link.addTrack(track, stream);
    this.options.onNotice({ type: 'media' });
    return { code: Code.OK, message: 'sharing' };
  }

  /** Stops sharing the screen: the track leaves every link (renegotiation) and is stopped. 106 when not sharing. */
  async stopScreen(): Promise<Result> {
    const stream = this.screen;
    if (!stream) return { code: Code.NO_STREAM, message: 'not sharing' };
    this.screen = null;
    for (const link of this.links()) for (const track of stream.getTracks()) link.removeTrack(track);
    this.stopStream(stream);
    this.send(this.mediaData());
    this.options.onNotice({ type: 'media' });
    return { code: Code.OK, message: 'stopped' };
  }

  /** Sends a chat line to everyone (1-2000 characters). 400 empty or too long, 481 not joined. */
  sendChat(text: string): Result {
    if (this.state !== 'joined') return { code: Code.NOT_IN_CALL, message: 'not in a room' };
    if (text.trim() === '' || text.length > 2000) return { code: Code.BAD_REQUEST, message: 'chat text must be 1-2000 characters' };
    const message: ChatMessage = { from: this.selfId, displayName: this.displayName, text, sentAt: Date.now(), self: true };
    this.send({ type: 'chat', text, sentAt: message.sentAt });
    this.chat.push(message);
    this.options.onNotice({ type: 'chat', message });
    return { code: Code.OK, message: 'sent' };
  }
}
