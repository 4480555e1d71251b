import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { GsElement } from '../internal/gs-element.js';
import type { AddListener, RemoveListener } from '../internal/typed-listeners.js';
import { TerminalSession, type TerminalState } from '../../terminal/terminal-session.js';
import { Code, TERMINAL_ID_PATTERN, deviceAddress, type Result } from '../../protocol/index.js';
import styles from './gs-terminal.styles.js';
import type { ReceivedStats } from '../../terminal/received-stats.js';
import { ReceivedController } from './received-controller.js';
import { sessionOptions } from './session-options.js';
import { toggleView, type ViewMode } from './view-toggle.js';
import { receivedLine } from './terminal-media-text.js';
import { srcObject } from '../internal/src-object.js';
import { LocalizeController } from '../i18n/localize-controller.js';
import type { MessageOverrides } from '../i18n/localize.js';
import { terminalMessages, type MessageKey } from './messages.js';
import type { GsTerminalEventMap, GsTerminalPresentationDetail, GsTerminalStateChangeDetail } from './gs-terminal.events.js';

export type * from './gs-terminal.events.js';

/**
 * @summary A conference terminal in a web page: the device ("gs_phone") side of gs-webrtc-json. It registers
 * with the signalling server as terminal `terminal-id`, answers a page's call and renegotiation, accepts
 * ctrlPresentation(1/0), and shows the page's slides (screen) stream while it is presented (PROTOCOL.md
 * "Actions", "Flows"). With the page's camera on the main m-line (mid 1) it shows both, screen large and camera
 * small, swappable; the page's audio (mid 0) plays through an `<audio>`. Fullscreen and picture-in-picture buttons
 * act on the view, and a line shows the received resolution, fps and kbps (getStats inbound-rtp, each second).
 * Its buttons ask the page to present (ctrlPresentation(3)), stop (2) or hang up (destroyMediaSession(4)).
 *
 * Every operation resolves `{ code, message }` (PROTOCOL.md "Codes"); every one ending with a code ≥ 300 also
 * fires `error`. Text comes from its own message table (`terminal.*` keys and the `code.*` sentences of replies,
 * src/elements/gs-terminal/messages.{en,zh,ru}.ts), in the language of its `lang`, else the closest ancestor's, else
 * `<html lang>`, else English; `strings` overrides any key; Chinese and Russian load on demand
 * (`updateComplete` waits for them). Removing the element hangs up, closes the peer connection and the socket.
 * The colours, font, radius and spacing are the shared `--gs-*` tokens (src/elements/internal/theme.styles.ts).
 *
 * @event {CustomEvent<GsTerminalStateChangeDetail>} state-change - The line state changed: `{ state, previous }`, each `offline` (no socket to the server), `online` (registered, no call) or `inCall`.
 * @event {CustomEvent<GsTerminalPresentationDetail>} presentation-change - The presentation started or stopped, a page's request to present is held or answered, or the caller changed: `{ presenting, requested, userName }`.
 * @event {CustomEvent<GsTerminalFrameDetail>} terminal-frame - Every gs-webrtc-json frame the terminal receives or sends (keep-alives excluded), `{ direction: 'in' | 'out', text }`, for logs and tests. Does not bubble.
 * @event {CustomEvent<Result>} error - `{ code, message }` of an operation that ended with a code ≥ 300 (the page's 403/405/408, 481 no call, 405 fullscreen or picture in picture unavailable), or of a bad setting: 300 `terminal-id` not 1–64 of `A-Z a-z 0-9 _ -` (nothing registers), 400 `cancel-reply-order` not `cancelFirst`/`ctrlFirst` (`cancelFirst` is used). Does not bubble.
 *
 * @csspart screen - The box holding the received presentation.
 * @csspart video - The `<video>` showing the page's slides stream.
 * @csspart camera - The `<video>` showing the page's camera (main m-line), small beside the screen unless swapped.
 * @csspart audio - The `<audio>` playing the page's audio (audio m-line).
 * @csspart large - Added to whichever of `video` / `camera` is shown large.
 * @csspart small - Added to whichever is shown small.
 * @csspart view-controls - The row of view buttons over the screen (swap, fullscreen, picture in picture).
 * @csspart swap-button - Swaps screen and camera (shown when both are received).
 * @csspart fullscreen-button - Puts the screen box in fullscreen (or leaves it).
 * @csspart pip-button - Shows the large video in picture in picture.
 * @csspart received - The received-media line: resolution (px), frame rate (fps) and bitrate (kbps) per medium.
 * @csspart placeholder - The "No presentation" text shown when nothing is presented.
 * @csspart toolbar - The row of request buttons.
 * @csspart button - Every button.
 * @csspart request-button - Asks the page to present (ctrlPresentation(3)).
 * @csspart request-stop-button - Asks the page to stop (ctrlPresentation(2)).
 * @csspart hangup-button - Hangs up (destroyMediaSession(4)).
 * @csspart accept-button - Accepts a page's held request to present (with `confirm-presentation`).
 * @csspart decline-button - Declines it (403).
 * @csspart status - The status line, a polite live region (terminal id, line state, caller, the last reply).
 *
 * @cssproperty --gs-font-family - Font family. Default `system-ui, sans-serif`.
 * @cssproperty --gs-font-size - Font size. Default `14px`.
 * @cssproperty --gs-radius - Corner radius (the screen box and buttons use half). Default `8px`.
 * @cssproperty --gs-spacing - Padding and gaps. Default `12px`.
 * @cssproperty --gs-color-text - Text colour. Default `#1d2330` (light) / `#e8ebf2` (dark).
 * @cssproperty --gs-color-background - Background colour. Default `#f6f7f9` (light) / `#161a22` (dark).
 * @cssproperty --gs-color-border - Border of the small video. Default `#c9cfda` (light) / `#3a4356` (dark).
 * @cssproperty --gs-color-muted - The received-media line. Default `#5b6474` (light) / `#a3acbd` (dark).
 * @cssproperty --gs-color-accent - Button colour. Default `#2456c9` (light) / `#6c9cff` (dark).
 * @cssproperty --gs-color-accent-text - Button text colour. Default `#ffffff` (light) / `#0b1020` (dark).
 * @cssproperty --gs-color-danger - Hang-up button. Default `#b42323` (light) / `#ff8080` (dark).
 * @cssproperty --gs-color-focus - Keyboard focus ring colour. Default `#c25e00` (light) / `#ffc266` (dark).
 */
export class GsTerminal extends GsElement {
  static override styles = styles;

  /** The terminal id this device registers under: pages call `ws://HOST:PORT/terminals/<id>`. 1–64 of `A-Z a-z 0-9 _ -`, else `error` 300. */
  @property({ attribute: 'terminal-id' }) terminalId = '';

  /** The signalling server's origin (`http(s)://` or `ws(s)://HOST:PORT`); defaults to this page's origin. */
  @property() server = '';

  /**
   * Trickle ICE: answer once the burst of host candidates is in the answer (at most 40 ms, `TRICKLE_HOLD_MS`), and
   * send the candidates it does not carry in updateCandidate (default: complete SDP; PROTOCOL.md "updateCandidate",
   * src/protocol/trickle-gate.ts). Read when the terminal registers.
   */
  @property({ type: Boolean, attribute: 'trickle-ice' }) trickleIce = false;

  /** Hold a page's request to present until a person presses Accept or Decline here (a device asking its room first). */
  @property({ type: Boolean, attribute: 'confirm-presentation' }) confirmPresentation = false;

  /** When a held request to present is cancelled: which reply goes first, `cancelFirst` (default) or `ctrlFirst` (PROTOCOL.md "Cancel"); another value fires `error` 400. */
  @property({ attribute: 'cancel-reply-order' }) cancelReplyOrder: 'cancelFirst' | 'ctrlFirst' = 'cancelFirst';

  /**
   * How the terminal answers offers (DEVICE.md): `device` (default) as a GVC3220 — no BUNDLE group, H.264 Baseline
   * only at the level of `max-resolution`, `a=framerate`, `b=AS`/`b=TIAS`, opus/G.722/PCMU/PCMA, `a=content` echoed;
   * an offer without H.264 Baseline gets 488. `browser`: the browser's own answer, for browser-only use. Read when
   * the terminal registers.
   */
  @property() answer: 'device' | 'browser' = 'device';

  /**
   * The device's largest picture, `<width>x<height>` px, announced as the H.264 level of its answer (DEVICE.md:
   * 480x272 → 15, 640x360 → 16, 848x480 → 1e, 1280x720 → 1f, 1920x1080 → 28, 3840x2160 → 33). Any other value: 1920x1080.
   */
  @property({ attribute: 'max-resolution' }) maxResolution = '1920x1080';

  /** The device answer's `a=framerate`, fps (default 30). */
  @property({ type: Number, attribute: 'max-fps' }) maxFps = 30;

  /** The device answer's `b=AS` on video, kbps (`b=TIAS` = × 1000 bps; default 2048). */
  @property({ type: Number, attribute: 'max-bitrate' }) maxBitrate = 2048;

  /** RTCPeerConnection configuration for calls (ICE servers, `iceTransportPolicy`); read when the terminal registers. */
  @property({ attribute: false }) rtcConfiguration?: RTCConfiguration;

  /** The line state, reflected: `offline`, `online` or `inCall`. Read-only. */
  @property({ reflect: true }) state: TerminalState = 'offline';

  /** Reflected while a presentation is on (ctrlPresentation(1) accepted). Read-only. */
  @property({ type: Boolean, reflect: true }) presenting = false;

  /** Show the camera large and the screen small (the swap button toggles it). */
  @property({ type: Boolean, reflect: true }) swapped = false;

  /** The host's own strings over the shipped table: any key of its table, src/elements/gs-terminal/messages.en.ts (`terminal.*`, and the `code.*` sentences of replies). */
  @property({ attribute: false }) strings?: MessageOverrides<MessageKey>;

  private session: TerminalSession | null = null;
  private readonly localize = new LocalizeController(this, terminalMessages, () => this.strings);

  private readonly receivedStats = new ReceivedController(this, () => this.session);

  /** The last received-media reading (resolution, fps, kbps per medium), null without a call. Read-only. */
  get received(): ReceivedStats | null {
    return this.receivedStats.received;
  }

  /** The `<video>` that shows the page's camera (main m-line). */
  get cameraVideo(): HTMLVideoElement | null {
    return this.renderRoot.querySelector('video[part~="camera"]');
  }

  /** The `<audio>` that plays the page's audio (audio m-line). */
  get audio(): HTMLAudioElement | null {
    return this.renderRoot.querySelector('audio');
  }

  /** The page's camera stream (main m-line, mid 1), or null. */
  get cameraStream(): MediaStream | null {
    return this.session?.mainStream ?? null;
  }

  /** The page's audio stream (audio m-line, mid 0), or null. */
  get audioStream(): MediaStream | null {
    return this.session?.audioStream ?? null;
  }

  /** Swaps which of screen and camera is large (a view change: no signalling). */
  swapViews(): void {
    this.swapped = !this.swapped;
  }

  /** Puts the screen box in fullscreen, or leaves fullscreen. Resolves 200; 106 nothing is shown; 405 the browser refused (and `error`). */
  toggleFullscreen(): Promise<Result> {
    const target = this.renderRoot.querySelector<HTMLElement>('[part="screen"]');
    return this.view('terminal.button.fullscreen', { active: document.fullscreenElement, leave: () => document.exitFullscreen(), target, enter: (box) => box.requestFullscreen() });
  }

  /** Shows the large video in picture in picture (or leaves it). Resolves 200; 106 nothing is shown; 405 not available (and `error`). */
  togglePictureInPicture(): Promise<Result> {
    const target = this.renderRoot.querySelector<HTMLVideoElement>('video[part~="large"]');
    return this.view('terminal.button.pip', { active: document.pictureInPictureElement, leave: () => document.exitPictureInPicture(), target, enter: (v) => v.requestPictureInPicture() });
  }

  private async view<T>(action: MessageKey, mode: ViewMode<T>): Promise<Result> {
    // A screen or a camera is shown.
    const showing = Boolean((this.presenting && this.session?.slidesStream) || this.session?.mainStream);
    return this.note(action, await toggleView(this.localize.translator, action, mode, showing));
  }

  /** The current call's RTCPeerConnection (for getStats), or null. */
  get peerConnection(): RTCPeerConnection | null {
    return this.session?.connection ?? null;
  }

  /** The `<video>` that shows the presentation. */
  get video(): HTMLVideoElement | null {
    return this.renderRoot.querySelector('video');
  }

  /** True while a page's request to present waits for Accept / Decline (`confirm-presentation`). */
  get presentationRequested(): boolean {
    return this.session?.heldPresentation != null;
  }

  /** Accepts the page's held request to present (ctrlPresentationRet 200). Resolves 200; 481 no call; 106 no request is held. */
  acceptPresentation(): Promise<Result> {
    return this.answerHeld('terminal.button.accept', true);
  }

  /** Declines the page's held request to present (ctrlPresentationRet 403). Resolves 200; 481 no call; 106 no request is held. */
  declinePresentation(): Promise<Result> {
    return this.answerHeld('terminal.button.decline', false);
  }

  private answerHeld(action: MessageKey, accept: boolean): Promise<Result> {
    const session = this.session;
    let result: Result;
    if (!session || session.state !== 'inCall') result = { code: Code.NOT_IN_CALL, message: 'The user is not in the call' };
    else if (session.heldPresentation === null) result = { code: Code.NO_STREAM, message: 'No request to present is waiting' };
    else {
      if (accept) session.acceptPresentation();
      else session.declinePresentation();
      result = { code: Code.OK, message: 'OK' };
    }
    return Promise.resolve(this.note(action, result));
  }

  /** Asks the page to start presenting (ctrlPresentation(3)); resolves with the page's code (403 refused, 405 not supported, 408 no reply, 481 no call). */
  requestPresentation(): Promise<Result> {
    return this.noteReply('terminal.button.request', this.session?.requestPresentation());
  }

  /** Asks the page to stop presenting (ctrlPresentation(2)); resolves with the page's code (106 nothing presented, 403, 408, 481). */
  requestStopPresentation(): Promise<Result> {
    return this.noteReply('terminal.button.requestStop', this.session?.requestStopPresentation());
  }

  /** Hangs up the call (destroyMediaSession(4)), optionally with a 5xx reason: 501 replaced, 502 line needed. Resolves with the page's code (200; 408 no reply; 481 no call). */
  hangUp(reason?: number): Promise<Result> {
    return this.noteReply('terminal.button.hangUp', this.session?.hangUp(reason));
  }

  /** The answer to the last operation, shown in the status line. */
  private lastReply: { action: MessageKey; code: number } | null = null;

  private async noteReply(action: MessageKey, pending: Promise<Result> | undefined): Promise<Result> {
    return this.note(action, (await pending) ?? { code: Code.NOT_IN_CALL, message: 'The user is not in the call' });
  }

  /** Shows `result` on the status line and fires `error` for a code ≥ 300. */
  private note(action: MessageKey, result: Result): Result {
    this.lastReply = { action, code: result.code };
    this.requestUpdate();
    if (result.code >= 300) this.emit<Result>('error', { code: result.code, message: result.message }, { bubbles: false });
    return result;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.restart();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Closing the peer connection does not end the received tracks at once in Chromium: end them here, so
    // nothing this element showed or played stays live after it left the page.
    const s = this.session;
    const received = [s?.slidesStream, s?.mainStream, s?.audioStream].flatMap((stream) => stream?.getTracks() ?? []);
    s?.stop();
    for (const track of received) track.stop();
    this.session = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('cancelReplyOrder') && !['cancelFirst', 'ctrlFirst'].includes(this.cancelReplyOrder)) {
      const message = this.localize.translator.t('terminal.error.cancelOrder', { value: String(this.cancelReplyOrder) });
      this.emit<Result>('error', { code: Code.BAD_REQUEST, message }, { bubbles: false });
    }
    if ((changed.has('terminalId') || changed.has('server')) && this.isConnected && this.registeredAs !== this.registration()) this.restart();
  }

  /**
   * Resolves once the element has rendered in its language, waiting for that language's table when it is being
   * fetched (as `<gs-screen-share>`'s; localize-controller.ts `settled`).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    return this.localize.settled(await super.getUpdateComplete(), () => super.getUpdateComplete());
  }

  /** The server and id the running session registered with. */
  private registeredAs = '';

  private registration(): string {
    return `${this.server}|${this.terminalId}`;
  }

  private restart(): void {
    this.session?.stop();
    this.session = null;
    this.registeredAs = this.registration();
    if (!this.terminalId) return;
    if (!TERMINAL_ID_PATTERN.test(this.terminalId)) {
      const message = this.localize.translator.t('terminal.error.id', { id: this.terminalId });
      this.emit<Result>('error', { code: Code.INVALID_ADDRESS, message }, { bubbles: false });
      return;
    }
    const origin = this.server || globalThis.location?.origin;
    const session = new TerminalSession(sessionOptions(deviceAddress(origin, this.terminalId), this));
    session.addEventListener('frame', (event) => this.emit('terminal-frame', (event as CustomEvent).detail, { bubbles: false }));
    let presentation = '';
    session.addEventListener('change', () => {
      if (this.session !== session) return;
      const previous = this.state;
      this.state = session.state;
      this.presenting = session.presenting;
      if (previous !== session.state) this.emit<GsTerminalStateChangeDetail>('state-change', { state: session.state, previous });
      const detail: GsTerminalPresentationDetail = { presenting: session.presenting, requested: session.heldPresentation !== null, userName: session.userName };
      const key = JSON.stringify(detail);
      if (key !== presentation) {
        presentation = key;
        this.emit<GsTerminalPresentationDetail>('presentation-change', detail);
      }
      this.receivedStats.follow(this.state === 'inCall');
      this.requestUpdate();
    });
    this.session = session;
    session.start();
  }

  override render() {
    const t = this.localize.translator;
    const s = this.session;
    const stream = this.presenting ? (s?.slidesStream ?? null) : null;
    const camera = s?.mainStream ?? null;
    const inCall = this.state === 'inCall';
    // The camera is large when swapped or when there is no screen; the screen is large otherwise.
    const cameraLarge = Boolean(camera) && (this.swapped || !stream);
    const pip = Boolean((document as Document & { pictureInPictureEnabled?: boolean }).pictureInPictureEnabled);
    const state = inCall ? t.t('terminal.state.inCall', { user: s?.userName ?? t.t('terminal.someone') }) : t.t(`terminal.state.${this.state}`);
    const reply = this.lastReply;
    return html`
      <div part="screen">
        <video part="video ${cameraLarge ? 'small' : 'large'}" aria-label=${t.t('terminal.label.screen')} autoplay muted playsinline ${srcObject(stream)} ?hidden=${!stream}></video>
        <video part="camera ${cameraLarge ? 'large' : 'small'}" aria-label=${t.t('terminal.label.camera')} autoplay muted playsinline ${srcObject(camera)} ?hidden=${!camera}></video>
        <audio part="audio" autoplay ${srcObject(s?.audioStream ?? null)}></audio>
        <div part="placeholder" ?hidden=${Boolean(stream) || Boolean(camera)}>${t.t('terminal.placeholder')}</div>
        <div part="view-controls" role="group" aria-label=${t.t('terminal.label.viewControls')}>
          <button part="button swap-button" type="button" ?hidden=${!(stream && camera)} @click=${() => this.swapViews()}>${t.t('terminal.button.swap')}</button>
          <button part="button fullscreen-button" type="button" ?disabled=${!(stream || camera)} @click=${() => this.toggleFullscreen()}>
            ${t.t('terminal.button.fullscreen')}
          </button>
          <button part="button pip-button" type="button" ?disabled=${!pip || !(stream || camera)} @click=${() => this.togglePictureInPicture()}>
            ${t.t('terminal.button.pip')}
          </button>
        </div>
      </div>
      <div part="toolbar" role="toolbar" aria-label=${t.t('terminal.label.toolbar')}>
        <button part="button request-button" type="button" ?disabled=${!inCall || this.presenting} @click=${() => this.requestPresentation()}>
          ${t.t('terminal.button.request')}
        </button>
        <button part="button request-stop-button" type="button" ?disabled=${!inCall || !this.presenting} @click=${() => this.requestStopPresentation()}>
          ${t.t('terminal.button.requestStop')}
        </button>
        <button part="button hangup-button" type="button" ?disabled=${!inCall} @click=${() => this.hangUp()}>${t.t('terminal.button.hangUp')}</button>
        ${this.presentationRequested
          ? html`<button part="button accept-button" type="button" @click=${() => this.acceptPresentation()}>${t.t('terminal.button.accept')}</button>
              <button part="button decline-button" type="button" @click=${() => this.declinePresentation()}>${t.t('terminal.button.decline')}</button>`
          : ''}
      </div>
      <p part="received">${receivedLine(t, this.received)}</p>
      <p part="status" role="status" aria-live="polite">
        ${t.t('terminal.status', { id: this.terminalId || t.t('terminal.noId'), state })}${this.presenting ? ` · ${t.t('terminal.presenting')}` : ''}${this
          .presentationRequested
          ? ` · ${t.t('terminal.requested')}`
          : ''}${reply ? ` · ${t.t('terminal.reply', { action: t.t(reply.action), code: reply.code, text: t.codeText(reply.code) })}` : ''}
      </p>
    `;
  }
}

/** Typed listeners: a `state-change` listener on `<gs-terminal>` gets the terminal's detail (GsTerminalEventMap). */
export interface GsTerminal {
  addEventListener: AddListener<GsTerminal, GsTerminalEventMap>;
  removeEventListener: RemoveListener<GsTerminal, GsTerminalEventMap>;
}
