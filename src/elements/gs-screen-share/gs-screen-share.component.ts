import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { GsElement } from '../internal/gs-element.js';
import { SessionController } from '../internal/session-controller.js';
import { sessionContext } from '../internal/session-context.js';
import type { SessionClient, SessionNotice } from '../../session/session-client.js';
import type { Operation, PublicState, StreamLike } from '../../session/types.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../session/session.machine.js';
import { Code, describeCode, type Result } from '../../protocol/index.js';
import { statusText } from './status-text.js';
import { QualityError, displayMediaOptions, resolveQuality, type QualityPlan } from '../../session/quality.js';
import { renderMediaNotice, renderQualityMenu } from './quality-menu.js';
import { qualityText } from './quality-text.js';
import styles from './gs-screen-share.styles.js';

/** `detail` of `shareScreen`, `stopShareScreen`, `pauseShareScreen`, `hangup` and `error`. */
export interface GsResultDetail extends Result {
  /** The operation the result belongs to (`call`, `beginScreen`, `pausePresent`, `stopScreen`, `hangUp`), when there is one. */
  op?: Operation;
}

/** `detail` of `shareScreenRequest` and `stopShareScreenRequest`: answer the terminal, now or later. */
export interface GsRequestDetail extends Result {
  /** Agree: capture and share (shareScreenRequest) or stop sharing (stopShareScreenRequest). */
  accept(): void;
  /** Refuse: the terminal gets ctrlPresentationRet 403. */
  reject(): void;
}

/** `detail` of `quality-change`. */
export interface GsQualityChangeDetail {
  /** The plan now in force: preset, max width/height (px), min/max fps, kbps, contentHint, degradationPreference. */
  plan: QualityPlan;
  /** True when it was applied to a live share (applyConstraints + setParameters, no new offer/answer). */
  live: boolean;
}

/** `detail` of `audio-unavailable` and `camera-unavailable`. */
export interface GsMediaUnavailableDetail {
  /** Why, in words. */
  message: string;
}

/** `detail` of `state-change`. */
export interface GsStateChangeDetail {
  /** The new public state. */
  state: PublicState;
  /** The state before. */
  previous: PublicState;
}

/** The gsRTC registration fired when each page operation completes (seed 000 "注册事件说明"). */
const eventOfOperation: Partial<Record<Operation, string>> = {
  beginScreen: 'shareScreen',
  stopScreen: 'stopShareScreen',
  pausePresent: 'pauseShareScreen',
};

/**
 * @summary Shares this PC's screen over WebRTC to a conference terminal (a Grandstream "gs_phone" such as the
 * GVC3220, or `<gs-terminal>`) through the gs-webrtc-json protocol (PROTOCOL.md; seed 000, the gsRTC API).
 *
 * The element is a thin view over one session statechart (src/session/session.machine.ts). Each method returns a
 * Promise of `{ code, message }` with the protocol's codes: 200 success; 1xx duplicates (104 starting, 105
 * stopping, 106 no stream / repeated); 3xx local failures (300 invalid address, 301 no screen sharing in this
 * browser or insecure context, 302 WebSocket lost, 303 capture refused, 308 share timed out); the terminal's 4xx
 * (400, 403, 405, 408 also made locally when no reply comes in `request-timeout` ms, 481, 486, 487, 488, 489).
 * Removing the element from the page ends everything it started: socket, peer connection and capture.
 *
 * @slot call-button - Replaces the Call button. A click inside the slot calls `address`; `disabled` is set on the slotted element when calling is not possible.
 * @slot share-button - Replaces the Share screen button (→ `beginScreen()`).
 * @slot pause-button - Replaces the Pause/Resume button (→ `pausePresent(!paused)`).
 * @slot stop-button - Replaces the Stop sharing button (→ `stopScreen()`).
 * @slot hangup-button - Replaces the Hang up button (→ `hangUp()`).
 * @slot confirm-text - Replaces the text of the confirm prompt shown when the terminal asks this page to present.
 * @slot accept-button - Replaces the prompt's Share button (→ accept the terminal's request).
 * @slot decline-button - Replaces the prompt's Decline button (→ refuse, 403).
 *
 * @event {CustomEvent<GsResultDetail>} shareScreen - `beginScreen` completed (PROTOCOL.md "Page starts presenting"); `detail.code` is 200 or why it failed.
 * @event {CustomEvent<GsResultDetail>} stopShareScreen - The presentation stopped: `stopScreen()`, or the browser's own "Stop sharing" (ctrlPresentation(0) answered or timed out, 408).
 * @event {CustomEvent<GsResultDetail>} pauseShareScreen - `pausePresent` completed (local only, no signalling; 106 when nothing is presented).
 * @event {CustomEvent<GsResultDetail>} hangup - The call ended: 200 hung up (either side), 302 WebSocket lost, 408 no reply to destroyMediaSession, or the terminal's 5xx reason (501 replaced, 502 line needed).
 * @event {CustomEvent<GsRequestDetail>} shareScreenRequest - The terminal asks this page to present (ctrlPresentation(3), PROTOCOL.md "Terminal asks to present"). Cancelable: `preventDefault()` refuses (403). `detail.accept()` / `detail.reject()` answer at once (a kiosk can auto-accept); otherwise the built-in confirm prompt asks the user. No answer, or a capture, within `request-timeout` ms → 408 to the terminal and `shareScreen` with 308 here.
 * @event {CustomEvent<GsRequestDetail>} stopShareScreenRequest - The terminal asks this page to stop presenting (ctrlPresentation(2)). Cancelable: `preventDefault()` or `detail.reject()` refuses (403); by default the page stops and answers 200, then `stopShareScreen` fires.
 * @event {CustomEvent<GsResultDetail>} hangupRequest - The terminal hung up (destroyMediaSession(4)); `detail.code` is its reason (501 replaced by another browser, 502 line needed) or 200. `hangup` follows once everything is released.
 * @event {CustomEvent<GsResultDetail>} error - Any operation or call end whose code is 3xx, 4xx or 5xx. Listen on the element: like an `<img>`'s error it does not bubble, so it never reaches window's error handlers.
 * @event {CustomEvent<GsQualityChangeDetail>} quality-change - The share quality changed (`quality`, `max-width`, `max-height`, `max-fps`, `max-bitrate` or the quality menu); `detail.live` is true when it was applied to the share under way without renegotiation (issue 8). Bad values fire `error` with 400 instead and keep the last good plan.
 * @event {CustomEvent<GsMediaUnavailableDetail>} audio-unavailable - `share-audio` was asked for but the browser or platform gave no audio track; the share goes on without sound.
 * @event {CustomEvent<GsMediaUnavailableDetail>} camera-unavailable - `camera` was asked for but getUserMedia failed; the call goes on without it.
 * @event {CustomEvent<GsStateChangeDetail>} state-change - The public state changed: idle, calling, connected, presenting, paused, stopping, cancelling, hangingUp or failed.
 *
 * @csspart preview - The `<video>` showing your shared screen while presenting.
 * @csspart toolbar - The row of buttons.
 * @csspart button - Every default button.
 * @csspart call-button - The default Call button.
 * @csspart share-button - The default Share screen button.
 * @csspart pause-button - The default Pause/Resume button.
 * @csspart stop-button - The default Stop sharing button.
 * @csspart hangup-button - The default Hang up button.
 * @csspart confirm - The confirm prompt (a dialog) shown when the terminal asks this page to present.
 * @csspart confirm-text - The prompt's text.
 * @csspart accept-button - The prompt's default Share button.
 * @csspart decline-button - The prompt's default Decline button.
 * @csspart quality - The label around the quality menu.
 * @csspart quality-menu - The `<select>` of quality presets (text, balanced, motion).
 * @csspart media-notice - The line saying that asked-for audio or camera could not be had.
 * @csspart status - The status line (state, and the last failure's code and message).
 *
 * @cssproperty --gs-font - Font shorthand of the element. Default `14px/1.4 system-ui, sans-serif`.
 * @cssproperty --gs-color - Text colour. Default `#1d2330`.
 * @cssproperty --gs-background - Background colour. Default `#f6f7f9`.
 * @cssproperty --gs-radius - Corner radius of the element (buttons and preview use half). Default `8px`.
 * @cssproperty --gs-spacing - Padding and gaps. Default `12px`.
 * @cssproperty --gs-accent - Button colour. Default `#2f6fed`.
 * @cssproperty --gs-accent-text - Button text colour. Default `#fff`.
 * @cssproperty --gs-danger - Hang-up button and error text colour. Default `#d93636`.
 * @cssproperty --gs-focus - Keyboard focus ring colour. Default `#f5a623`.
 * @cssproperty --gs-prompt-background - Background of the confirm prompt. Default `#fff`.
 */
export class GsScreenShare extends GsElement {
  static override styles = styles;

  /** The terminal's WebSocket address, e.g. `ws://HOST:PORT/terminals/<id>` on our server or `ws://192.168.131.172:10200` on a device (PROTOCOL.md "Transport"). */
  @property() address = '';

  /** The userName sent in every request; identifies this browser to the terminal (PROTOCOL.md "Body fields"). */
  @property({ attribute: 'user-name' }) userName = 'webRTC_Client';

  /** How long to wait for the terminal's reply to any request, in ms; then the request ends with 408 (308 when opening the share). */
  @property({ type: Number, attribute: 'request-timeout' }) requestTimeout = DEFAULT_REQUEST_TIMEOUT_MS;

  /** Maximum video bitrate in kbps (b=AS and b=TIAS on the video m-lines, and the slides sender's maxBitrate); 0 = the browser's default. */
  @property({ type: Number, attribute: 'max-bitrate' }) maxBitrate = 0;

  /**
   * Trickle ICE: send the offer at once and each ICE candidate after it in updateCandidate, instead of complete SDP.
   * Off by default, because the original library and real terminals exchange complete SDP; candidates the
   * terminal trickles are always accepted (buffered until its answer is applied).
   */
  @property({ type: Boolean, attribute: 'trickle-ice' }) trickleIce = false;

  /**
   * RTCPeerConnection configuration for the next call: ICE servers (e.g. TURN credentials from the server's
   * `/turn-credentials`), `iceTransportPolicy: 'relay'`, bundle policy. Undefined = the browser's defaults.
   */
  @property({ attribute: false }) rtcConfiguration?: RTCConfiguration;

  /**
   * Share quality preset (src/session/quality.ts): `text` (default: sharp text, contentHint `detail`,
   * `maintain-resolution`, 1080p max, 5–15 fps, 1500 kbps), `balanced` (1080p, 30 fps, 2500 kbps) or `motion`
   * (video: contentHint `motion`, `maintain-framerate`, 720p, 30–60 fps, 2500 kbps). It drives getDisplayMedia
   * constraints, the slides sender's encodings and b=AS/b=TIAS; a change while presenting applies at once
   * without renegotiation. An unknown name fires `error` with 400.
   */
  @property() quality = 'text';

  /** Largest width sent, in px; 0 = the preset's. Negative or non-numeric → `error` 400. */
  @property({ type: Number, attribute: 'max-width' }) maxWidth = 0;

  /** Largest height sent, in px; 0 = the preset's. */
  @property({ type: Number, attribute: 'max-height' }) maxHeight = 0;

  /** Highest frame rate, in fps; 0 = the preset's. */
  @property({ type: Number, attribute: 'max-fps' }) maxFps = 0;

  /**
   * Share tab / system audio: getDisplayMedia is asked for audio (systemAudio, suppressLocalAudioPlayback,
   * restrictOwnAudio) and it goes on the audio m-line (mid 0) to the terminal. Without an audio track from the
   * browser the share goes on and `audio-unavailable` fires. Read when a share starts.
   */
  @property({ type: Boolean, attribute: 'share-audio' }) shareAudio = false;

  /**
   * Send your camera beside the screen: a getUserMedia track on the main m-line (mid 1, a=content:main) from the
   * call's first offer, the screen staying on slides (mid 2). Read when a call starts; `camera-unavailable` when it fails.
   */
  @property({ type: Boolean }) camera = false;

  /** Show the quality menu. */
  @property({ type: Boolean, attribute: 'quality-menu' }) qualityMenu = false;

  /** The share quality plan in force (the last good one). Read-only. */
  get qualityPlan(): QualityPlan {
    return this.plan;
  }

  private plan: QualityPlan = resolveQuality();
  /** What asked-for media could not be had, for the media notice. */
  private mediaNotices: string[] = [];

  /** The public state, reflected for CSS (`gs-screen-share[state='presenting']`). Read-only. */
  @property({ reflect: true }) state: PublicState = 'idle';

  private lastFailure: Result | null = null;

  private readonly session = new SessionController(this, {
    input: () => ({
      userName: this.userName,
      requestTimeoutMs: this.requestTimeout,
      maxBitrateKbps: this.plan.kbps,
      trickleIce: this.trickleIce,
    }),
    onNotice: (notice) => this.handleNotice(notice),
    configuration: () => this.rtcConfiguration,
    captureConstraints: () => displayMediaOptions(this.plan, { audio: this.shareAudio }),
    media: () => ({ quality: this.plan, camera: this.camera, onUnavailable: () => this.noteUnavailable('camera-unavailable', qualityText.cameraUnavailable) }),
  });

  /** The session, shared with descendants through @lit/context (src/elements/internal/session-context.ts). */
  @provide({ context: sessionContext }) protected sessionForChildren?: SessionClient;

  /** Your captured screen while presenting, else null. Its tracks are stopped when the presentation or call ends. */
  get localStream(): MediaStream | null {
    return (this.session.client?.actor.getSnapshot().context.capture as unknown as MediaStream | null) ?? null;
  }

  /** The current call's RTCPeerConnection (for getStats), else null. Closed when the call ends. */
  get peerConnection(): RTCPeerConnection | null {
    return this.session.connection;
  }

  /**
   * Calls the terminal: opens the WebSocket, sends createMediaSession with the offer, applies the answer
   * (PROTOCOL.md "Call"). Resolves 200 when connected; 300 invalid address, 302 socket closed, 408 no answer,
   * 487 already in a call, 488 bad answer SDP, or the terminal's 4xx (486 no free line).
   * @param address - The terminal's address; defaults to the `address` attribute.
   */
  call(address: string = this.address): Promise<Result> {
    // Settings assigned just before call() reach the session in willUpdate, a microtask later: send them now.
    this.updateQuality();
    this.configureSession();
    return this.request('call', { type: 'CALL', url: address, userName: this.userName });
  }

  /**
   * Starts presenting: capture the screen, ctrlPresentation(1), then updateMediaSession with the slides m-line
   * (PROTOCOL.md "Page starts presenting"). Resolves 200; 301 no getDisplayMedia or insecure context, 303 capture
   * refused, 308 no ctrlPresentationRet in time, 104 already starting, 106 already presenting, 481 not in a call,
   * 489 cancelled, or the terminal's 4xx.
   */
  beginScreen(): Promise<Result> {
    return this.request('beginScreen', { type: 'BEGIN_SCREEN' });
  }

  /**
   * Pauses (`isMute` true) or resumes (false) the presentation: the slides track is disabled and its encoding
   * made inactive, with no signalling (PROTOCOL.md "Pause / resume"). Resolves 200; 106 when nothing is presented
   * or already in that state, 104 while starting, 481 not in a call.
   */
  pausePresent(isMute: boolean): Promise<Result> {
    return this.request('pausePresent', { type: 'PAUSE', mute: Boolean(isMute) });
  }

  /**
   * Stops presenting: the slides track leaves the sender and the capture is stopped, then ctrlPresentation(0)
   * (PROTOCOL.md "Page stops presenting"; no renegotiation). Resolves with the terminal's code (200), 408 without
   * a reply, 105 already stopping, 106 nothing presented, 481 not in a call.
   */
  stopScreen(): Promise<Result> {
    return this.request('stopScreen', { type: 'STOP_SCREEN' });
  }

  /**
   * Hangs up: destroyMediaSession, then the peer connection and socket are closed and every track stopped
   * (PROTOCOL.md "Hang up"). Resolves with the terminal's code (200), 408 without a reply, 481 not in a call.
   */
  hangUp(): Promise<Result> {
    return this.request('hangUp', { type: 'HANG_UP' });
  }

  private request(op: Operation, event: Parameters<SessionClient['request']>[1]): Promise<Result> {
    const client = this.session.client;
    if (!client) return Promise.resolve({ code: Code.NOT_IN_CALL, message: 'The element is not connected to a document' });
    return client.request(op, event);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.sessionForChildren = this.session.client;
    const qualityChanged = ['quality', 'maxWidth', 'maxHeight', 'maxFps', 'maxBitrate'].some((k) => changed.has(k as keyof GsScreenShare));
    if (qualityChanged) this.updateQuality();
    if (changed.has('userName') || changed.has('requestTimeout') || qualityChanged || changed.has('trickleIce')) {
      this.configureSession();
    }
  }

  /** Resolves the quality settings; a bad one fires `error` 400 and keeps the last good plan; a live share is retuned. */
  private updateQuality(): void {
    let next: QualityPlan;
    try {
      next = resolveQuality({ preset: this.quality, maxWidth: this.maxWidth, maxHeight: this.maxHeight, maxFps: this.maxFps, maxKbps: this.maxBitrate });
    } catch (error) {
      if (!(error instanceof QualityError)) throw error;
      // call() re-reads the settings: the same bad setting is reported once.
      if (error.message === this.qualityError) return;
      this.qualityError = error.message;
      const failure = { code: error.code, message: `${describeCode(error.code)}: ${error.message}` };
      this.lastFailure = failure;
      this.emit<GsResultDetail>('error', failure, { bubbles: false });
      return;
    }
    this.qualityError = '';
    if (JSON.stringify(next) === JSON.stringify(this.plan)) return;
    this.plan = next;
    const live = this.state === 'presenting' || this.state === 'paused';
    if (live) {
      this.session.retune(next).catch((error: unknown) => {
        const failure = { code: Code.MEDIA_ERROR, message: `${describeCode(Code.MEDIA_ERROR)}: ${(error as Error)?.message ?? error}` };
        this.emit<GsResultDetail>('error', failure, { bubbles: false });
      });
    }
    this.emit<GsQualityChangeDetail>('quality-change', { plan: next, live });
  }

  /** The message of the bad quality setting last reported, '' when the settings are good. */
  private qualityError = '';

  private noteUnavailable(name: 'audio-unavailable' | 'camera-unavailable', message: string): void {
    this.mediaNotices = [...this.mediaNotices.filter((m) => m !== message), message];
    this.emit<GsMediaUnavailableDetail>(name, { message });
    this.requestUpdate();
  }

  private handlePickQuality = (preset: string) => {
    this.quality = preset;
  };

  private configureSession(): void {
    this.session.client?.configure({
      userName: this.userName,
      requestTimeoutMs: this.requestTimeout,
      maxBitrateKbps: this.plan.kbps,
      trickleIce: this.trickleIce,
    });
  }

  protected override updated(): void {
    // Slotted host buttons follow the same enabled states as the defaults.
    for (const slot of this.renderRoot.querySelectorAll<HTMLSlotElement>('slot[name]')) {
      const enabled = this.isEnabled(slot.name);
      for (const el of slot.assignedElements()) {
        if ('disabled' in el) (el as HTMLButtonElement).disabled = !enabled;
      }
    }
  }

  /** True while the built-in confirm prompt is shown. */
  private prompting = false;

  private handleRequest(kind: 'shareScreen' | 'stopShareScreen' | 'hangup', result: Result): void {
    if (kind === 'hangup') {
      this.emit<GsResultDetail>('hangupRequest', { ...result });
      return;
    }
    let answered = false;
    const answer = (accept: boolean) => {
      if (answered) return;
      answered = true;
      this.prompting = false;
      this.requestUpdate();
      this.session.client?.answer(accept);
    };
    const event = this.emit<GsRequestDetail>(
      `${kind}Request`,
      { ...result, accept: () => answer(true), reject: () => answer(false) },
      { cancelable: true },
    );
    if (answered) return;
    if (event.defaultPrevented) answer(false);
    else if (kind === 'stopShareScreen') answer(true);
    else {
      this.promptAnswer = answer;
      this.prompting = true;
      this.requestUpdate();
    }
  }

  private promptAnswer: (accept: boolean) => void = () => {};
  private handleAccept = () => this.promptAnswer(true);
  private handleDecline = () => this.promptAnswer(false);

  private handleNotice(notice: SessionNotice): void {
    if (notice.type === 'request') {
      this.handleRequest(notice.kind, notice.result);
      return;
    }
    if (notice.type === 'state') {
      // The prompt only makes sense while the terminal's ask is pending.
      if (notice.state !== 'asked') this.prompting = false;
      this.state = notice.state;
      if (notice.state === 'calling') {
        this.lastFailure = null;
        this.mediaNotices = [];
      }

      this.emit<GsStateChangeDetail>('state-change', { state: notice.state, previous: notice.previous });
      return;
    }
    const { result } = notice;
    const op = notice.type === 'result' ? notice.op : undefined;
    if (result.code >= 300) this.lastFailure = result;
    if (op === 'beginScreen' && result.code === Code.OK && this.shareAudio && !this.localStream?.getAudioTracks().length) {
      this.noteUnavailable('audio-unavailable', qualityText.audioUnavailable);
    }
    const name = notice.type === 'ended' ? 'hangup' : eventOfOperation[notice.op];
    if (name) this.emit<GsResultDetail>(name, { ...result, op });
    // Like an <img>'s `error`, ours does not bubble: a bubbling `error` would reach window's error handlers.
    if (result.code >= 300) this.emit<GsResultDetail>('error', { ...result, op }, { bubbles: false });
  }

  private isEnabled(slotName: string): boolean {
    switch (slotName) {
      case 'call-button':
        return this.state === 'idle' || this.state === 'failed';
      case 'share-button':
        return this.state === 'connected';
      case 'pause-button':
      case 'stop-button':
        return this.state === 'presenting' || this.state === 'paused';
      case 'hangup-button':
        return !['idle', 'failed', 'hangingUp'].includes(this.state);
      case 'accept-button':
      case 'decline-button':
        return this.prompting;
      default:
        return true;
    }
  }

  private handleCall = () => void this.call();
  private handleShare = () => void this.beginScreen();
  private handlePause = () => void this.pausePresent(this.state !== 'paused');
  private handleStop = () => void this.stopScreen();
  private handleHangUp = () => void this.hangUp();

  private renderButton(name: string, label: string, onClick: () => void) {
    return html`<slot name=${name} @click=${onClick}
      ><button part="button ${name}" type="button" ?disabled=${!this.isEnabled(name)}>${label}</button></slot
    >`;
  }

  override render() {
    const stream = this.localStream as StreamLike | null;
    const failure = this.lastFailure;
    return html`
      <video part="preview" muted autoplay playsinline .srcObject=${stream} ?hidden=${!stream}></video>
      <div part="toolbar" role="toolbar" aria-label="Screen sharing">
        ${this.renderButton('call-button', 'Call', this.handleCall)}
        ${this.renderButton('share-button', 'Share screen', this.handleShare)}
        ${this.renderButton('pause-button', this.state === 'paused' ? 'Resume' : 'Pause', this.handlePause)}
        ${this.renderButton('stop-button', 'Stop sharing', this.handleStop)}
        ${this.renderButton('hangup-button', 'Hang up', this.handleHangUp)}
      </div>
      ${this.qualityMenu ? renderQualityMenu(this.plan.preset, this.handlePickQuality) : nothing}
      <div part="confirm" role="alertdialog" aria-labelledby="confirm-text" ?hidden=${!this.prompting}>
        <slot name="confirm-text"><p id="confirm-text" part="confirm-text">The terminal asks you to share your screen.</p></slot>
        <slot name="accept-button" @click=${this.handleAccept}><button part="button accept-button" type="button">Share</button></slot>
        <slot name="decline-button" @click=${this.handleDecline}><button part="button decline-button" type="button">Decline</button></slot>
      </div>
      ${renderMediaNotice(this.mediaNotices)}
      <p part="status" role="status" aria-live="polite" ?data-error=${Boolean(failure)}>
        ${statusText[this.state]}${failure ? html` — ${failure.code}: ${failure.message || describeCode(failure.code)}` : nothing}
      </p>
    `;
  }
}
