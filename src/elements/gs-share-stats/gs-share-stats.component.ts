import { html, nothing, svg, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { GsElement } from '../internal/gs-element.js';
import { sessionContext } from '../internal/session-context.js';
import { StatsController } from '../internal/stats-controller.js';
import type { GsStatsDetail } from '../internal/share-stats.js';

export type { GsStatsDetail } from '../internal/share-stats.js';
import type { SessionClient } from '../../session/session-client.js';
import { LocalizeController } from '../i18n/localize-controller.js';
import type { MessageOverrides } from '../i18n/localize.js';
import { statsMessages, type MessageKey } from './messages.js';
import styles from './gs-share-stats.styles.js';
import { Code, type Result } from '../../protocol/index.js';

/**
 * @summary Live statistics of the presentation being sent: outgoing resolution, frame rate, bitrate (kbps),
 * round-trip time (ms) and packet loss, read from getStats once every `interval` ms, with a sparkline of the bitrate.
 *
 * Place it inside `<gs-screen-share>` (or let `<gs-screen-share show-stats>` render one): it takes the session
 * from its closest `<gs-screen-share>` through @lit/context (src/elements/internal/session-context.ts), so it
 * needs no wiring. Figures come from W3C webrtc-stats: outbound-rtp (frameWidth × frameHeight, framesPerSecond,
 * bytesSent delta), remote-inbound-rtp (roundTripTime, packetsLost, fractionLost) or the selected candidate-pair's
 * currentRoundTripTime. When `deviceCap` is set (the terminal stated a limit in its first answer), a last row
 * shows it: "Device limit 1280×720 @ 30 fps". Text comes from the panel's own message table (`stats.*` keys,
 * src/elements/gs-share-stats/messages.{en,zh,ru}.ts), Chinese and Russian loaded on demand as `<gs-screen-share>`'s
 * (English until the table arrives).
 *
 * @event {CustomEvent<GsStatsDetail>} gs-share-stats-sample - Each new sample (does not bubble); `<gs-screen-share>`'s `stats` event carries the same figures.
 * @event {CustomEvent<Result>} error - `{ code: 400, message }` when `interval` is not a positive number of ms (1000 is used instead). Does not bubble.
 *
 * @csspart panel - The panel: a description list of the figures.
 * @csspart figure - Each figure (label and value).
 * @csspart device-limit - The figure of the device's limit (also `figure`), only when `deviceCap` is set.
 * @csspart label - Each figure's name.
 * @csspart value - Each figure's value with its unit.
 * @csspart sparkline - The inline SVG sparkline of the bitrate over the last samples.
 * @csspart empty - The line shown when no video is being sent.
 *
 * @cssproperty --gs-color-surface - Panel background. Default `#ffffff` (light) / `#202633` (dark).
 * @cssproperty --gs-color-border - Panel border. Default `#c9cfda` (light) / `#3a4356` (dark).
 * @cssproperty --gs-color-muted - Labels and units. Default `#5b6474` (light) / `#a3acbd` (dark).
 * @cssproperty --gs-color-accent - Sparkline stroke. Default `#2456c9` (light) / `#6c9cff` (dark).
 * @cssproperty --gs-radius - Corner radius (the panel uses half). Default `8px`.
 * @cssproperty --gs-spacing - Padding and gaps. Default `12px`.
 */
export class GsShareStats extends GsElement {
  static override styles = styles;

  /** Poll period in ms. Default 1000 (once a second). Zero, negative or not a number → `error` 400, and 1000 is used. */
  @property({ type: Number }) interval = 1000;

  /** The poll period in use: `interval` when it is a positive number, else 1000. */
  private get period(): number {
    return Number.isFinite(this.interval) && this.interval > 0 ? this.interval : 1000;
  }

  /**
   * The terminal's limit from the call's first answer, shown as the panel's last row: `width` × `height` in px
   * (from the H.264 level, DEVICE.md) and `fps` (its `a=framerate`, when stated). `<gs-screen-share>` sets it on
   * the panel it renders (its `qualityPlan.deviceCap`); unset → no row. The share is capped to it (the lower of the
   * preset's and the device's wins).
   */
  @property({ attribute: false }) deviceCap?: { width: number; height: number; fps?: number };

  /** The host's own strings over the shipped table (keys `stats.*` of its table, src/elements/gs-share-stats/messages.en.ts). */
  @property({ attribute: false }) strings?: MessageOverrides<MessageKey>;

  /** The session of the closest `<gs-screen-share>`, through @lit/context. */
  @consume({ context: sessionContext, subscribe: true })
  protected session?: SessionClient;

  private readonly localize = new LocalizeController(this, statsMessages, () => this.strings);
  private readonly sampler = new StatsController(this, {
    client: () => this.session,
    intervalMs: () => this.period,
    onSample: (stats) => this.emit<GsStatsDetail>('gs-share-stats-sample', stats, { bubbles: false }),
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('interval') && this.period !== this.interval) {
      const message = this.localize.translator.t('stats.error.interval', { value: String(this.interval) });
      this.emit<Result>('error', { code: Code.BAD_REQUEST, message }, { bubbles: false });
    }
  }

  /** The last sample, or null when no video is being sent. */
  get latest(): GsStatsDetail | null {
    return this.sampler.latest;
  }

  /**
   * Resolves once the panel has rendered in its language, waiting for that language's table when it is being
   * fetched (as `<gs-screen-share>`'s; localize-controller.ts `settled`).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    return this.localize.settled(await super.getUpdateComplete(), () => super.getUpdateComplete());
  }

  private renderSparkline(history: GsStatsDetail[]) {
    const width = 120;
    const height = 28;
    const max = Math.max(1, ...history.map((s) => s.kbps));
    const step = history.length > 1 ? width / (history.length - 1) : width;
    const points = history.map((s, i) => `${(i * step).toFixed(1)},${(height - (s.kbps / max) * (height - 2) - 1).toFixed(1)}`).join(' ');
    return html`<svg part="sparkline" viewBox="0 0 ${width} ${height}" width=${width} height=${height} aria-hidden="true" focusable="false">
      ${svg`<polyline points=${points} fill="none" stroke="currentColor" stroke-width="1.5" />`}
    </svg>`;
  }

  override render() {
    const t = this.localize.translator;
    const s = this.sampler.latest;
    if (!s && !this.sampler.sending) return html`<p part="empty">${t.t('stats.none')}</p>`;
    const figure = (label: string, value: string, part = 'figure') =>
      html`<div part=${part}><dt part="label">${label}</dt><dd part="value">${value}</dd></div>`;
    const cap = this.deviceCap;
    // While the first samples are read (the bitrate needs two), the figures show a dash.
    const dash = '–';
    return html`<dl part="panel" aria-label=${t.t('stats.label')}>
        ${figure(t.t('stats.resolution'), s ? `${s.width}×${s.height}` : dash)}
        ${figure(t.t('stats.fps'), s ? `${Math.round(s.fps)} ${t.t('stats.unitFps')}` : dash)}
        ${figure(t.t('stats.bitrate'), s ? `${s.kbps} ${t.t('stats.unitKbps')}` : dash)}
        ${figure(t.t('stats.rtt'), s && s.rttMs !== null ? `${s.rttMs} ${t.t('stats.unitMs')}` : dash)}
        ${figure(t.t('stats.loss'), s ? `${s.lossPercent}% (${s.packetsLost})` : dash)}
        ${cap
          ? figure(t.t('stats.deviceLimit'), `${cap.width}×${cap.height}${cap.fps ? ` @ ${cap.fps} ${t.t('stats.unitFps')}` : ''}`, 'figure device-limit')
          : nothing}
      </dl>
      ${this.sampler.history.length > 1 ? this.renderSparkline(this.sampler.history) : nothing}`;
  }
}

/** Every event `<gs-share-stats>` fires, with its detail. */
export interface GsShareStatsEventMap {
  'gs-share-stats-sample': CustomEvent<GsStatsDetail>;
  error: CustomEvent<Result>;
}

/** Typed listeners (GsShareStatsEventMap). */
export interface GsShareStats {
  addEventListener<K extends keyof GsShareStatsEventMap>(type: K, listener: (this: GsShareStats, ev: GsShareStatsEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof GsShareStatsEventMap>(type: K, listener: (this: GsShareStats, ev: GsShareStatsEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
