import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { RoomElement } from '../internal/room-element.js';
import type { MessageOverrides } from '../i18n/localize.js';
import { callMessages, type MessageKey } from './messages.js';
import { roomFailure } from '../internal/room-text.js';
import { Code, type Result } from '../../protocol/index.js';
import { CallClient, type CallState } from '../../room/call-client.js';
import type { CallEnd } from '../../room/call.machine.js';
import { RING_TIMEOUT_MS } from '../../room/call.machine.js';
import { ICE_GRACE_MS } from '../../room/peer-link.machine.js';
import type { RoomMember } from '../../room/messages.js';
import type { RoomNotice } from '../../room/room-client.js';
import type { GsCallEndedDetail, GsCallResultDetail, GsCallStateDetail, GsIncomingCallDetail, GsVideoCallEventMap } from './gs-video-call.events.js';
import styles from './gs-video-call.styles.js';

export type { GsCallEndedDetail, GsCallResultDetail, GsCallStateDetail, GsIncomingCallDetail, GsVideoCallEventMap } from './gs-video-call.events.js';
import { srcObject } from '../internal/src-object.js';

/**
 * @summary A 1:1 video call (seeds 002 and 004): sign in to a lobby room with a login name, call another member,
 * who sees the incoming call and accepts or declines; then both see each other's camera; either side hangs up,
 * also while it still rings.
 *
 * Signalling is the server's gs-room-json room (docs/server.md "Rooms"): `call` messages (invite, ringing,
 * accept, decline, cancel, hangup, busy) travel `sendToRoom { to }`; the media link is one RTCPeerConnection with
 * perfect negotiation, opened only on accept. The call also ends when ICE stays disconnected or failed longer
 * than `ice-grace` ms, when the other leaves, or after `ring-timeout` ms unanswered. A call's end closes the link
 * and stops every local track; removing the element signs out (every track ended, the link closed, the server's
 * member gone). Every operation returns a Promise of `{ code, message }`: 200, 300 bad room name, 302 signalling
 * lost, 400 bad login, 408 no reply, 481 not signed in / no such member / nothing ringing, 486 lobby full,
 * 487 already in a call; each code ≥ 300 also fires `error`. Streams are bound with the srcObject directive, so a
 * render never restarts a playing `<video>`.
 * Text: every visible string comes from its own message table (`call.*` and `room.code.*` entries of
 * src/elements/gs-video-call/messages.{en,zh,ru}.ts) in the language of the `lang` attribute, else the closest ancestor's,
 * else `<html lang>`, else English, as `<gs-screen-share>`; `strings` overrides any entry. Keyboard: an incoming
 * call takes the focus to Accept (when the focus was on nothing else in the page, or in this element); Escape
 * declines a ringing call and cancels one you make; when a call ends the focus returns to that member's Call button.
 *
 * @slot accept-button - Replaces the Accept button of the incoming call prompt.
 * @slot decline-button - Replaces the Decline button of the incoming call prompt.
 * @slot hangup-button - Replaces the Hang up / Cancel button.
 *
 * @event {CustomEvent<GsIncomingCallDetail>} incoming-call - Someone calls you; answer with `detail.accept()` / `detail.decline()` or the prompt.
 * @event {CustomEvent<GsCallStateDetail>} state-change - The call state changed (`{ state, previous, peer, reason }`): offline, idle, outgoing, incoming, active; `reason` says how a call ended when `state` is idle.
 * @event {CustomEvent<GsCallEndedDetail>} call-ended - A call (ringing or active) ended; `reason` says how.
 * @event {CustomEvent<Result>} joined - You are in the lobby room (200), or why not (486 full, 302, 408…).
 * @event {CustomEvent<Result>} left - You left the lobby (200), or the signalling was lost (302).
 * @event {CustomEvent<Result>} error - Any operation that ended with a code ≥ 300 (`{ code, message }`; does not bubble).
 *
 * @csspart join - The sign-in form.
 * @csspart members - The list of members you can call.
 * @csspart call-button - Each member's Call button (`data-member-id` names the member).
 * @csspart incoming - The incoming call prompt.
 * @csspart outgoing - The "Calling…" row.
 * @csspart accept-button - The default Accept button.
 * @csspart decline-button - The default Decline button.
 * @csspart hangup-button - The default Hang up / Cancel button.
 * @csspart videos - The two videos of a call.
 * @csspart remote-video - The other side's camera.
 * @csspart local-video - Your own camera (muted).
 * @csspart toolbar - Hang up, mute and Sign out buttons.
 * @csspart sign-out-button - The Sign out button (→ `leave()`).
 * @csspart button - Every default button.
 * @csspart status - The status line.
 *
 * @cssproperty --gs-font-family - Font family. Default `system-ui, sans-serif`.
 * @cssproperty --gs-font-size - Font size. Default `14px`.
 * @cssproperty --gs-radius - Corner radius (videos and buttons use half of it). Default `8px`.
 * @cssproperty --gs-spacing - Padding and gaps. Default `12px`.
 * @cssproperty --gs-color-text - Text colour. Default `#1d2330` (dark scheme `#e8ebf2`).
 * @cssproperty --gs-color-background - Background colour. Default `#f6f7f9` (dark `#161a22`).
 * @cssproperty --gs-color-surface - Background of the call prompts and text boxes. Default `#ffffff` (dark `#202633`).
 * @cssproperty --gs-color-border - Border of the prompts and text boxes. Default `#c9cfda` (dark `#3a4356`).
 * @cssproperty --gs-color-muted - Secondary text. Default `#5b6474` (dark `#a3acbd`).
 * @cssproperty --gs-color-accent - Buttons. Default `#2456c9` (dark `#6c9cff`).
 * @cssproperty --gs-color-accent-text - Button text. Default `#ffffff` (dark `#0b1020`).
 * @cssproperty --gs-color-danger - Hang up / Decline and error text. Default `#b42323` (dark `#ff8080`).
 * @cssproperty --gs-color-focus - Focus ring. Default `#c25e00` (dark `#ffc266`).
 */
export class GsVideoCall extends RoomElement {
  static override styles = styles;
  protected static override messages = callMessages;

  /** How long a call rings before it ends as no-answer, in ms. */
  @property({ type: Number, attribute: 'ring-timeout' }) ringTimeout = RING_TIMEOUT_MS;

  /** How long ICE may stay disconnected/failed before the call ends (link-failed), in ms. */
  @property({ type: Number, attribute: 'ice-grace' }) iceGrace = ICE_GRACE_MS;

  /**
   * The host's own strings, over the shipped table of the language in use: any keys of
   * src/elements/gs-video-call/messages.en.ts, e.g. `{ 'call.button.call': 'Ring', 'call.end.no-answer': 'nobody picked up' }`.
   */
  @property({ attribute: false }) strings?: MessageOverrides<MessageKey>;

  /** The call state, reflected for CSS. Read-only. */
  @property({ reflect: true }) state: CallState = 'offline';

  private client: CallClient | null = null;

  private makeClient(): CallClient {
    return new CallClient({
      transport: (room) => this.transportFor(room),
      capacity: () => Number.MAX_SAFE_INTEGER,
      configuration: () => this.rtcConfiguration,
      codecs: () => this.codecChoice(),
      ringTimeoutMs: this.ringTimeout,
      iceGraceMs: this.iceGrace,
      onRoomNotice: (n) => this.roomNotice(n),
      onCall: (n) => {
        this.state = n.state;
        // A failure belongs to the step that made it: once the call moves on, the status line no longer shows it.
        this.failure = null;
        const peer = this.memberOf(n.peer);
        this.followFocus(n.state, n.previous, peer ?? this.lastPeer);
        this.emit<GsCallStateDetail>('state-change', { state: n.state, previous: n.previous, peer, reason: n.reason });
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

  /** Keeps a keyboard user's focus on the control that matters in the new state. */
  private followFocus(state: CallState, previous: CallState, peer: RoomMember | null): void {
    const active = document.activeElement;
    const focusHere = this.matches(':focus-within');
    if (state === 'incoming' && (focusHere || !active || active === document.body)) this.focusAfterRender = '[part~="accept-button"]';
    else if (!focusHere) return;
    else if (state === 'active' || state === 'outgoing') this.focusAfterRender = '[part~="hangup-button"]';
    else if (state === 'idle' && previous !== 'offline' && peer) this.focusAfterRender = `[part~="call-button"][data-member-id="${CSS.escape(peer.memberId)}"]`;
  }

  private memberOf(id: string | null): RoomMember | null {
    if (!id || !this.client) return null;
    const p = this.client.room.participants.find((m) => m.memberId === id);
    return p ? { memberId: p.memberId, displayName: p.displayName } : { memberId: id, displayName: '' };
  }

  private roomNotice(n: RoomNotice): void {
    if (n.type === 'state' && n.state === 'failed' && n.previous === 'joined') this.report('left', n.result ?? { code: Code.SOCKET_CLOSED, message: 'signalling lost' });
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

  constructor() {
    super();
    this.addEventListener('keydown', this.handleKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.client?.dispose();
    this.client = null;
  }

  /** Signs in to the lobby `room` as `userName`. 200, 300 bad room name, 400 bad name, 486 room full, 487, 302, 408. */
  async join(room = this.room, userName = this.userName): Promise<Result> {
    const problem = this.joinProblem(room, userName);
    if (problem) return this.report('error', problem);
    this.room = room;
    this.userName = userName;
    this.client?.dispose();
    this.client = this.makeClient();
    this.failure = null;
    const result = await this.client.room.join(room, userName);
    this.report('joined', result);
    this.requestUpdate();
    return result;
  }

  /** Leaves the lobby, hanging up any call. 200, 481 not signed in. */
  async leave(): Promise<Result> {
    if (!this.client) return this.report('error', { code: Code.NOT_IN_CALL, message: 'not in a room' });
    const result = await this.client.leave();
    this.report(result.code === Code.OK ? 'left' : 'error', result);
    this.requestUpdate();
    return result;
  }

  /** Calls member `memberId` (see `members`): resolves once the invite is sent (200, ringing there; `state-change` follows the call), 481 no such member / not signed in, 487 in a call. */
  async call(memberId: string): Promise<Result> {
    return this.report('error', this.client?.call(memberId) ?? { code: Code.NOT_IN_CALL, message: 'not in a room' });
  }

  /** Accepts the incoming call (the camera opens, then the link). 200, 481 nothing ringing. */
  async accept(): Promise<Result> {
    return this.report('error', this.client?.accept() ?? { code: Code.NOT_IN_CALL, message: 'no incoming call' });
  }

  /** Declines the incoming call. 200, 481 nothing ringing. */
  async decline(): Promise<Result> {
    return this.report('error', this.client?.decline() ?? { code: Code.NOT_IN_CALL, message: 'no incoming call' });
  }

  /** Hangs up, or cancels a call that still rings. 200, 481 no call. */
  async hangUp(): Promise<Result> {
    return this.report('error', this.client?.hangUp() ?? { code: Code.NOT_IN_CALL, message: 'no call' });
  }

  /** Mutes (true) or unmutes (false) your microphone (`audio`) or camera (`video`) in a call. 200, 106 no camera open (no call), 481 not signed in. */
  async setMuted(kind: 'audio' | 'video', muted: boolean): Promise<Result> {
    if (!this.client || this.state === 'offline') return this.report('error', { code: Code.NOT_IN_CALL, message: 'not in a room' });
    if (!this.client.room.setMuted(kind, muted)) return { code: Code.NO_STREAM, message: 'no camera open' };
    return { code: Code.OK, message: muted ? 'muted' : 'unmuted' };
  }

  /** Fires `name` (not for `error` alone) and, for a code ≥ 300, `error`; shows the failure. */
  private report(name: keyof GsVideoCallEventMap, result: Result): Result {
    if (name !== 'error') this.emit<GsCallResultDetail>(name, result);
    if (result.code >= 300) {
      this.failure = result;
      this.emit<GsCallResultDetail>('error', result, { bubbles: false });
    }
    return result;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.followFocusAfterRender();
  }

  private handleJoin = async (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    if ((await this.join(String(data.get('room') ?? ''), String(data.get('user') ?? ''))).code !== Code.OK) return;
    this.focusAfterRender = '[part~="call-button"], [part~="sign-out-button"]';
    this.requestUpdate();
  };
  private handleAccept = () => void this.accept();
  private handleDecline = () => void this.decline();
  private handleHangUp = () => void this.hangUp();
  private handleLeave = () => {
    this.focusAfterRender = 'input[name="user"]';
    void this.leave();
  };
  private handleMic = () => void this.setMuted('audio', !this.client?.room.isMuted('audio'));
  private handleCamera = () => void this.setMuted('video', !this.client?.room.isMuted('video'));
  /** Escape declines a ringing call, or cancels the one you make. */
  private handleKeydown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || (this.state !== 'incoming' && this.state !== 'outgoing')) return;
    e.preventDefault();
    void (this.state === 'incoming' ? this.decline() : this.hangUp());
  };

  override render() {
    const tr = this.translator;
    const t = tr.t.bind(tr);
    const inRoom = this.state !== 'offline';
    const peer = this.peer;
    const name = peer?.displayName || peer?.memberId || '';
    const muted = (kind: 'audio' | 'video') => this.client?.room.isMuted(kind) ?? false;
    return html`
      <form part="join" ?hidden=${inRoom} @submit=${this.handleJoin}>
        <label>${t('call.label.login')} <input name="user" .value=${this.userName} required maxlength="64" autocomplete="nickname" /></label>
        <label>${t('call.label.room')} <input name="room" .value=${this.room} required pattern="[A-Za-z0-9_\\-]{1,64}" /></label>
        <button part="button" type="submit">${t('call.button.signIn')}</button>
      </form>
      <div part="incoming" role="alertdialog" aria-label=${t('call.label.incoming')} aria-describedby="incoming-text" ?hidden=${this.state !== 'incoming'}>
        <span id="incoming-text">${t('call.incoming', { name })}</span>
        <slot name="accept-button" @click=${this.handleAccept}><button part="button accept-button" type="button">${t('call.button.accept')}</button></slot>
        <slot name="decline-button" @click=${this.handleDecline}><button part="button decline-button" type="button">${t('call.button.decline')}</button></slot>
      </div>
      <div part="outgoing" ?hidden=${this.state !== 'outgoing'}>
        <span>${t('call.outgoing', { name })}</span>
      </div>
      <div part="videos" ?hidden=${this.state !== 'active'}>
        <video part="remote-video" aria-label=${t('call.label.remoteVideo', { name })} autoplay playsinline ${srcObject(this.remoteStream)}></video>
        <video part="local-video" aria-label=${t('call.label.localVideo')} autoplay playsinline muted .muted=${true} ${srcObject(this.localStream)}></video>
      </div>
      <div part="toolbar" role="toolbar" aria-label=${t('call.label.toolbar')} ?hidden=${!inRoom}>
        <slot name="hangup-button" @click=${this.handleHangUp}
          ><button part="button hangup-button" type="button" ?disabled=${this.state !== 'active' && this.state !== 'outgoing'}>
            ${this.state === 'outgoing' ? t('call.button.cancel') : t('call.button.hangUp')}
          </button></slot
        >
        <button part="button" type="button" ?disabled=${!this.localStream} @click=${this.handleMic}>${muted('audio') ? t('call.button.unmuteMic') : t('call.button.muteMic')}</button>
        <button part="button" type="button" ?disabled=${!this.localStream} @click=${this.handleCamera}>${muted('video') ? t('call.button.cameraOn') : t('call.button.cameraOff')}</button>
        <button part="button sign-out-button" type="button" @click=${this.handleLeave}>${t('call.button.signOut')}</button>
      </div>
      <ul part="members" aria-label=${t('call.label.members')} ?hidden=${!inRoom}>
        ${repeat(
          this.members,
          (m) => m.memberId,
          (m) => html`<li data-member-id=${m.memberId}>
            ${m.displayName}
            <button
              part="button call-button"
              type="button"
              data-member-id=${m.memberId}
              aria-label=${t('call.label.callMember', { name: m.displayName })}
              ?disabled=${this.state !== 'idle'}
              @click=${() => void this.call(m.memberId)}
            >
              ${t('call.button.call')}
            </button>
          </li>`,
        )}
      </ul>
      <p part="status" role="status" ?data-error=${Boolean(this.failure)}>
        ${t(`call.state.${this.state}`)}${this.state === 'idle' && this.lastEnd ? ` — ${t('call.lastCall', { reason: t(`call.end.${this.lastEnd}`) })}` : nothing}${this.failure
          ? ` — ${roomFailure(tr, this.failure.code)}`
          : nothing}
      </p>
    `;
  }
}

/** `<gs-video-call>`'s `addEventListener` knows each of its events' `detail` (GsVideoCallEventMap). */
export interface GsVideoCall {
  addEventListener<K extends keyof GsVideoCallEventMap>(type: K, listener: (this: GsVideoCall, ev: GsVideoCallEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: GsVideoCall, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof GsVideoCallEventMap>(type: K, listener: (this: GsVideoCall, ev: GsVideoCallEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: GsVideoCall, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
