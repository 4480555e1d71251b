import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { GsElement } from '../internal/gs-element.js';
import { TerminalSession, type TerminalState } from '../../terminal/terminal-session.js';
import { deviceAddress } from '../../protocol/index.js';
import { isDeviceResolution } from '../../protocol/device-answer.js';
import type { Result } from '../../protocol/index.js';
import styles from './gs-terminal.styles.js';
import { readReceived, type ReceivedStats } from '../../terminal/received-stats.js';
import { receivedLine, terminalMediaText } from './terminal-media-text.js';
import { srcObject } from '../internal/src-object.js';

/**
 * @summary A conference terminal in a web page: the device ("gs_phone") side of gs-webrtc-json. It registers
 * with the signalling server as terminal `terminal-id`, answers a page's call and renegotiation, accepts
 * ctrlPresentation(1/0), and shows the page's slides (screen) stream while it is presented (PROTOCOL.md
 * "Actions", "Flows"). With the page's camera on the main m-line (mid 1) it shows both, screen large and camera
 * small, swappable; the page's audio (mid 0) plays through an `<audio>`. Fullscreen and picture-in-picture buttons
 * act on the view, and a line shows the received resolution, fps and kbps (getStats inbound-rtp, each second; issue 8).
 * Its buttons ask the page to present (ctrlPresentation(3)), stop (2) or hang up (destroyMediaSession(4)).
 *
 * @event {CustomEvent<{ direction: 'in' | 'out'; text: string }>} terminal-frame - Every gs-webrtc-json frame the terminal receives or sends (keep-alives excluded), for logs and tests. Does not bubble.
 * @event {CustomEvent<{ state: string; presenting: boolean; userName: string | null }>} terminal-change - Fires when the line state (`offline`, `online`, `inCall`), the presentation or the caller changes.
 *
 * @csspart screen - The box holding the received presentation.
 * @csspart video - The `<video>` showing the page's slides stream.
 * @csspart camera - The `<video>` showing the page's camera (main m-line), small beside the screen unless swapped.
 * @csspart large - Added to whichever of `video` / `camera` is shown large.
 * @csspart small - Added to whichever is shown small.
 * @csspart view-controls - The row of view buttons over the screen (swap, fullscreen, picture in picture).
 * @csspart swap-button - Swaps screen and camera (shown when both are received).
 * @csspart fullscreen-button - Puts the screen box in fullscreen (or leaves it).
 * @csspart pip-button - Shows the large video in picture in picture.
 * @csspart received - The received-media line: resolution (px), frame rate (fps) and bitrate (kbps) per medium.
 * @csspart placeholder - The "No presentation" text shown when nothing is presented.
 * @csspart toolbar - The row of request buttons.
 * @csspart button - Every request button.
 * @csspart accept-button - Accepts a page's held request to present (with `confirm-presentation`).
 * @csspart decline-button - Declines it (403).
 * @csspart status - The status line (terminal id, line state, caller).
 *
 * @cssproperty --gs-font - Font shorthand. Default `14px/1.4 system-ui, sans-serif`.
 * @cssproperty --gs-color - Text colour. Default `#e8ebf2`.
 * @cssproperty --gs-background - Background colour. Default `#10131a`.
 * @cssproperty --gs-radius - Corner radius. Default `8px`.
 * @cssproperty --gs-spacing - Padding and gaps. Default `12px`.
 * @cssproperty --gs-accent - Button colour. Default `#2f6fed`.
 */
export class GsTerminal extends GsElement {
  static override styles = styles;

  /** The terminal id this device registers under: pages call `ws://HOST:PORT/terminals/<id>`. */
  @property({ attribute: 'terminal-id' }) terminalId = '';

  /** The signalling server's origin (`http(s)://` or `ws(s)://HOST:PORT`); defaults to this page's origin. */
  @property() server = '';

  /** Trickle ICE: answer at once and send candidates in updateCandidate (default: complete SDP). Read when the terminal registers. */
  @property({ type: Boolean, attribute: 'trickle-ice' }) trickleIce = false;

  /** Hold a page's request to present until a person presses Accept or Decline here (a device asking its room first). */
  @property({ type: Boolean, attribute: 'confirm-presentation' }) confirmPresentation = false;

  /** When a held request to present is cancelled: which reply goes first, `cancelFirst` (default) or `ctrlFirst` (PROTOCOL.md "Cancel"). */
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

  private session: TerminalSession | null = null;

  /** The last received-media reading (resolution, fps, kbps per medium), null without a call. Read-only. */
  received: ReceivedStats | null = null;
  private statsTimer?: ReturnType<typeof setInterval>;

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

  /** Swaps which of screen and camera is large. */
  swapViews(): void {
    this.swapped = !this.swapped;
  }

  /** Puts the screen box in fullscreen, or leaves fullscreen. */
  async toggleFullscreen(): Promise<void> {
    const box = this.renderRoot.querySelector<HTMLElement>('[part="screen"]');
    if (!box) return;
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await box.requestFullscreen();
    } catch (error) {
      this.lastReply = `${terminalMediaText.fullscreen}: ${(error as Error)?.message ?? error}`;
    }
    this.requestUpdate();
  }

  /** Shows the large video in picture in picture (or leaves it). */
  async togglePictureInPicture(): Promise<void> {
    const large = this.renderRoot.querySelector<HTMLVideoElement>('video[part~="large"]');
    try {
      if (document.pictureInPictureElement) await document.exitPictureInPicture();
      else if (large) await large.requestPictureInPicture();
    } catch (error) {
      this.lastReply = `${terminalMediaText.pictureInPicture}: ${(error as Error)?.message ?? error}`;
    }
    this.requestUpdate();
  }

  private pollStats(): void {
    const pc = this.session?.connection;
    if (this.state !== 'inCall' || !pc) {
      clearInterval(this.statsTimer);
      this.statsTimer = undefined;
      this.received = null;
      return;
    }
    if (this.statsTimer) return;
    this.statsTimer = setInterval(async () => {
      const current = this.session?.connection;
      if (!current || current.connectionState === 'closed') return;
      this.received = await readReceived(current, this.session!.mediaMids, this.received ?? undefined);
      this.requestUpdate();
    }, 1000);
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

  /** Accepts the page's held request to present (ctrlPresentationRet 200). */
  acceptPresentation(): void {
    this.session?.acceptPresentation();
  }

  /** Declines the page's held request to present (ctrlPresentationRet 403). */
  declinePresentation(): void {
    this.session?.declinePresentation();
  }

  /** Asks the page to start presenting (ctrlPresentation(3)); resolves with the page's code (403 refused, 405 not supported, 408 no reply, 481 no call). */
  requestPresentation(): Promise<Result> {
    return this.noteReply('Request presentation', this.session?.requestPresentation());
  }

  /** Asks the page to stop presenting (ctrlPresentation(2)); resolves with the page's code. */
  requestStopPresentation(): Promise<Result> {
    return this.noteReply('Request stop', this.session?.requestStopPresentation());
  }

  /** Hangs up the call (destroyMediaSession(4)), optionally with a 5xx reason: 501 replaced, 502 line needed. */
  hangUp(reason?: number): Promise<Result> {
    return this.noteReply('Hang up', this.session?.hangUp(reason));
  }

  /** The page's answer to the last request, shown in the status line. */
  private lastReply = '';

  private async noteReply(what: string, pending: Promise<Result> | undefined): Promise<Result> {
    const result = (await pending) ?? { code: 481, message: 'The user is not in the call' };
    this.lastReply = `${what}: ${result.code} ${result.message}`;
    this.requestUpdate();
    return result;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.restart();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    this.session?.stop();
    this.session = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('terminalId') || changed.has('server')) && this.isConnected && this.registeredAs !== this.registration()) this.restart();
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
    const origin = this.server || globalThis.location?.origin;
    const session = new TerminalSession({
      url: deviceAddress(origin, this.terminalId),
      configuration: this.rtcConfiguration,
      trickleIce: this.trickleIce,
      confirmPresentation: this.confirmPresentation,
      cancelReplyOrder: this.cancelReplyOrder,
      answer: this.answer === 'browser' ? 'browser' : 'device',
      device: {
        maxResolution: isDeviceResolution(this.maxResolution) ? this.maxResolution : '1920x1080',
        framerate: this.maxFps > 0 ? this.maxFps : 30,
        maxBitrateKbps: this.maxBitrate > 0 ? this.maxBitrate : 2048,
      },
    });
    session.addEventListener('frame', (event) => this.emit('terminal-frame', (event as CustomEvent).detail, { bubbles: false }));
    session.addEventListener('change', () => {
      this.state = session.state;
      this.presenting = session.presenting;
      this.emit('terminal-change', { state: session.state, presenting: session.presenting, userName: session.userName });
      this.pollStats();
      this.requestUpdate();
    });
    this.session = session;
    session.start();
  }

  override render() {
    const s = this.session;
    const stream = this.presenting ? (s?.slidesStream ?? null) : null;
    const camera = s?.mainStream ?? null;
    const inCall = this.state === 'inCall';
    // The camera is large when swapped or when there is no screen; the screen is large otherwise.
    const cameraLarge = Boolean(camera) && (this.swapped || !stream);
    const pip = Boolean((document as Document & { pictureInPictureEnabled?: boolean }).pictureInPictureEnabled);
    return html`
      <div part="screen">
        <video part="video ${cameraLarge ? 'small' : 'large'}" autoplay muted playsinline ${srcObject(stream)} ?hidden=${!stream}></video>
        <video part="camera ${cameraLarge ? 'large' : 'small'}" autoplay muted playsinline ${srcObject(camera)} ?hidden=${!camera}></video>
        <audio part="audio" autoplay ${srcObject(s?.audioStream ?? null)}></audio>
        <div part="placeholder" ?hidden=${Boolean(stream) || Boolean(camera)}>No presentation</div>
        <div part="view-controls">
          <button part="button swap-button" type="button" ?hidden=${!(stream && camera)} @click=${() => this.swapViews()}>${terminalMediaText.swap}</button>
          <button part="button fullscreen-button" type="button" ?disabled=${!(stream || camera)} @click=${() => this.toggleFullscreen()}>
            ${terminalMediaText.fullscreen}
          </button>
          <button part="button pip-button" type="button" ?disabled=${!pip || !(stream || camera)} @click=${() => this.togglePictureInPicture()}>
            ${terminalMediaText.pictureInPicture}
          </button>
        </div>
      </div>
      <div part="toolbar" role="toolbar" aria-label="Terminal requests">
        <button part="button" type="button" ?disabled=${!inCall || this.presenting} @click=${() => this.requestPresentation()}>
          Request presentation
        </button>
        <button part="button" type="button" ?disabled=${!inCall || !this.presenting} @click=${() => this.requestStopPresentation()}>
          Request stop
        </button>
        <button part="button" type="button" ?disabled=${!inCall} @click=${() => this.hangUp()}>Hang up</button>
        ${this.presentationRequested
          ? html`<button part="button accept-button" type="button" @click=${() => this.acceptPresentation()}>Accept presentation</button>
              <button part="button decline-button" type="button" @click=${() => this.declinePresentation()}>Decline</button>`
          : ''}
      </div>
      <p part="received">${receivedLine(this.received)}</p>
      <p part="status" role="status" aria-live="polite">
        Terminal ${this.terminalId || '(no id)'} · ${this.state === 'inCall' ? `in call with ${s?.userName ?? 'a page'}` : this.state}
        ${this.presenting ? ' · presentation on' : ''}${this.lastReply ? ` · ${this.lastReply}` : ''}
      </p>
    `;
  }
}
