import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { GsElement } from '../internal/gs-element.js';
import type { AddListener, RemoveListener } from '../internal/typed-listeners.js';
import { sessionContext } from '../internal/session-context.js';
import type { SessionClient } from '../../session/session-client.js';
import type { PublicState } from '../../session/types.js';
import { DEFAULT_PRESENT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_SHARE_REQUEST_TIMEOUT_MS } from '../../session/session.machine.js';
import { Code, DEFAULT_USER_NAME, type Result } from '../../protocol/index.js';
import type { QualityPlan } from '../../session/quality.js';
import { QualityController } from './quality-controller.js';
import { IceServersController } from './ice-servers.js';
import { ShareSession } from './share-session.js';
import { LocalizeController } from '../i18n/localize-controller.js';
import type { MessageOverrides } from '../i18n/localize.js';
import { shareMessages, type MessageKey } from './messages.js';
import type { MessageKey as StatsMessageKey } from '../gs-share-stats/messages.js';
import { ProgressController } from '../internal/progress-controller.js';
import { StatsController } from '../internal/stats-controller.js';
import type { GsStatsDetail } from '../internal/share-stats.js';
import styles from './gs-screen-share.styles.js';
import { ConfirmPrompt } from './confirm-prompt.js';
import { ShareView } from './share-view.js';
import { ShareNotices } from './share-notices.js';
import { LazyModule } from '../internal/lazy-module.js';
import { loadStatsPanel } from './stats-panel.js';
import { PreviewStream } from '../internal/preview-stream.js';
import { PreviewPause } from './preview-pause.js';
import type { GsScreenShareEventMap } from './events.js';

export type { GsStatsDetail } from '../internal/share-stats.js';
export type { GsQualityChangeDetail } from './quality-controller.js';
export { eventAliases } from './events.js';
export type { GsMediaUnavailableDetail, GsRequestDetail, GsResultDetail, GsScreenShareEventMap, GsStateChangeDetail } from './events.js';

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
 * Text: every visible string comes from the element's own message table (src/elements/i18n/messages.{en,zh,ru}.ts;
 * its stats panel has its own, src/elements/gs-share-stats/messages.*.ts) in the language of the element's `lang`
 * attribute, else the closest ancestor's `lang`, else `<html lang>`, else English; `strings` overrides any entry.
 * A failure shows its code, a sentence and what to do next. English is bundled; the Chinese and Russian tables are
 * modules of their own (cdn/i18n/zh.js and ru.js, the stats panel's cdn/i18n/gs-share-stats.zh.js and .ru.js, next
 * to the entry) that the element imports the first time its language needs one: until it arrives the element
 * shows English, then re-renders (`updateComplete` waits for that). To have Chinese from the first paint, import
 * the tables and register them before the element renders (`import { zh } from './i18n/zh.js'; registerMessages('zh', zh)`,
 * `registerMessages` exported by the entry; src/elements/i18n/localize.ts); a table of a language of your own adds it.
 * Long steps (calling, the browser's capture picker, waiting for the terminal to accept) show the seconds spent
 * and, where the statechart can cancel them, a Cancel button (calling → hang up, 489; waiting for the terminal →
 * stop, 489). The browser's capture picker is modal and cannot be cancelled from the page: the hint says to use
 * its own Cancel (then 303).
 *
 * @slot call-button - Replaces the Call button (→ `call()`). `disabled` is set on a slotted element (or `aria-disabled` when it has no `disabled`) whenever the default button would be disabled; this holds for every button slot.
 * @slot share-button - Replaces the Share screen button (→ `beginScreen()`).
 * @slot pause-button - Replaces the Pause/Resume button (→ `pausePresent(!paused)`).
 * @slot stop-button - Replaces the Stop sharing button (→ `stopScreen()`).
 * @slot hangup-button - Replaces the Hang up button (→ `hangUp()`).
 * @slot cancel-button - Replaces the Cancel button of the progress line (calling → `hangUp()`, waiting for the terminal → `stopScreen()`).
 * @slot confirm-text - Replaces the text of the confirm prompt shown when the terminal asks this page to present.
 * @slot accept-button - Replaces the prompt's Share button (→ accept the terminal's request).
 * @slot decline-button - Replaces the prompt's Decline button (→ refuse, 403). Escape in the prompt declines too.
 *
 * @event {CustomEvent<GsResultDetail>} shareScreen - `beginScreen` completed (PROTOCOL.md "Page starts presenting"); `detail.code` is 200 or why it failed.
 * @event {CustomEvent<GsResultDetail>} stopShareScreen - The presentation stopped: `stopScreen()`, or the browser's own "Stop sharing" (ctrlPresentation(0) answered or timed out, 408).
 * @event {CustomEvent<GsResultDetail>} pauseShareScreen - `pausePresent` completed (local only, no signalling; 106 when nothing is presented).
 * @event {CustomEvent<GsResultDetail>} hangup - The call ended: 200 hung up (either side), 302 WebSocket lost, 408 no reply to destroyMediaSession, 488 the network path was lost and 3 ICE restarts through updateMediaSession failed (state `failed`; src/session/ice-restart.ts, DEVICE.md "Up to 3 ICE restarts"; a restart that succeeds changes nothing a host sees), or the terminal's 5xx reason (501 replaced, 502 line needed).
 * @event {CustomEvent<GsRequestDetail>} shareScreenRequest - The terminal asks this page to present (ctrlPresentation(3), PROTOCOL.md "Terminal asks to present"). Cancelable: `preventDefault()` refuses (403). `detail.accept()` / `detail.reject()` answer at once (a kiosk can auto-accept); otherwise the built-in confirm prompt asks the user. No answer, or a capture, within `request-timeout` ms → 408 to the terminal and `shareScreen` with 308 here.
 * @event {CustomEvent<GsRequestDetail>} stopShareScreenRequest - The terminal asks this page to stop presenting (ctrlPresentation(2)). Cancelable: `preventDefault()` or `detail.reject()` refuses (403); by default the page stops and answers 200, then `stopShareScreen` fires. A (2) with nothing presented, or repeated after its reply, is answered 106 and one while a stop is under way 105 (PROTOCOL.md "Flows": Duplicates), with no event.
 * @event {CustomEvent<GsResultDetail>} hangupRequest - The terminal hung up (destroyMediaSession(4)); `detail.code` is its reason (501 replaced by another browser, 502 line needed) or 200. `hangup` follows once everything is released.
 * @event {CustomEvent<GsResultDetail>} error - Any operation or call end whose code is 3xx, 4xx or 5xx. Listen on the element: like an `<img>`'s error it does not bubble, so it never reaches window's error handlers. Also 302 with no `op` when a piece loaded on demand (the stats panel, a chunk of its own) could not be fetched: the page goes on without it.
 * @event {CustomEvent<GsQualityChangeDetail>} quality-change - The share quality changed (`quality`, `max-width`, `max-height`, `max-fps`, `max-bitrate` or the quality menu); `detail.live` is true when it was applied to the share under way without renegotiation. Bad values fire `error` with 400 instead and keep the last good plan.
 * @event {CustomEvent<GsMediaUnavailableDetail>} audio-unavailable - `share-audio` was asked for but the browser or platform gave no audio track; the share goes on without sound.
 * @event {CustomEvent<GsMediaUnavailableDetail>} camera-unavailable - `camera` was asked for but getUserMedia failed; the call goes on without it.
 * @event {CustomEvent<GsStateChangeDetail>} state-change - The public state changed: idle, calling, connected, asked, presenting, paused, stopping, cancelling, hangingUp or failed.
 * @event {CustomEvent<GsResultDetail>} gs-share-screen - Alias of `shareScreen` for listener syntaxes that lower-case names (Vue in-DOM templates: `@gs-share-screen`). Likewise `gs-stop-share-screen`, `gs-pause-share-screen`, `gs-hangup`, `gs-hangup-request`.
 * @event {CustomEvent<GsRequestDetail>} gs-share-screen-request - Alias of `shareScreenRequest` (same detail; `preventDefault()` on either refuses). Likewise `gs-stop-share-screen-request`.
 * @event {CustomEvent<GsStatsDetail>} stats - Once every `stats-interval` ms while presenting or paused: `{ width, height (px), fps, kbps, rttMs (ms or null), packetsLost, lossPercent, timestamp (ms) }` of the outgoing presentation, from getStats (W3C webrtc-stats outbound-rtp / remote-inbound-rtp / candidate-pair). For hosts that draw their own panel.
 *
 * @csspart preview - The `<video>` showing your shared screen while presenting: 16:9, at most 45% of the viewport's height (so the toolbar stays in view), hidden with `hide-preview`. It shows a copy of the capture at most 640×360 px at 5 fps (the terminal still gets the preset's size and frame rate), paused on its last picture while nobody can see it (page hidden, scrolled out of view, `hide-preview`).
 * @csspart preview-button - The Hide preview / Show preview button, shown while there is a preview (toggles `hide-preview`).
 * @csspart toolbar - The row of buttons.
 * @csspart button - Every default button.
 * @csspart call-button - The default Call button.
 * @csspart share-button - The default Share screen button.
 * @csspart pause-button - The default Pause/Resume button.
 * @csspart stop-button - The default Stop sharing button.
 * @csspart hangup-button - The default Hang up button.
 * @csspart progress - The progress line shown during a long step (calling, capture picker, waiting for the terminal).
 * @csspart progress-text - The progress line's text, with the seconds spent.
 * @csspart progress-hint - The hint shown while the browser's capture picker is open (it cannot be cancelled from the page).
 * @csspart cancel-button - The progress line's default Cancel button.
 * @csspart confirm - The confirm prompt, a modal `<dialog>` shown when the terminal asks this page to present.
 * @csspart confirm-title - The prompt's heading.
 * @csspart confirm-text - The prompt's text.
 * @csspart confirm-actions - The row of the prompt's buttons.
 * @csspart accept-button - The prompt's default Share button.
 * @csspart decline-button - The prompt's default Decline button.
 * @csspart quality - The label around the quality menu.
 * @csspart quality-menu - The `<select>` of quality presets (text, balanced, motion).
 * @csspart media-notice - The line saying that asked-for audio or camera could not be had.
 * @csspart status - The status line, a polite live region (state, and the last failure's code, sentence and next step).
 * @csspart stats - The statistics panel (`<gs-share-stats>`), shown with the `show-stats` attribute; its own parts are exported as `stats-*`.
 *
 * @cssproperty --gs-font-family - Font family. Default `system-ui, sans-serif`.
 * @cssproperty --gs-font-size - Font size. Default `14px`.
 * @cssproperty --gs-radius - Corner radius of the element (buttons, preview and prompt use half). Default `8px`.
 * @cssproperty --gs-spacing - Padding and gaps. Default `12px`.
 * @cssproperty --gs-color-text - Text colour. Default `#1d2330` (light) / `#e8ebf2` (dark).
 * @cssproperty --gs-color-background - Background colour. Default `#f6f7f9` (light) / `#161a22` (dark).
 * @cssproperty --gs-color-surface - Background of the confirm prompt and the stats panel. Default `#ffffff` (light) / `#202633` (dark).
 * @cssproperty --gs-color-border - Border colour of the prompt and panels. Default `#c9cfda` (light) / `#3a4356` (dark).
 * @cssproperty --gs-color-muted - Secondary text (hints, units). Default `#5b6474` (light) / `#a3acbd` (dark).
 * @cssproperty --gs-color-accent - Button colour. Default `#2456c9` (light) / `#6c9cff` (dark).
 * @cssproperty --gs-color-accent-text - Button text colour. Default `#ffffff` (light) / `#0b1020` (dark).
 * @cssproperty --gs-color-danger - Hang-up button and error text colour. Default `#b42323` (light) / `#ff8080` (dark).
 * @cssproperty --gs-color-focus - Keyboard focus ring colour. Default `#c25e00` (light) / `#ffc266` (dark).
 */
export class GsScreenShare extends GsElement {
  static override styles = styles;

  /** The terminal's WebSocket address, e.g. `ws://HOST:PORT/terminals/<id>` on our server or `ws://192.168.131.172:10200` on a device (PROTOCOL.md "Transport"). */
  @property() address = '';

  /**
   * The userName sent in every request; identifies this browser to the terminal (PROTOCOL.md "Body fields").
   * Default `'webRTC_Client'` (`DEFAULT_USER_NAME`, the original gsRTC client's name, PROTOCOL.md).
   */
  @property({ attribute: 'user-name' }) userName: string = DEFAULT_USER_NAME;

  /** How long to wait for the terminal's reply to any request, in ms; then the request ends with 408 (308 when opening the share). */
  @property({ type: Number, attribute: 'request-timeout' }) requestTimeout: number = DEFAULT_REQUEST_TIMEOUT_MS;

  /**
   * How long ctrlPresentation(1) waits for the terminal's answer, in ms, as the original waits (35 s,
   * gsrtc_jsep.js:27; DEVICE.md "Waits"): a device shows its user a prompt. Then the page sends cancelRequest and
   * `beginScreen()` resolves 489.
   */
  @property({ type: Number, attribute: 'present-timeout' }) presentTimeout: number = DEFAULT_PRESENT_TIMEOUT_MS;

  /**
   * How long a terminal's ctrlPresentation(3) (it asks this page to present) may take to become a capture, in ms,
   * as the original allows (30 s, gsrtc_event.js:67-87): then it is answered 408 (PROTOCOL.md "Terminal asks to
   * present"; 3xx never go on the wire, though the original sent 308) and `shareScreen` says 308 here; a failed
   * capture is answered 303.
   */
  @property({ type: Number, attribute: 'share-request-timeout' }) shareRequestTimeout: number = DEFAULT_SHARE_REQUEST_TIMEOUT_MS;

  /**
   * What the terminal is: `device` (default: a GVC3220 or a terminal answering like one, DEVICE.md): H.264
   * Constrained Baseline (packetization-mode 1) first in the offer with VP8 behind it, `bundlePolicy: 'max-compat'`
   * whatever `rtcConfiguration` says (one transport per m-line, so an answer without BUNDLE works), slides offered
   * recvonly then sendrecv as the original does. `browser`: the browser's codec order and `rtcConfiguration`'s
   * bundle policy, slides inactive then sendonly. Either way the answer is repaired as the original repairs a
   * device's (src/protocol/answer-repair.ts) and the first answer's H.264 level and `a=framerate` cap the share
   * (see `qualityPlan`). Read when a call starts.
   */
  @property({ attribute: 'terminal-kind' }) terminalKind: 'device' | 'browser' = 'device';

  /** Maximum video bitrate in kbps (b=AS and b=TIAS on the video m-lines, and the slides sender's maxBitrate); 0 = the browser's default. */
  @property({ type: Number, attribute: 'max-bitrate' }) maxBitrate = 0;

  /**
   * Trickle ICE: send the offer as soon as the socket is open and the burst of host candidates is in it (at most
   * 40 ms, `TRICKLE_HOLD_MS`), and each later ICE candidate in updateCandidate (none the offer carries), instead of
   * complete SDP (PROTOCOL.md "updateCandidate"; src/protocol/trickle-gate.ts).
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
   * Where to fetch ICE servers before each call: a URL answering JSON `{ iceServers: RTCIceServer[] }`, such as the
   * signalling server's `GET /turn-credentials` (ephemeral TURN REST credentials, docs/server.md "TURN"). They are
   * added to `rtcConfiguration`'s for that call. When the fetch fails, `call()` resolves 302 (the server cannot be
   * reached) and no call is made. A fetch under way is aborted when this URL changes (the new URL is fetched, so a
   * call never uses the old URL's servers) and when the element is removed (`call()` then resolves 481). Empty =
   * none fetched.
   */
  @property({ attribute: 'ice-servers-url' }) iceServersUrl = '';

  /**
   * Share quality preset (src/session/quality.ts): `text` (default: sharp text, contentHint `detail`,
   * `maintain-resolution`, 1080p max, 5–15 fps, 1500 kbps), `balanced` (1080p, 30 fps, 2500 kbps) or `motion`
   * (video: contentHint `motion`, `maintain-framerate`, 720p, 30–60 fps, 2500 kbps). It drives getDisplayMedia
   * constraints, the slides sender's encodings, b=AS/b=TIAS, and the encoder's start bitrate (the preset's kbps,
   * at most 2500, as `x-google-start-bitrate` on the answer), so a share starts at its full size; a change while
   * presenting applies at once without renegotiation. An unknown name fires `error` with 400.
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

  /**
   * Hide the preview of your shared screen (part `preview`); the share goes on. Reflected; the Hide preview /
   * Show preview button (part `preview-button`) toggles it.
   */
  @property({ type: Boolean, reflect: true, attribute: 'hide-preview' }) hidePreview = false;

  /** Show the quality menu. */
  @property({ type: Boolean, attribute: 'quality-menu' }) qualityMenu = false;

  /**
   * The share quality plan in force (the last good one), capped by the device's capability from the call's first
   * answer (`deviceCap`: H.264 level → px, `a=framerate` → fps; the lower of the preset's and the device's wins;
   * DEVICE.md). Read-only.
   */
  get qualityPlan(): QualityPlan {
    return this.qualityControl.capped;
  }

  /** The public state, reflected for CSS (`gs-screen-share[state='presenting']`). Read-only. */
  @property({ reflect: true }) state: PublicState = 'idle';

  /**
   * The host's own strings, over the shipped table of the language in use: any keys of
   * src/elements/i18n/messages.en.ts, e.g. `{ 'button.call': 'Dial', 'code.486': 'All lines are busy.' }`, and the
   * `stats.*` keys of the stats panel it renders (src/elements/gs-share-stats/messages.en.ts).
   */
  @property({ attribute: false }) strings?: MessageOverrides<MessageKey | StatsMessageKey>;

  /** Period of the `stats` event and the stats panel, in ms, while presenting; 0 = no statistics are read. */
  @property({ type: Number, attribute: 'stats-interval' }) statsInterval = 1000;

  /** Shows the statistics panel (`<gs-share-stats>`, part `stats`) under the toolbar while presenting. */
  @property({ type: Boolean, attribute: 'show-stats' }) showStats = false;

  /** The session and the operations the public methods send (share-session.ts). */
  private readonly session = new ShareSession(this, {
    quality: () => this.qualityControl,
    iceServers: () => this.iceServers,
    notices: () => this.notices,
  });

  /** The quality settings' plan, the device's cap, the quality menu and `quality-change` (quality-controller.ts). */
  private readonly qualityControl: QualityController = new QualityController(this, {
    live: () => this.state === 'presenting' || this.state === 'paused',
    retune: (plan) => this.session.retune(plan),
    onInvalid: (failure) => (this.notices.lastFailure = failure),
    emit: (name, detail, options) => this.emit(name, detail, options),
  });

  /** The ICE servers of `ice-servers-url`, fetched before each call (ice-servers.ts). */
  private readonly iceServers = new IceServersController(this, () => this.iceServersUrl);

  private readonly localize = new LocalizeController(this, shareMessages, () => this.strings);
  private readonly progress = new ProgressController(this, () => this.session.client);
  private readonly stats = new StatsController(this, {
    client: () => this.session.client,
    intervalMs: () => this.statsInterval,
    onSample: (stats) => this.emit<GsStatsDetail>('stats', stats),
    // Only the `stats` event and lastStats: the panel (show-stats) samples and draws on its own.
    renders: false,
  });

  /** The preview's scaled-down clone of the capture (src/elements/internal/preview-stream.ts). */
  private readonly previewStream = new PreviewStream(this);
  /** Pauses the preview while nobody can see it (preview-pause.ts). */
  protected readonly previewPause = new PreviewPause(this, () => this.renderRoot?.querySelector<HTMLVideoElement>('video[part=preview]') ?? null);

  /** `<gs-share-stats>`, loaded the first time `show-stats` shows it (stats-panel.ts). */
  // A panel that cannot be fetched is `error` 302 with no `op`; the share goes on without it.
  private readonly statsPanel = new LazyModule(this, loadStatsPanel, (message) =>
    this.emit('error', { code: Code.SOCKET_CLOSED, message: `The stats panel could not be loaded: ${message}` }, { bubbles: false }),
  );

  /** The built-in confirm prompt, for the terminal's ask when no listener answers (confirm-prompt.ts). */
  private readonly prompt = new ConfirmPrompt(this);

  /** The session's notices → events, the answer to the terminal's request, the status line (share-notices.ts). */
  private readonly notices = new ShareNotices(this, {
    prompt: this.prompt,
    answer: (accept) => this.session.client?.answer(accept),
    t: (key) => this.localize.translator.t(key),
    emit: (name, detail, options) => this.emit(name, detail, options),
  });

  /** The template and the buttons' enabled states (share-view.ts). */
  private readonly view = new ShareView(this, {
    localize: this.localize,
    progress: this.progress,
    prompt: this.prompt,
    quality: this.qualityControl,
    previewStream: this.previewStream,
    statsPanel: this.statsPanel,
    failure: () => this.notices.lastFailure,
    mediaNotices: () => this.notices.mediaNotices,
  });

  /** The session, shared with descendants through @lit/context (src/elements/internal/session-context.ts). */
  @provide({ context: sessionContext }) protected sessionForChildren?: SessionClient;

  /** Your captured screen while presenting, else null. Its tracks are stopped when the presentation or call ends. */
  get localStream(): MediaStream | null {
    return (this.session.client?.actor.getSnapshot().context.capture as unknown as MediaStream | null) ?? null;
  }

  /** The last statistics sample of the outgoing presentation (as in the `stats` event), else null. */
  get lastStats(): GsStatsDetail | null {
    return this.stats.latest;
  }

  /** The current call's RTCPeerConnection (for getStats), else null. Closed when the call ends. */
  get peerConnection(): RTCPeerConnection | null {
    return this.session.connection;
  }

  /**
   * Calls the terminal: opens the WebSocket, sends createMediaSession with the offer, applies the answer
   * (PROTOCOL.md "Call"). Resolves 200 when connected; 300 invalid address, 302 socket closed (or the ICE servers
   * of `ice-servers-url` could not be fetched), 408 no answer, 481 the element was removed meanwhile, 487 already in
   * a call, 488 bad answer SDP, or the terminal's 4xx (486 no free line).
   * @param address - The terminal's address; defaults to the `address` attribute.
   */
  call(address: string = this.address): Promise<Result> {
    return this.session.call(address);
  }

  /**
   * Starts presenting: capture the screen, ctrlPresentation(1), then updateMediaSession with the slides m-line
   * (PROTOCOL.md "Page starts presenting"). Resolves 200; 301 no getDisplayMedia or insecure context, 303 capture
   * refused, 308 no ctrlPresentationRet in time, 104 already starting, 106 already presenting, 481 not in a call,
   * 489 cancelled, or the terminal's 4xx.
   */
  beginScreen(): Promise<Result> {
    return this.session.request('beginScreen', { type: 'BEGIN_SCREEN' });
  }

  /**
   * Pauses (`isMute` true) or resumes (false) the presentation: the slides track is disabled and its encoding
   * made inactive, with no signalling (PROTOCOL.md "Pause / resume"). Resolves 200; 106 when nothing is presented
   * or already in that state, 104 while starting, 481 not in a call.
   */
  pausePresent(isMute: boolean): Promise<Result> {
    return this.session.request('pausePresent', { type: 'PAUSE', mute: Boolean(isMute) });
  }

  /**
   * Stops presenting: the slides track leaves the sender and the capture is stopped, then ctrlPresentation(0)
   * (PROTOCOL.md "Page stops presenting"; no renegotiation). Resolves with the terminal's code (200), 408 without
   * a reply, 105 already stopping, 106 nothing presented, 481 not in a call.
   */
  stopScreen(): Promise<Result> {
    return this.session.request('stopScreen', { type: 'STOP_SCREEN' });
  }

  /**
   * Hangs up: destroyMediaSession, then the peer connection and socket are closed and every track stopped
   * (PROTOCOL.md "Hang up"). Resolves with the terminal's code (200), 408 without a reply, 481 not in a call.
   */
  hangUp(): Promise<Result> {
    return this.session.request('hangUp', { type: 'HANG_UP' });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.sessionForChildren = this.session.client;
    this.session.update(changed);
  }

  protected override updated(): void {
    this.view.syncSlots();
    this.prompt.sync();
  }

  /**
   * Resolves once the element has rendered in its language: after the update under way and, when its language's
   * table (Chinese, Russian) is being fetched, after the update the table's arrival makes (localize-controller.ts
   * `settled`). So `await el.updateComplete` (and @open-wc's `fixture`) sees the real Chinese or Russian text.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await this.localize.settled(await super.getUpdateComplete(), () => super.getUpdateComplete());
    // A piece loaded on demand that is on its way (the stats panel) renders once it is in.
    const piece = this.statsPanel.settled();
    return piece ? (await piece, super.getUpdateComplete()) : done;
  }

  override render() {
    return this.view.render();
  }
}

/** Typed listeners: a `state-change` listener on `<gs-screen-share>` gets the sharer's detail (GsScreenShareEventMap). */
export interface GsScreenShare {
  addEventListener: AddListener<GsScreenShare, GsScreenShareEventMap>;
  removeEventListener: RemoveListener<GsScreenShare, GsScreenShareEventMap>;
}
