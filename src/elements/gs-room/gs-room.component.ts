import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GsElement } from '../internal/gs-element.js';
import { Code, type Result } from '../../protocol/index.js';
import { RoomClient, DEFAULT_MESH_CAPACITY, type ChatMessage, type Participant, type RoomNotice, type RoomState } from '../../room/room-client.js';
import { inviteLink, roomAddress, ROOM_NAME_PATTERN, type RoomMember } from '../../room/messages.js';
import { PostMessageTransport, WebSocketTransport, type RoomTransport } from '../../room/transport.js';
import { parseAudioCodec, parseVideoCodec } from '../../room/codecs.js';
import styles from './gs-room.styles.js';
import { srcObject } from '../internal/src-object.js';
import { SfuRoomClient } from '../../room/sfu/sfu-room-client.js';

/** `detail` of `joined`, `left`, `room-full`, `published`, `screen-shared`, `screen-stopped` and `error`. */
export interface GsRoomResultDetail extends Result {
  /** The room name. */
  room: string;
}

/** `detail` of `member-joined` and `member-left`. */
export interface GsRoomMemberDetail {
  member: RoomMember;
  /** `left` or `closed` (socket lost), on `member-left`. */
  reason?: string;
}

/** `detail` of `message`: one chat line (`text` is plain text). */
export type GsRoomMessageDetail = ChatMessage;

/** `detail` of `state-change`. */
export interface GsRoomStateDetail {
  state: RoomState;
  previous: RoomState;
}

const statusText: Record<RoomState, string> = {
  idle: 'Not in a room',
  joining: 'Joining…',
  joined: 'In the room',
  full: 'The room is full',
  leaving: 'Leaving…',
  failed: 'Could not stay in the room',
};

/**
 * @summary A video conference room (seed 001, Flashphoner "Conference"): enter a login name, join a room by name
 * or invite link, see the participants, publish camera + microphone, see every other participant's video, chat,
 * share your screen with everyone, and leave.
 *
 * Signalling is the server's gs-room-json protocol (docs/server.md "Rooms") at `ws://HOST:PORT/rooms/<room>`, or
 * a host page/app carrying it over postMessage (`signalling="postmessage"`, seed 004). Media is a full mesh: one
 * RTCPeerConnection per remote member with perfect negotiation (src/room/peer-link.ts), so rooms are small: the
 * `capacity` (default 4) is checked at join (486 "room is full"), with the server's own limit above it.
 * Methods return `{ code, message }`: 200 success, 106 nothing to do, 300 bad room name, 301 no screen capture
 * here, 302 signalling lost, 303 capture refused, 400 bad name or text, 408 no reply, 481 not in a room,
 * 486 room full, 487 already joined. Removing the element from the page leaves the room (every connection
 * closed, every track stopped).
 *
 * @slot join-button - Replaces the Join button (→ `join()` then `publish()` unless `manual-publish`).
 * @slot leave-button - Replaces the Leave button (→ `leave()`).
 * @slot share-button - Replaces the Share screen button (→ `shareScreen()`, or `stopScreen()` while sharing).
 * @slot full-text - Replaces the text shown when the room is full.
 *
 * @event {CustomEvent<GsRoomResultDetail>} joined - You joined the room (code 200).
 * @event {CustomEvent<GsRoomResultDetail>} left - You left the room (`leave()`, or the signalling was lost: 302).
 * @event {CustomEvent<GsRoomResultDetail>} room-full - The room had no place (486); you are not joined.
 * @event {CustomEvent<GsRoomResultDetail>} published - Your camera and microphone are published (200) or could not be (303).
 * @event {CustomEvent<GsRoomResultDetail>} screen-shared - Your screen is shared with everyone (200), or why not.
 * @event {CustomEvent<GsRoomResultDetail>} screen-stopped - You stopped sharing your screen (also the browser's own Stop sharing).
 * @event {CustomEvent<GsRoomMemberDetail>} member-joined - Another member joined.
 * @event {CustomEvent<GsRoomMemberDetail>} member-left - Another member left (`reason` left or closed); its tile is removed.
 * @event {CustomEvent<GsRoomMessageDetail>} message - A chat line, yours or another member's (`{ from, displayName, text, sentAt, self }`).
 * @event {CustomEvent<GsRoomStateDetail>} state-change - The state changed: idle, joining, joined, full, leaving or failed.
 * @event {CustomEvent<GsRoomResultDetail>} error - Any operation that ended with a code ≥ 300 (does not bubble).
 *
 * @csspart join - The join form (login name, room name, Join button).
 * @csspart invite - The invite link row.
 * @csspart invite-link - The invite link itself.
 * @csspart toolbar - The row of in-room buttons.
 * @csspart button - Every default button.
 * @csspart join-button - The default Join button.
 * @csspart leave-button - The default Leave button.
 * @csspart share-button - The default Share screen button.
 * @csspart mic-button - The Mute/Unmute microphone button.
 * @csspart camera-button - The Camera off/on button.
 * @csspart members - The participant list.
 * @csspart tiles - The grid of video tiles.
 * @csspart tile - One tile (yours has `tile self`); `data-member-id` names its member.
 * @csspart video - A tile's `<video>`; `data-kind` is `camera` or `screen`.
 * @csspart chat - The chat area.
 * @csspart chat-log - The list of chat lines.
 * @csspart chat-input - The chat text box.
 * @csspart full - The "room is full" notice.
 * @csspart status - The status line.
 *
 * @cssproperty --gs-font - Font shorthand. Default `14px/1.4 system-ui, sans-serif`.
 * @cssproperty --gs-color - Text colour. Default `#1d2330`.
 * @cssproperty --gs-background - Background colour. Default `#f6f7f9`.
 * @cssproperty --gs-radius - Corner radius. Default `8px`.
 * @cssproperty --gs-spacing - Padding and gaps. Default `12px`.
 * @cssproperty --gs-accent - Button colour. Default `#2f6fed`.
 * @cssproperty --gs-accent-text - Button text colour. Default `#fff`.
 * @cssproperty --gs-danger - Leave button and error colour. Default `#d93636`.
 * @cssproperty --gs-focus - Focus ring colour. Default `#f5a623`.
 * @cssproperty --gs-danger-text - Colour of error text and the room-full notice (darker than --gs-danger, for contrast). Default `#b3261e`.
 * @cssproperty --gs-tile-width - Smallest tile width. Default `240px`.
 */
export class GsRoom extends GsElement {
  static override styles = styles;

  /** The room name (1-64 of `A-Za-z0-9_-`); an invite link's `?room=` fills it. */
  @property() room = '';

  /** Your login name shown to the others (1-64 characters). */
  @property({ attribute: 'user-name' }) userName = '';

  /** Most members this page accepts in the room (a full mesh: see README "Rooms"); a join into a fuller room gets 486. */
  @property({ type: Number }) capacity = DEFAULT_MESH_CAPACITY;

  /** The signalling server's origin (http(s)://HOST:PORT); default this page's origin. */
  @property() server = '';

  /** `websocket` (default): straight to the server. `postmessage`: the parent window (or app web-view host) carries it (seed 004). */
  @property() signalling: 'websocket' | 'postmessage' = 'websocket';

  /** Preferred video codec: `vp8`, `h264` or `auto` (setCodecPreferences; seed 001 "H.264, VP8"). */
  @property({ attribute: 'video-codec' }) videoCodec = 'auto';

  /** Preferred audio codec: `opus`, `g711` (PCMU/PCMA where the browser offers them) or `auto`. */
  @property({ attribute: 'audio-codec' }) audioCodec = 'auto';

  /** Do not publish the camera automatically on the Join button (call `publish()` yourself). */
  @property({ type: Boolean, attribute: 'manual-publish' }) manualPublish = false;

  /** RTCPeerConnection configuration (ICE servers, e.g. TURN from `/turn-credentials`). */
  @property({ attribute: false }) rtcConfiguration?: RTCConfiguration;

  /** The state, reflected for CSS (`gs-room[state='full']`). Read-only. */
  @property({ reflect: true }) state: RoomState = 'idle';

  @state() private failure: Result | null = null;

  // The media backend: a mesh, or Janus when the server's join answer names it (src/room/sfu/).
  private readonly client: RoomClient = new SfuRoomClient({
    tileWidth: (id) => this.renderRoot.querySelector<HTMLElement>(`[part~="tile"][data-member-id="${CSS.escape(id)}"]`)?.clientWidth ?? 240,
    transport: (room) => this.transportFor(room),
    onNotice: (n) => this.handleNotice(n),
    capacity: () => this.capacity,
    configuration: () => this.rtcConfiguration,
    codecs: () => ({ video: parseVideoCodec(this.videoCodec), audio: parseAudioCodec(this.audioCodec) }),
  });

  private transportFor(room: string): RoomTransport {
    if (this.signalling === 'postmessage') return new PostMessageTransport(room);
    return new WebSocketTransport(roomAddress(this.server || location.origin, room));
  }

  /** The remote participants with their streams (camera, screen) and link state. */
  get participants(): Participant[] {
    return this.client.participants;
  }

  /** Your memberId while joined, else ''. */
  get memberId(): string {
    return this.client.selfId;
  }

  /** The chat so far (this session). */
  get messages(): readonly ChatMessage[] {
    return this.client.chat;
  }

  /** Your published camera+microphone stream, else null. */
  get localStream(): MediaStream | null {
    return this.client.camera;
  }

  /** Your shared screen, else null. */
  get screenStream(): MediaStream | null {
    return this.client.screen;
  }

  /** The link to the member `memberId` (for getStats), else null. */
  connectionTo(memberId: string): RTCPeerConnection | null {
    return this.client.connectionTo(memberId);
  }

  /**
   * Perfect negotiation on the link to `memberId`: `polite` (we roll back our offer when offers collide; the
   * member with the lower memberId is polite) and `collisions` (colliding offers received so far); null without a link.
   */
  negotiationWith(memberId: string): { polite: boolean; collisions: number } | null {
    return this.client.negotiationWith(memberId);
  }

  /** The invite link for the current room: this page with `?room=<name>` (seed 001 step 4). */
  get inviteLink(): string {
    return this.room ? inviteLink(location.href, this.room) : '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // An invite link names the room.
    const fromLink = new URLSearchParams(location.search).get('room');
    if (!this.room && fromLink) this.room = fromLink;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.client.leave();
  }

  /** Joins `room` as `userName` (defaults: the attributes). 200, 300 bad room name, 400 bad name, 486 room full, 487, 302, 408. */
  async join(room = this.room, userName = this.userName): Promise<Result> {
    if (!ROOM_NAME_PATTERN.test(room)) return this.report('error', { code: Code.INVALID_ADDRESS, message: 'room name must be 1-64 of A-Z a-z 0-9 _ -' });
    if (userName.trim() === '' || userName.length > 64) return this.report('error', { code: Code.BAD_REQUEST, message: 'login name must be 1-64 characters' });
    this.room = room;
    this.userName = userName;
    this.failure = null;
    const result = await this.client.join(room, userName);
    if (result.code === Code.OK) return this.report('joined', result);
    if (result.code === Code.BUSY) return this.report('room-full', result);
    return this.report('error', result);
  }

  /** Leaves the room: every connection closed, every track stopped. 200, 481 not in a room. */
  async leave(): Promise<Result> {
    const result = await this.client.leave();
    if (result.code === Code.OK) this.report('left', result);
    return result;
  }

  /** Publishes camera and microphone to everyone. 200, 106 already, 303 refused, 481 not in a room. */
  async publish(): Promise<Result> {
    return this.report('published', await this.client.publish());
  }

  /** Shares your screen with everyone as an extra video. 200, 106 already, 301, 303, 481. */
  async shareScreen(): Promise<Result> {
    return this.report('screen-shared', await this.client.shareScreen());
  }

  /** Stops sharing your screen. 200, 106 not sharing. */
  async stopScreen(): Promise<Result> {
    return this.report('screen-stopped', await this.client.stopScreen());
  }

  /** Sends a chat line to everyone (1-2000 characters, shown as text). 200, 400, 481. */
  sendMessage(text: string): Result {
    const result = this.client.sendChat(text);
    if (result.code >= 300) this.report('error', result);
    return result;
  }

  /** Mutes (true) or unmutes your microphone (`audio`) or camera (`video`); false when nothing is published. */
  setMuted(kind: 'audio' | 'video', muted: boolean): boolean {
    return this.client.setMuted(kind, muted);
  }

  private report(name: string, result: Result): Result {
    const detail: GsRoomResultDetail = { ...result, room: this.room };
    if (name !== 'error') this.emit(name, detail);
    if (result.code >= 300) {
      this.failure = result;
      this.emit('error', detail, { bubbles: false });
    }
    return result;
  }

  private handleNotice(n: RoomNotice): void {
    switch (n.type) {
      case 'state':
        this.state = n.state;
        if (n.state === 'failed' && n.previous === 'joined') this.report('left', n.result ?? { code: Code.SOCKET_CLOSED, message: 'signalling lost' });
        this.emit<GsRoomStateDetail>('state-change', { state: n.state, previous: n.previous });
        break;
      case 'member-joined':
        this.emit<GsRoomMemberDetail>('member-joined', { member: n.member });
        break;
      case 'member-left':
        this.emit<GsRoomMemberDetail>('member-left', { member: n.member, reason: n.reason });
        break;
      case 'chat':
        this.emit<GsRoomMessageDetail>('message', n.message);
        break;
      default:
        break;
    }
    this.requestUpdate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const log = this.renderRoot.querySelector('[part~="chat-log"]');
    if (log) log.scrollTop = log.scrollHeight;
  }

  private handleJoin = async (e: Event) => {
    e.preventDefault();
    const form = this.renderRoot.querySelector('form[part~="join"]') as HTMLFormElement | null;
    const data = form ? new FormData(form) : null;
    const result = await this.join(String(data?.get('room') ?? this.room), String(data?.get('user') ?? this.userName));
    if (result.code === Code.OK && !this.manualPublish) await this.publish();
  };
  private handleLeave = () => void this.leave();
  private handleShare = () => void (this.client.screen ? this.stopScreen() : this.shareScreen());
  private handleMic = () => this.setMuted('audio', !this.client.isMuted('audio'));
  private handleCamera = () => this.setMuted('video', !this.client.isMuted('video'));
  private handleChat = (e: Event) => {
    e.preventDefault();
    const input = this.renderRoot.querySelector('[part~="chat-input"]') as HTMLInputElement;
    if (this.sendMessage(input.value).code === Code.OK) input.value = '';
  };
  private handleCopy = () => void navigator.clipboard?.writeText(this.inviteLink).catch(() => {});

  private renderTile(id: string, name: string, camera: MediaStream | null, screen: MediaStream | null, self: boolean) {
    return html`<figure part=${self ? 'tile self' : 'tile'} data-member-id=${id}>
      <video part="video" data-kind="camera" autoplay playsinline ?muted=${self} .muted=${self} ${srcObject(camera)}></video>
      ${screen ? html`<video part="video" data-kind="screen" autoplay playsinline muted ${srcObject(screen)}></video>` : nothing}
      <figcaption>${name}${self ? ' (you)' : ''}</figcaption>
    </figure>`;
  }

  override render() {
    const joined = this.state === 'joined';
    const busy = this.state === 'joining' || this.state === 'leaving';
    const people = this.client.participants;
    return html`
      <form part="join" ?hidden=${joined} @submit=${this.handleJoin}>
        <label>Login <input name="user" .value=${this.userName} required maxlength="64" autocomplete="nickname" /></label>
        <label>Room <input name="room" .value=${this.room} required pattern="[A-Za-z0-9_\\-]{1,64}" /></label>
        <slot name="join-button" @click=${this.handleJoin}><button part="button join-button" type="submit" ?disabled=${busy}>Join</button></slot>
      </form>
      <p part="full" role="alert" ?hidden=${this.state !== 'full'}><slot name="full-text">The room “${this.room}” is full (${this.capacity} people at most). Try again later.</slot></p>
      <div part="invite" ?hidden=${!joined}>
        Invite: <a part="invite-link" href=${this.inviteLink} target="_blank">${this.inviteLink}</a>
        <button part="button" type="button" @click=${this.handleCopy}>Copy</button>
      </div>
      <div part="toolbar" role="toolbar" aria-label="Room" ?hidden=${!joined}>
        <button part="button mic-button" type="button" ?disabled=${!this.client.camera} @click=${this.handleMic}>${this.client.isMuted('audio') ? 'Unmute mic' : 'Mute mic'}</button>
        <button part="button camera-button" type="button" ?disabled=${!this.client.camera} @click=${this.handleCamera}>${this.client.isMuted('video') ? 'Camera on' : 'Camera off'}</button>
        <slot name="share-button" @click=${this.handleShare}><button part="button share-button" type="button">${this.client.screen ? 'Stop sharing' : 'Share screen'}</button></slot>
        <slot name="leave-button" @click=${this.handleLeave}><button part="button leave-button" type="button">Leave</button></slot>
      </div>
      <ul part="members" aria-label="Participants" ?hidden=${!joined}>
        <li>${this.userName} (you)</li>
        ${people.map((p) => html`<li data-member-id=${p.memberId}>${p.displayName} <small>${p.link}</small></li>`)}
      </ul>
      <div part="tiles" ?hidden=${!joined}>
        ${joined ? this.renderTile(this.client.selfId, this.userName, this.client.camera, this.client.screen, true) : nothing}
        ${people.map((p) => this.renderTile(p.memberId, p.displayName, p.camera, p.screen, false))}
      </div>
      <section part="chat" ?hidden=${!joined} aria-label="Chat">
        <ol part="chat-log" aria-live="polite">
          ${this.client.chat.map((m) => html`<li data-from=${m.from}><b>${m.displayName}</b>: <span class="text">${m.text}</span></li>`)}
        </ol>
        <form @submit=${this.handleChat}>
          <input part="chat-input" aria-label="Message" maxlength="2000" autocomplete="off" />
          <button part="button" type="submit">Send</button>
        </form>
      </section>
      <p part="status" role="status" ?data-error=${Boolean(this.failure)}>
        ${statusText[this.state]}${joined ? ` — ${this.room}, ${people.length + 1} of ${this.capacity}` : nothing}${this.failure ? html` — ${this.failure.code}: ${this.failure.message}` : nothing}
      </p>
    `;
  }
}
