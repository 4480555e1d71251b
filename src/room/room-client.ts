/**
 * The browser side of a room (seed 001 "Видеоконференция"): join by name with a login name, follow the members,
 * keep a full mesh of {@link PeerLink}s (one RTCPeerConnection per remote member), publish the camera and
 * microphone, share the screen as an extra track, exchange text chat, and leave. The room chart
 * (room.machine.ts) decides every state change; this class is its actors and actions: the signalling through a
 * {@link RoomTransport} (WebSocket or postMessage, so the page never talks to the socket directly), the requests,
 * the links and the local media.
 *
 * A full mesh sends each track once per remote member: with N members every browser encodes and uploads N-1
 * copies of its camera, so the default capacity is 4 (see README "Rooms").
 */
import { createActor, fromCallback, fromPromise, waitFor, type Actor } from 'xstate';
import { Code, type Result } from '../protocol/index.js';
import { isPolite, type PeerData, type RoomMember } from './messages.js';
import type { RoomRequestAction } from '../protocol/room-codec.js';
import { RoomSignalling, type RoomReply } from './room-signalling.js';
import { PeerLink } from './peer-link.js';
import type { TransportFactory } from './transport.js';
import type { CodecChoice } from './codecs.js';
import { DEFAULT_MESH_CAPACITY, ROOM_REQUEST_TIMEOUT_MS, roomMachine, type ChatMessage, type JoinReply, type RoomEvent, type RoomNotice, type RoomState } from './room.machine.js';

import { captureCamera, captureScreen, DEFAULT_MEDIA_CONSTRAINTS, stopStream, tracksOf } from './local-media.js';

export { DEFAULT_MEDIA_CONSTRAINTS } from './local-media.js';
export { DEFAULT_MESH_CAPACITY, ROOM_REQUEST_TIMEOUT_MS, type ChatMessage, type RoomNotice, type RoomState } from './room.machine.js';


/** A remote member as the view shows it. */
export interface Participant extends RoomMember {
  /** The link's chart state (connecting, connected, interrupted, failed, closed), or `none` without a link. */
  link: string;
  /** Its camera+microphone stream, once received. */
  camera: MediaStream | null;
  /** Its shared screen, once received. */
  screen: MediaStream | null;
}

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
  /** Our memberId while joined, else ''. */
  selfId = '';
  /** Our camera+microphone while published. */
  camera: MediaStream | null = null;
  /** Our screen while shared. */
  screen: MediaStream | null = null;
  private current: RoomState = 'idle';
  // The members we keep links for, in join order; the chart's actions keep it in step with its own list.
  private readonly remotes = new Map<string, Remote>();
  private readonly signalling: RoomSignalling;
  private readonly actor: Actor<typeof roomMachine>;

  constructor(private readonly options: RoomClientOptions) {
    this.signalling = new RoomSignalling(options.transport);
    this.actor = createActor(
      roomMachine.provide({
        actors: {
          signalling: fromCallback(({ input, sendBack }) => this.signalling.open(input.room, sendBack)),
          joinRoom: fromPromise(({ input }) => this.requestJoin(input.displayName)),
          leaveRoom: fromPromise(({ input }) => this.request('leaveRoom', {}, input.timeoutMs)),
        },
        actions: {
          announce: (_, p) => this.announce(p.state, p.result),
          notify: (_, notice) => this.options.onNotice(notice),
          linkMembers: (_, p) => {
            this.selfId = p.selfId;
            for (const m of p.members) this.addRemote(m);
          },
          // Tell the newcomer which of our streams is which.
          greetMember: (_, p) => this.send(this.mediaData(), p.memberId),
          unlinkMember: (_, p) => {
            this.remotes.get(p.memberId)?.link?.close();
            this.remotes.delete(p.memberId);
          },
          peerData: (_, p) => this.fromPeer(p.from, p.data),
          broadcast: (_, p) => this.send(p.data),
          recordingChanged: (_, p) => this.recordingChanged(p.recording),
          closeAll: () => this.teardown(),
        },
      }),
      { input: { requestTimeoutMs: options.requestTimeoutMs } },
    ).start();
  }

  /** The room's public state (the chart's). */
  get state(): RoomState {
    return this.current;
  }

  /** The room joined or being joined. */
  get room(): string {
    return this.actor.getSnapshot().context.room;
  }

  /** Our login name in it. */
  get displayName(): string {
    return this.actor.getSnapshot().context.displayName;
  }

  /** Capacity the server reported at join. */
  get serverCapacity(): number {
    return this.actor.getSnapshot().context.serverCapacity;
  }

  /** The chat so far (this page's session). */
  get chat(): readonly ChatMessage[] {
    return this.actor.getSnapshot().context.chat;
  }

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

  private announce(state: RoomState, result?: Result): void {
    const previous = this.current;
    if (previous === state) return;
    this.current = state;
    this.options.onNotice({ type: 'state', state, previous, result });
  }

  /**
   * Joins room `room` as `displayName`. Resolves 200 joined; 486 room full (server limit or this page's
   * capacity); 400 bad name; 487 already joined or joining; 300 no signalling for that room; 302 the signalling
   * could not open or closed; 408 no reply in time.
   */
  async join(room: string, displayName: string): Promise<Result> {
    const event: RoomEvent = { type: 'JOIN', room, displayName };
    if (!this.actor.getSnapshot().can(event)) return { code: Code.ALREADY_IN_CALL, message: 'already in a room' };
    this.actor.send(event);
    const s = await waitFor(this.actor, (snap) => !snap.matches({ session: 'joining' }));
    if (s.matches({ session: 'joined' })) return { code: Code.OK, message: 'joined' };
    return s.context.result ?? { code: Code.NOT_IN_CALL, message: 'left while joining' };
  }

  /** joinRoom, with the page's capacity once the media backend has seen the reply. */
  private async requestJoin(displayName: string): Promise<JoinReply> {
    const reply = await this.request('joinRoom', { displayName });
    if (reply.code === Code.OK) this.joinReplied(reply.body);
    return { ...reply, capacity: this.options.capacity?.() ?? DEFAULT_MESH_CAPACITY };
  }

  /** Media backend hook (src/room/sfu/sfu-room-client.ts): sees joinRoomRet's body before the capacity check. */
  protected joinReplied(_body: Record<string, unknown>): void {}

  /** The server says the room's recording started or stopped (SFU mode). */
  protected recordingChanged(_recording: boolean): void {}

  /** Ends the room with `result` (state `failed`): everything closed. */
  protected fail(result: Result): Result {
    this.actor.send({ type: 'FAIL', result });
    return result;
  }

  /** Leaves the room: leaveRoom, every link closed, every local track stopped, the signalling closed. */
  async leave(): Promise<Result> {
    const s = this.actor.getSnapshot();
    if (!s.matches({ session: 'joined' }) && !s.matches({ session: 'joining' })) {
      this.actor.send({ type: 'LEAVE' });
      return { code: Code.NOT_IN_CALL, message: 'not in a room' };
    }
    this.actor.send({ type: 'LEAVE' });
    await waitFor(this.actor, (snap) => !snap.matches({ session: 'leaving' }));
    return { code: Code.OK, message: 'left' };
  }

  /** Closes everything this client opened; the state is left to the caller. */
  teardown(): void {
    for (const r of this.remotes.values()) r.link?.close();
    const hadRemotes = this.remotes.size > 0;
    this.remotes.clear();
    stopStream(this.camera);
    stopStream(this.screen);
    this.camera = null;
    this.screen = null;
    this.signalling.close();
    this.selfId = '';
    if (hadRemotes) this.options.onNotice({ type: 'members' });
    this.options.onNotice({ type: 'media' });
  }

  /** Sends one request; resolves its reply (302 without signalling, 408 without a reply in time). */
  protected request(action: RoomRequestAction, body: Record<string, unknown>, timeoutMs = this.options.requestTimeoutMs ?? ROOM_REQUEST_TIMEOUT_MS): Promise<RoomReply> {
    return this.signalling.request(action, body, timeoutMs);
  }

  /** Sends data to one member (`to`) or everyone. */
  send(data: PeerData, to?: string): void {
    this.signalling.send(data, to);
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
    if (this.state === 'joined' && this.camera) return { code: Code.NO_STREAM, message: 'already published' };
    const stream = await this.captureWhileJoined(() => captureCamera(this.options.constraints?.() ?? DEFAULT_MEDIA_CONSTRAINTS), 'camera');
    if (!(stream instanceof MediaStream)) return stream;
    this.camera = stream;
    this.addLocal(stream);
    return { code: Code.OK, message: 'published' };
  }

  /** Stops publishing: the camera and microphone leave every link and are stopped. 106 when not published. */
  unpublish(): Result {
    const stream = this.camera;
    if (!stream) return { code: Code.NO_STREAM, message: 'not published' };
    this.camera = null;
    this.removeLocal(stream);
    return { code: Code.OK, message: 'unpublished' };
  }

  /** Enables or disables our camera (`video`) or microphone (`audio`) track; the track keeps sending black/silence. */
  setMuted(kind: 'audio' | 'video', muted: boolean): boolean {
    const tracks = tracksOf(this.camera, kind);
    if (!tracks.length) return false;
    for (const t of tracks) t.enabled = !muted;
    this.options.onNotice({ type: 'media' });
    return true;
  }

  /** True when our `kind` track is published and disabled. */
  isMuted(kind: 'audio' | 'video'): boolean {
    const tracks = tracksOf(this.camera, kind);
    return tracks.length > 0 && tracks.every((t) => !t.enabled);
  }

  /**
   * Shares the screen (getDisplayMedia) with everyone as an extra video track (renegotiation on every link).
   * Resolves 200, 106 already sharing, 481 not joined, 301 no getDisplayMedia, 303 capture refused.
   * The browser's own "Stop sharing" ends it like {@link stopScreen}.
   */
  async shareScreen(): Promise<Result> {
    if (this.state === 'joined' && this.screen) return { code: Code.NO_STREAM, message: 'already sharing' };
    const stream = await this.captureWhileJoined(captureScreen, 'capture');
    if (!(stream instanceof MediaStream)) return stream;
    this.screen = stream;
    for (const track of stream.getTracks()) track.addEventListener('ended', () => void this.stopScreen());
    this.addLocal(stream);
    return { code: Code.OK, message: 'sharing' };
  }

  /** Stops sharing the screen: the track leaves every link (renegotiation) and is stopped. 106 when not sharing. */
  async stopScreen(): Promise<Result> {
    const stream = this.screen;
    if (!stream) return { code: Code.NO_STREAM, message: 'not sharing' };
    this.screen = null;
    this.removeLocal(stream);
    return { code: Code.OK, message: 'stopped' };
  }

  /** Opens a capture while joined: 481 when not joined, or when we left while it opened (it is then stopped). */
  private async captureWhileJoined(capture: () => Promise<MediaStream | Result>, what: string): Promise<MediaStream | Result> {
    if (this.state !== 'joined') return { code: Code.NOT_IN_CALL, message: 'not in a room' };
    const stream = await capture();
    if (!(stream instanceof MediaStream) || this.state === 'joined') return stream;
    stopStream(stream);
    return { code: Code.NOT_IN_CALL, message: `left while the ${what} opened` };
  }

  /** A stream of ours just published: named to everyone and sent on every link. */
  private addLocal(stream: MediaStream): void {
    this.send(this.mediaData());
    for (const link of this.links()) for (const track of stream.getTracks()) link.addTrack(track, stream);
    this.options.onNotice({ type: 'media' });
  }

  /** A stream of ours withdrawn: off every link, stopped, and its id no longer named. */
  private removeLocal(stream: MediaStream): void {
    for (const link of this.links()) for (const track of stream.getTracks()) link.removeTrack(track);
    stopStream(stream);
    this.send(this.mediaData());
    this.options.onNotice({ type: 'media' });
  }

  /** Sends a chat line to everyone (1-2000 characters). 400 empty or too long, 481 not joined. */
  sendChat(text: string): Result {
    if (this.state !== 'joined') return { code: Code.NOT_IN_CALL, message: 'not in a room' };
    const event: RoomEvent = { type: 'SEND_CHAT', text, sentAt: Date.now() };
    if (!this.actor.getSnapshot().can(event)) return { code: Code.BAD_REQUEST, message: 'chat text must be 1-2000 characters' };
    this.actor.send(event);
    return { code: Code.OK, message: 'sent' };
  }
}
