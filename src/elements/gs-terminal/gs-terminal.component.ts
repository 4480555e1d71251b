import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { GsElement } from '../internal/gs-element.js';
import { TerminalSession, type TerminalState } from '../../terminal/terminal-session.js';
import { deviceAddress } from '../../protocol/index.js';
import type { Result } from '../../protocol/index.js';
import styles from './gs-terminal.styles.js';

/**
 * @summary A conference terminal in a web page: the device ("gs_phone") side of gs-webrtc-json. It registers
 * with the signalling server as terminal `terminal-id`, answers a page's call and renegotiation, accepts
 * ctrlPresentation(1/0), and shows the page's slides (screen) stream while it is presented (PROTOCOL.md
 * "Actions", "Flows"). Its buttons ask the page to present (ctrlPresentation(3)), stop (2) or hang up (destroyMediaSession(4)).
 *
 * @event {CustomEvent<{ direction: 'in' | 'out'; text: string }>} terminal-frame - Every gs-webrtc-json frame the terminal receives or sends (keep-alives excluded), for logs and tests. Does not bubble.
 * @event {CustomEvent<{ state: string; presenting: boolean; userName: string | null }>} terminal-change - Fires when the line state (`offline`, `online`, `inCall`), the presentation or the caller changes.
 *
 * @csspart screen - The box holding the received presentation.
 * @csspart video - The `<video>` showing the page's slides stream.
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

  /** RTCPeerConnection configuration for calls (ICE servers, `iceTransportPolicy`); read when the terminal registers. */
  @property({ attribute: false }) rtcConfiguration?: RTCConfiguration;

  /** The line state, reflected: `offline`, `online` or `inCall`. Read-only. */
  @property({ reflect: true }) state: TerminalState = 'offline';

  /** Reflected while a presentation is on (ctrlPresentation(1) accepted). Read-only. */
  @property({ type: Boolean, reflect: true }) presenting = false;

  private session: TerminalSession | null = null;

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
    });
    session.addEventListener('frame', (event) => this.emit('terminal-frame', (event as CustomEvent).detail, { bubbles: false }));
    session.addEventListener('change', () => {
      this.state = session.state;
      this.presenting = session.presenting;
      this.emit('terminal-change', { state: session.state, presenting: session.presenting, userName: session.userName });
      this.requestUpdate();
    });
    this.session = session;
    session.start();
  }

  override render() {
    const s = this.session;
    const stream = this.presenting ? (s?.slidesStream ?? null) : null;
    const inCall = this.state === 'inCall';
    return html`
      <div part="screen">
        <video part="video" autoplay muted playsinline .srcObject=${stream} ?hidden=${!stream}></video>
        <div part="placeholder" ?hidden=${Boolean(stream)}>No presentation</div>
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
      <p part="status" role="status" aria-live="polite">
        Terminal ${this.terminalId || '(no id)'} · ${this.state === 'inCall' ? `in call with ${s?.userName ?? 'a page'}` : this.state}
        ${this.presenting ? ' · presentation on' : ''}${this.lastReply ? ` · ${this.lastReply}` : ''}
      </p>
    `;
  }
}
