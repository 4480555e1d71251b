import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { RoomElement } from '../internal/room-element.js';
import { Code, type Result } from '../../protocol/index.js';
import { DEFAULT_MESH_CAPACITY, type ChatMessage, type Participant, type RoomNotice, type RoomState } from '../../room/room-client.js';
import { inviteLink } from '../../room/messages.js';
import type { MessageOverrides } from '../i18n/localize.js';
import { roomMessages, type MessageKey } from './messages.js';
import { roomFailure } from '../internal/room-text.js';
import type { GsRoomChatDetail, GsRoomEventMap, GsRoomMemberDetail, GsRoomRecordingDetail, GsRoomResultDetail, GsRoomStateDetail } from './gs-room.events.js';
import styles from './gs-room.styles.js';
import { memberItems, tile } from './gs-room.tiles.js';

export type { GsRoomChatDetail, GsRoomEventMap, GsRoomMemberDetail, GsRoomRecordingDetail, GsRoomResultDetail, GsRoomStateDetail } from './gs-room.events.js';
import { SfuRoomClient } from '../../room/sfu/sfu-room-client.js';

/**
 * @summary A video conference room (seed 001, Flashphoner "Conference"): enter a login name, join a room by name
 * or invite link, see the participants, publish camera + microphone, see every other participant's video, chat,
 * share your screen with everyone, and leave.
 *
 * Signalling is the server's gs-room-json protocol (docs/server.md "Rooms") at `ws://HOST:PORT/rooms/<room>`, or
 * a host page/app carrying it over postMessage (`signalling="postmessage"`, seed 004). Media is a full mesh: one
 * RTCPeerConnection per remote member with perfect negotiation (src/room/peer-link.ts), so rooms are small: the
 * `capacity` (default 4) is checked at join (486 "room is full"), with the server's own limit above it; or, when the
 * server runs Janus (`media`, docs/sfu.md), every member publishes once and receives the others on one connection,
 * up to the server's capacity (16), which the status line then shows.
 * Every operation returns a Promise of `{ code, message }`: 200 success, 106 nothing to do, 300 bad room name,
 * 301 no screen capture here, 302 signalling lost, 303 capture refused, 400 bad name or text, 408 no reply,
 * 481 not in a room, 486 room full, 487 already joined; each code ≥ 300 also fires `error`.
 * Each member's tile is keyed by its memberId, and streams are bound with the srcObject directive, so a render
 * (a chat line, a member joining or leaving, a language or theme change) never restarts a playing `<video>`.
 * Text: every visible string comes from the message tables (`room.*` entries of its own table, src/elements/gs-room/messages.{en,zh,ru}.ts)
 * in the language of the `lang` attribute, else the closest ancestor's, else `<html lang>`, else English, as
 * `<gs-screen-share>`; `strings` overrides any entry. Keyboard: Enter in the form joins, then focus moves to the
 * chat box, where Enter sends; Leave returns focus to the login box.
 * Removing the element from the page leaves the room: every connection closed, every track stopped, the
 * server's member gone.
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
 * @event {CustomEvent<GsRoomChatDetail>} chat-message - A chat line, yours or another member's (`{ from, displayName, text, sentAt, self }`; `sentAt` in ms since the epoch, the sender's clock). Not named `message`, which bubbling and composed would reach `window` `message` (postMessage) listeners.
 * @event {CustomEvent<GsRoomRecordingDetail>} recording-change - The room's recording started or stopped (`{ recording, room }`), by this member or another (server `roomRecording`).
 * @event {CustomEvent<GsRoomStateDetail>} state-change - The state changed (`{ state, previous }`): idle, joining, joined, full, leaving or failed.
 * @event {CustomEvent<GsRoomResultDetail>} error - Any operation that ended with a code ≥ 300 (`{ code, message, room }`; does not bubble).
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
 * @cssproperty --gs-font-family - Font family. Default `system-ui, sans-serif`.
 * @cssproperty --gs-font-size - Font size. Default `14px`.
 * @cssproperty --gs-radius - Corner radius (tiles and buttons use half of it). Default `8px`.
 * @cssproperty --gs-spacing - Padding and gaps. Default `12px`.
 * @cssproperty --gs-color-text - Text colour. Default `#1d2330` (dark scheme `#e8ebf2`).
 * @cssproperty --gs-color-background - Background colour. Default `#f6f7f9` (dark `#161a22`).
 * @cssproperty --gs-color-surface - Background of the text boxes. Default `#ffffff` (dark `#202633`).
 * @cssproperty --gs-color-border - Border of the text boxes. Default `#c9cfda` (dark `#3a4356`).
 * @cssproperty --gs-color-muted - Secondary text (link states, captions' "(you)"). Default `#5b6474` (dark `#a3acbd`).
 * @cssproperty --gs-color-accent - Buttons and links. Default `#2456c9` (dark `#6c9cff`).
 * @cssproperty --gs-color-accent-text - Button text. Default `#ffffff` (dark `#0b1020`).
 * @cssproperty --gs-color-danger - The Leave button, error text and the room-full notice. Default `#b42323` (dark `#ff8080`).
 * @cssproperty --gs-color-focus - Focus ring. Default `#c25e00` (dark `#ffc266`).
 * @cssproperty --gs-tile-width - Smallest tile width. Default `240px`.
 */
export class GsRoom extends RoomElement {
  static override styles = styles;
  protected static override messages = roomMessages;

  /** Most members this page accepts in the room (a full mesh: see README "Rooms"); a join into a fuller room gets 486. */
  @property({ type: Number }) capacity = DEFAULT_MESH_CAPACITY;

  /**
   * The access token (JWT) for this room, when the server checks tokens (docs/server.md "Tokens"): sent as the
   * room WebSocket's `?token=`. Claim `record: true` lets this member record the room (`record`, startRecording()).
   */
  @property() token = '';

  /**
   * Which media path to ask the server for at join: `mesh` (one RTCPeerConnection per member, at most `capacity`),
   * `sfu` (through Janus, the server's capacity, default 16: docs/sfu.md), or empty (default): whatever the server
   * runs, so a room on a server with JANUS_URL goes through Janus. The room's first member decides its mode; a
   * later member asking for the other one gets 488; `sfu` on a server without Janus gets 405.
   */
  @property() media: '' | 'mesh' | 'sfu' = '';

  /**
   * Record the room while joined (SFU mode with JANUS_REC_DIR, a token with claim `record: true`): setting the
   * attribute starts recording (at join, or at once when joined), removing it stops; results as startRecording()
   * and stopRecording(), with `error` on failure. Seed 001's `record`; docs/sfu.md "Recording".
   */
  @property({ type: Boolean }) record = false;

  /** Whether the room is being recorded now (by anyone), reflected for CSS (`gs-room[recording]`). Read-only. */
  @property({ type: Boolean, reflect: true }) recording = false;

  /** Do not publish the camera automatically on the Join button (call `publish()` yourself). */
  @property({ type: Boolean, attribute: 'manual-publish' }) manualPublish = false;

  /**
   * The host's own strings, over the shipped table of the language in use: any keys of
   * src/elements/gs-room/messages.en.ts, e.g. `{ 'room.button.join': 'Enter', 'room.code.486': 'No seat left.' }`.
   */
  @property({ attribute: false }) strings?: MessageOverrides<MessageKey>;

  /** The state, reflected for CSS (`gs-room[state='full']`). Read-only. */
  @property({ reflect: true }) state: RoomState = 'idle';

  // The media backend: a mesh, or Janus when the server's join answer names it (src/room/sfu/).
  private readonly client = new SfuRoomClient({
    tileWidth: (id) => this.renderRoot.querySelector<HTMLElement>(`[part~="tile"][data-member-id="${CSS.escape(id)}"]`)?.clientWidth ?? 240,
    transport: (room) => this.transportFor(room, { token: this.token, media: this.media }),
    onNotice: (n) => this.handleNotice(n),
    capacity: () => this.capacity,
    configuration: () => this.rtcConfiguration,
    codecs: () => this.codecChoice(),
  });

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

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.client.leave();
  }

  /** Joins `room` as `userName` (defaults: the attributes). 200, 300 bad room name, 400 bad name, 486 room full, 487, 302, 408. */
  async join(room = this.room, userName = this.userName): Promise<Result> {
    const problem = this.joinProblem(room, userName);
    if (problem) return this.report('error', problem);
    this.room = room;
    this.userName = userName;
    this.failure = null;
    const result = await this.client.join(room, userName);
    if (result.code === Code.OK) {
      this.report('joined', result);
      if (this.record) void this.startRecording();
      return result;
    }
    if (result.code === Code.BUSY) return this.report('room-full', result);
    return this.report('error', result);
  }

  /** Leaves the room: every connection closed, every track stopped. 200, 481 not in a room. */
  async leave(): Promise<Result> {
    const result = await this.client.leave();
    return this.report(result.code === Code.OK ? 'left' : 'error', result);
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

  /**
   * Starts recording the room (SFU mode): Janus records every member's feed until stopRecording() (or until the
   * room's last member leaves). 200, 106 already recording, 403 this member's token lacks claim `record: true`,
   * 405 the server records no rooms (mesh, or no JANUS_REC_DIR), 481 not in a room, 488 Janus refused.
   */
  async startRecording(): Promise<Result> {
    const { code, message } = await this.client.record(true);
    return this.report('error', { code, message });
  }

  /**
   * Stops recording: the server makes each feed's recording a file a person can play (WebM for VP8/Opus, MP4 for
   * H.264), listed at `GET /recordings/<room>` (docs/sfu.md). 200, 106 not recording, 403, 405, 481, 488.
   */
  async stopRecording(): Promise<Result> {
    const { code, message } = await this.client.record(false);
    return this.report('error', { code, message });
  }

  /** Sends a chat line to everyone (1-2000 characters, shown as text). 200, 400 empty or too long, 481 not in a room. */
  async sendMessage(text: string): Promise<Result> {
    return this.report('error', this.client.sendChat(text));
  }

  /**
   * Mutes (true) or unmutes (false) your microphone (`audio`) or camera (`video`): the track stays published and
   * sends silence / black. 200, 106 nothing published, 481 not in a room.
   */
  async setMuted(kind: 'audio' | 'video', muted: boolean): Promise<Result> {
    if (this.state !== 'joined') return this.report('error', { code: Code.NOT_IN_CALL, message: 'not in a room' });
    if (!this.client.setMuted(kind, muted)) return { code: Code.NO_STREAM, message: 'nothing published' };
    return { code: Code.OK, message: muted ? 'muted' : 'unmuted' };
  }

  /** Fires `name` (not for `error` alone) and, for a code ≥ 300, `error`; shows the failure. */
  private report(name: keyof GsRoomEventMap, result: Result): Result {
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
        this.emit<GsRoomChatDetail>('chat-message', n.message);
        break;
      case 'recording':
        this.recording = n.recording;
        this.emit<GsRoomRecordingDetail>('recording-change', { recording: n.recording, room: this.room });
        break;
      default:
        break;
    }
    this.requestUpdate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The attribute follows the host's wish; only a change while joined is acted on (a join reads it itself).
    if (changed.has('record') && changed.get('record') !== undefined && this.state === 'joined') {
      void (this.record ? this.startRecording() : this.stopRecording());
    }
    const log = this.renderRoot.querySelector('[part~="chat-log"]');
    if (log) log.scrollTop = log.scrollHeight;
    this.followFocusAfterRender();
  }

  private handleJoin = async (e: Event) => {
    e.preventDefault();
    const form = this.renderRoot.querySelector('form[part~="join"]') as HTMLFormElement | null;
    const data = form ? new FormData(form) : null;
    const result = await this.join(String(data?.get('room') ?? this.room), String(data?.get('user') ?? this.userName));
    if (result.code !== Code.OK) return;
    this.focusAfterRender = '[part~="chat-input"]';
    this.requestUpdate();
    if (!this.manualPublish) await this.publish();
  };
  private handleLeave = () => {
    this.focusAfterRender = 'input[name="user"]';
    void this.leave();
  };
  private handleShare = () => void (this.client.screen ? this.stopScreen() : this.shareScreen());
  private handleMic = () => void this.setMuted('audio', !this.client.isMuted('audio'));
  private handleCamera = () => void this.setMuted('video', !this.client.isMuted('video'));
  private handleChat = async (e: Event) => {
    e.preventDefault();
    const input = this.renderRoot.querySelector('[part~="chat-input"]') as HTMLInputElement;
    if ((await this.sendMessage(input.value)).code === Code.OK) input.value = '';
  };
  private handleCopy = () => void navigator.clipboard?.writeText(this.inviteLink).catch(() => {});

  override render() {
    const tr = this.translator;
    const t = tr.t.bind(tr);
    const joined = this.state === 'joined';
    const busy = this.state === 'joining' || this.state === 'leaving';
    const people = this.client.participants;
    const sharing = Boolean(this.client.screen);
    return html`
      <form part="join" ?hidden=${joined} @submit=${this.handleJoin}>
        <label>${t('room.label.login')} <input name="user" .value=${this.userName} required maxlength="64" autocomplete="nickname" /></label>
        <label>${t('room.label.room')} <input name="room" .value=${this.room} required pattern="[A-Za-z0-9_\\-]{1,64}" /></label>
        <slot name="join-button" @click=${this.handleJoin}><button part="button join-button" type="submit" ?disabled=${busy}>${t('room.button.join')}</button></slot>
      </form>
      <p part="full" role="alert" ?hidden=${this.state !== 'full'}><slot name="full-text">${t('room.full', { room: this.room, capacity: this.capacity })}</slot></p>
      <div part="invite" ?hidden=${!joined}>
        ${t('room.invite')} <a part="invite-link" href=${this.inviteLink} target="_blank">${this.inviteLink}</a>
        <button part="button" type="button" @click=${this.handleCopy}>${t('room.button.copy')}</button>
      </div>
      <div part="toolbar" role="toolbar" aria-label=${t('room.label.toolbar')} ?hidden=${!joined}>
        <button part="button mic-button" type="button" ?disabled=${!this.client.camera} @click=${this.handleMic}>${this.client.isMuted('audio') ? t('room.button.unmuteMic') : t('room.button.muteMic')}</button>
        <button part="button camera-button" type="button" ?disabled=${!this.client.camera} @click=${this.handleCamera}>${this.client.isMuted('video') ? t('room.button.cameraOn') : t('room.button.cameraOff')}</button>
        <slot name="share-button" @click=${this.handleShare}
          ><button part="button share-button" type="button">${sharing ? t('room.button.stopShare') : t('room.button.share')}</button></slot
        >
        <slot name="leave-button" @click=${this.handleLeave}><button part="button leave-button" type="button">${t('room.button.leave')}</button></slot>
      </div>
      <ul part="members" aria-label=${t('room.label.members')} ?hidden=${!joined}>
        ${memberItems(tr, this.userName, people)}
      </ul>
      <div part="tiles" role="group" aria-label=${t('room.label.tiles')} ?hidden=${!joined}>
        ${joined ? tile(tr, { memberId: this.client.selfId, displayName: this.userName, camera: this.client.camera, screen: this.client.screen }, true) : nothing}
        ${repeat(
          people,
          (p) => p.memberId,
          (p) => tile(tr, p, false),
        )}
      </div>
      <section part="chat" ?hidden=${!joined} aria-label=${t('room.label.chat')}>
        <ol part="chat-log" aria-live="polite" tabindex="0" aria-label=${t('room.label.chat')}>
          ${this.client.chat.map((m) => html`<li data-from=${m.from}><b>${m.displayName}</b>: <span class="text">${m.text}</span></li>`)}
        </ol>
        <form @submit=${this.handleChat}>
          <input part="chat-input" aria-label=${t('room.label.message')} maxlength="2000" autocomplete="off" />
          <button part="button" type="submit">${t('room.button.send')}</button>
        </form>
      </section>
      <p part="status" role="status" ?data-error=${Boolean(this.failure)}>
        ${t(`room.state.${this.state}`)}${joined ? ` — ${t('room.status.joined', { room: this.room, count: people.length + 1, capacity: this.client.mode === 'sfu' ? this.client.capacity : this.capacity })}` : nothing}${this.recording
          ? ` — ${t('room.status.recording')}`
          : nothing}${this.failure
          ? ` — ${roomFailure(tr, this.failure.code)}`
          : nothing}
      </p>
    `;
  }
}

/** `<gs-room>`'s `addEventListener` knows each of its events' `detail` (GsRoomEventMap). */
export interface GsRoom {
  addEventListener<K extends keyof GsRoomEventMap>(type: K, listener: (this: GsRoom, ev: GsRoomEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: GsRoom, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof GsRoomEventMap>(type: K, listener: (this: GsRoom, ev: GsRoomEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: GsRoom, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
