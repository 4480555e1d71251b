import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GsElement } from '../internal/gs-element.js';
import { Code, type Result } from '../../protocol/index.js';
import { CallClient, type CallState } from '../../room/call-client.js';
import type { CallEnd } from '../../room/call.machine.js';
import { RING_TIMEOUT_MS } from '../../room/call.machine.js';
import { ICE_GRACE_MS } from '../../room/peer-link.machine.js';
import { roomAddress, ROOM_NAME_PATTERN, type RoomMember } from '../../room/messages.js';
import type { RoomNotice } from '../../room/room-client.js';
import { PostMessageTransport, WebSocketTransport, type RoomTransport } from '../../room/transport.js';
import { parseAudioCodec, parseVideoCodec } from '../../room/codecs.js';
import styles from './gs-video-call.styles.js';
import { srcObject } from '../internal/src-object.js';

/** `detail` of `call-state-change`. */
export interface GsCallStateDetail {
  state: CallState;
  previous: CallState;
  /** The other member, while there is one. */
  peer: RoomMember | null;
  /** How the call ended, when `state` is `idle` after a call: hangup, remote-hangup, declined, rejected, cancelled, remote-cancelled, no-answer, busy, link-failed, peer-left. */
  reason: CallEnd | null;
}

/** `detail` of `incoming-call`. */
export interface GsIncomingCallDetail {
  from: RoomMember;
  /** Accept now (same as `accept()`). */
  accept(): void;
  /** Decline now (same as `decline()`). */
  decline(): void;
}

/** `detail` of `call-ended`. */
export interface GsCallEndedDetail {
  peer: RoomMember | null;
  reason: CallEnd;
}

const stateText: Record<CallState, string> = {
  offline: 'Not signed in',
  idle: 'Ready: call someone',
  outgoing: 'Calling…',
  incoming: 'Incoming call',
  active: 'In a call',
};

/**
 * @summary A 1:1 video call (seeds 002 and 004): sign in to a lobby room with a login name, call another member,
 * who sees the incoming call and accepts or declines; then both see each other's camera; either side hangs up,
 * also while it still rings.
 *
 * Signalling is the server's gs-room-json room (docs/server.md "Rooms"): `call` messages (invite, ringing,
 * accept, decline, cancel, hangup, busy) travel `sendToRoom { to }`; the media link is one RTCPeerConnection with
 * perfect negotiation, opened only on accept. The call also ends when ICE stays disconnected or failed longer
 * than `ice-grace` ms, when the other leaves, or after `ring-timeout` ms unanswered. A call's end closes the link
 * and stops every local track.
 *
 * @slot accept-button - Replaces the Accept button of the incoming call prompt.
 * @slot decline-button - Replaces the Decline button of the incoming call prompt.
 * @slot hangup-button - Replaces the Hang up / Cancel button.
 *
 * @event {CustomEvent<GsIncomingCallDetail>} incoming-call - Someone calls you; answer with `detail.accept()` / `detail.decline()` or the prompt.
 * @event {CustomEvent<GsCallStateDetail>} call-state-change - The call state changed: offline, idle, outgoing, incoming, active.
 * @event {CustomEvent<GsCallEndedDetail>} call-ended - A call (ringing or active) ended; `reason` says how.
 * @event {CustomEvent<Result>} joined - You are in the lobby room (200), or why not (486 full, 302, 408…).
 * @event {CustomEvent<Result>} left - You left the lobby.
 *
 * @csspart join - The sign-in form.
 * @csspart members - The list of members you can call.
 * @csspart call-button - Each member's Call button.
 * @csspart incoming - The incoming call prompt.
 * @csspart outgoing - The "Calling…" row.
 * @csspart accept-button - The default Accept button.
 * @csspart decline-button - The default Decline button.
 * @csspart hangup-button - The default Hang up / Cancel button.
 * @csspart videos - The two videos of a call.
 * @csspart remote-video - The other side's camera.
 * @csspart local-video - Your own camera (muted).
 * @csspart toolbar - Mute and Leave buttons.
 * @csspart button - Every default button.
 * @csspart status - The status line.
 *
 * @cssproperty --gs-font - Font shorthand. Default `14px/1.4 system-ui, sans-serif`.
 * @cssproperty --gs-color - Text colour. Default `#1d2330`.
 * @cssproperty --gs-background - Background colour. Default `#f6f7f9`.
 * @cssproperty --gs-radius - Corner radius. Default `8px`.
 * @cssproperty --gs-spacing - Padding and gaps. Default `12px`.
 * @cssproperty --gs-accent - Button colour. Default `#2f6fed`.
 * @cssproperty --gs-accent-text - Button text colour. Default `#fff`.
 * @cssproperty --gs-danger - Hang up / Decline colour. Default `#d93636`.
 * @cssproperty --gs-focus - Focus ring colour. Default `#f5a623`.
 * @cssproperty --gs-danger-text - Colour of error text and the room-full notice (darker than --gs-danger, for contrast). Default `#b3261e`.
 * @cssproperty --gs-prompt-background - Background of the call prompts. Default `#fff`.
 */
export class GsVideoCall extends GsElement {
  static override styles = styles;

  /** The lobby room whose members can call each other (1-64 of `A-Za-z0-9_-`); `?room=` fills it. */
  @property() room = '';

  /** Your login name (1-64 characters). */
  @property({ attribute: 'user-name' }) userName = '';

  /** The signalling server's origin (http(s)://HOST:PORT); default this page's origin. */
  @property() server = '';

  /** `websocket` (default) or `postmessage` (the host page/app carries the signalling, seed 004). */
  @property() signalling: 'websocket' | 'postmessage' = 'websocket';

  /** Preferred video codec: `vp8`, `h264` or `auto`. */
  @property({ attribute: 'video-codec' }) videoCodec = 'auto';

  /** Preferred audio codec: `opus`, `g711` or `auto`. */
  @property({ attribute: 'audio-codec' }) audioCodec = 'auto';

  /** How long a call rings before it ends as no-answer, in ms. */
  @property({ type: Number, attribute: 'ring-timeout' }) ringTimeout = RING_TIMEOUT_MS;

  /** How long ICE may stay disconnected/failed before the call ends (link-failed), in ms. */
  @property({ type: Number, attribute: 'ice-grace' }) iceGrace = ICE_GRACE_MS;

  /** RTCPeerConnection configuration (ICE servers). */
  @property({ attribute: false }) rtcConfiguration?: RTCConfiguration;

  /** The call state, reflected for CSS. Read-only. */
  @property({ reflect: true }) state: CallState = 'offline';

  @state() private failure: Result | null = null;

  private client: CallClient | null = null;

  private makeClient(): CallClient {
    return new CallClient({
      transport: (room) => this.transportFor(room),
      capacity: () => Number.MAX_SAFE_INTEGER,
      configuration: () => this.rtcConfiguration,
      codecs: () => ({ video: parseVideoCodec(this.videoCodec), audio: parseAudioCodec(this.audioCodec) }),
      ringTimeoutMs: this.ringTimeout,
      iceGraceMs: this.iceGrace,
      onRoomNotice: (n) => this.roomNotice(n),
      onCall: (n) => {
        this.state = n.state;
        const peer = this.memberOf(n.peer);
        this.emit<GsCallStateDetail>('call-state-change', { state: n.state, previous: n.previous, peer, reason: n.reason });
        if (n.state === 'incoming' && peer) {
          this.emit<GsIncomingCallDetail>('incoming-call', { from: peer, accept: () => void this.accept(), decline: () => void this.decline() });
        }
        if (n.state === 'idle' && n.reason && (n.previous === 'outgoing' || n.previous === 'incoming' || n.previous === 'active')) {
          this.lastPeer = peer ?? this.lastPeer;
          this.emit<GsCallEndedDetail>('call-ended', { peer: this.lastPeer, reason: n.reason });
        }
        if (peer) this.lastPeer = peer;
        this.requestUpdate();
      },
    });
  }

  private lastPeer: RoomMember | null = null;

  private memberOf(id: string | null): RoomMember | null {
    if (!id || !this.client) return null;
    const p = this.client.room.participants.find((m) => m.memberId === id);
    return p ? { memberId: p.memberId, displayName: p.displayName } : { memberId: id, displayName: '' };
  }

  private transportFor(room: string): RoomTransport {
    if (this.signalling === 'postmessage') return new PostMessageTransport(room);
    return new WebSocketTransport(roomAddress(this.server || location.origin, room));
  }

  private roomNotice(n: RoomNotice): void {
    if (n.type === 'state' && n.state === 'failed' && n.previous === 'joined') this.emit('left', n.result ?? { code: Code.SOCKET_CLOSED, message: 'signalling lost' });
    this.requestUpdate();
  }

  /** Other members of the lobby. */
  get members(): RoomMember[] {
    return this.client?.room.participants.map(({ memberId, displayName }) => ({ memberId, displayName })) ?? [];
  }

  /** Your memberId while signed in, else ''. */
  get memberId(): string {
    return this.client?.room.selfId ?? '';
  }

  /** The member in the current call (or ringing), else null. */
  get peer(): RoomMember | null {
    return this.memberOf(this.client?.peer ?? null);
  }

  /** How the last call ended, else null. */
  get lastEnd(): CallEnd | null {
    return this.client?.lastEnd ?? null;
  }

  /** Your camera+microphone during a call, else null. Stopped when the call ends. */
  get localStream(): MediaStream | null {
    return this.client?.room.camera ?? null;
  }

  /** The other side's camera during a call, else null. */
  get remoteStream(): MediaStream | null {
    const id = this.client?.peer;
    return (id && this.client?.room.participants.find((p) => p.memberId === id)?.camera) || null;
  }

  /** The call's RTCPeerConnection (for getStats), else null. Closed when the call ends. */
  get peerConnection(): RTCPeerConnection | null {
    const id = this.client?.peer;
    return id ? (this.client?.room.connectionTo(id) ?? null) : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const fromLink = new URLSearchParams(location.search).get('room');
    if (!this.room && fromLink) this.room = fromLink;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.client?.dispose();
    this.client = null;
  }

  /** Signs in to the lobby `room` as `userName`. 200, 300 bad room name, 400 bad name, 486 room full, 487, 302, 408. */
  async join(room = this.room, userName = this.userName): Promise<Result> {
    if (!ROOM_NAME_PATTERN.test(room)) return this.fail({ code: Code.INVALID_ADDRESS, message: 'room name must be 1-64 of A-Z a-z 0-9 _ -' });
    if (userName.trim() === '' || userName.length > 64) return this.fail({ code: Code.BAD_REQUEST, message: 'login name must be 1-64 characters' });
    this.room = room;
    this.userName = userName;
    this.client?.dispose();
    this.client = this.makeClient();
    const result = await this.client.room.join(room, userName);
    this.failure = result.code === Code.OK ? null : result;
    this.emit('joined', result);
    this.requestUpdate();
    return result;
  }

  /** Leaves the lobby, hanging up any call. 200, 481. */
  async leave(): Promise<Result> {
    if (!this.client) return { code: Code.NOT_IN_CALL, message: 'not in a room' };
    const result = await this.client.leave();
    this.emit('left', result);
    this.requestUpdate();
    return result;
  }

  /** Calls member `memberId` (see `members`). 200 (ringing there), 481 no such member / not signed in, 487 in a call. */
  call(memberId: string): Result {
    return this.client?.call(memberId) ?? { code: Code.NOT_IN_CALL, message: 'not in a room' };
  }

  /** Accepts the incoming call. 200, 481 nothing ringing. */
  accept(): Result {
    return this.client?.accept() ?? { code: Code.NOT_IN_CALL, message: 'no incoming call' };
  }

  /** Declines the incoming call. 200, 481. */
  decline(): Result {
    return this.client?.decline() ?? { code: Code.NOT_IN_CALL, message: 'no incoming call' };
  }

  /** Hangs up, or cancels a call that still rings. 200, 481 no call. */
  hangUp(): Result {
    return this.client?.hangUp() ?? { code: Code.NOT_IN_CALL, message: 'no call' };
  }

  /** Mutes (true) or unmutes your microphone (`audio`) or camera (`video`); false without a call. */
  setMuted(kind: 'audio' | 'video', muted: boolean): boolean {
    return this.client?.room.setMuted(kind, muted) ?? false;
  }

  private fail(result: Result): Result {
    this.failure = result;
    this.emit('error', result, { bubbles: false });
    return result;
  }

  private handleJoin = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    void this.join(String(data.get('room') ?? ''), String(data.get('user') ?? ''));
  };
  private handleAccept = () => void this.accept();
  private handleDecline = () => void this.decline();
  private handleHangUp = () => void this.hangUp();
  private handleLeave = () => void this.leave();
  private handleMic = () => this.setMuted('audio', !this.client?.room.isMuted('audio'));
  private handleCamera = () => this.setMuted('video', !this.client?.room.isMuted('video'));

  override render() {
    const inRoom = this.state !== 'offline';
    const peer = this.peer;
    const name = peer?.displayName || peer?.memberId || '';
    return html`
      <form part="join" ?hidden=${inRoom} @submit=${this.handleJoin}>
        <label>Login <input name="user" .value=${this.userName} required maxlength="64" /></label>
        <label>Room <input name="room" .value=${this.room} required pattern="[A-Za-z0-9_\\-]{1,64}" /></label>
        <button part="button" type="submit">Sign in</button>
      </form>
      <div part="incoming" role="alertdialog" aria-label="Incoming call" ?hidden=${this.state !== 'incoming'}>
        <span>${name} is calling you</span>
        <slot name="accept-button" @click=${this.handleAccept}><button part="button accept-button" type="button">Accept</button></slot>
        <slot name="decline-button" @click=${this.handleDecline}><button part="button decline-button" type="button">Decline</button></slot>
      </div>
      <div part="outgoing" ?hidden=${this.state !== 'outgoing'}>
        <span>Calling ${name}…</span>
      </div>
      <div part="videos" ?hidden=${this.state !== 'active'}>
        <video part="remote-video" autoplay playsinline ${srcObject(this.remoteStream)}></video>
        <video part="local-video" autoplay playsinline muted .muted=${true} ${srcObject(this.localStream)}></video>
      </div>
      <div part="toolbar" ?hidden=${!inRoom}>
        <slot name="hangup-button" @click=${this.handleHangUp}
          ><button part="button hangup-button" type="button" ?disabled=${this.state !== 'active' && this.state !== 'outgoing'}>
            ${this.state === 'outgoing' ? 'Cancel' : 'Hang up'}
          </button></slot
        >
        <button part="button" type="button" ?disabled=${!this.localStream} @click=${this.handleMic}>${this.client?.room.isMuted('audio') ? 'Unmute mic' : 'Mute mic'}</button>
        <button part="button" type="button" ?disabled=${!this.localStream} @click=${this.handleCamera}>${this.client?.room.isMuted('video') ? 'Camera on' : 'Camera off'}</button>
        <button part="button" type="button" @click=${this.handleLeave}>Sign out</button>
      </div>
      <ul part="members" aria-label="Members" ?hidden=${!inRoom}>
        ${this.members.map(
          (m) => html`<li data-member-id=${m.memberId}>
            ${m.displayName}
            <button part="button call-button" type="button" ?disabled=${this.state !== 'idle'} @click=${() => this.call(m.memberId)}>Call</button>
          </li>`,
        )}
      </ul>
      <p part="status" role="status" ?data-error=${Boolean(this.failure)}>
        ${stateText[this.state]}${this.state === 'idle' && this.lastEnd ? ` — last call: ${this.lastEnd}` : nothing}${this.failure ? ` — ${this.failure.code}: ${this.failure.message}` : nothing}
      </p>
    `;
  }
}
