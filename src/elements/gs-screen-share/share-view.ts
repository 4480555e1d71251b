/**
 * The template of `<gs-screen-share>`: the preview, the toolbar of buttons (each in its slot), the quality menu,
 * the progress line, the stats panel, the confirm prompt, the media notice and the status line; which buttons are
 * enabled in which state, for the default buttons and the host's slotted ones alike.
 */
import { html, nothing } from 'lit';
import type { Result } from '../../protocol/index.js';
import type { PublicState, StreamLike } from '../../session/types.js';
import type { LocalizeController } from '../i18n/localize-controller.js';
import type { MessageOverrides } from '../i18n/localize.js';
import type { MessageKey as StatsMessageKey } from '../gs-share-stats/messages.js';
import type { ProgressController } from '../internal/progress-controller.js';
import { DEFAULT_STATS_INTERVAL_MS } from '../internal/stats-controller.js';
import type { PreviewStream } from '../internal/preview-stream.js';
import { srcObject } from '../internal/src-object.js';
import type { ConfirmPrompt } from './confirm-prompt.js';
import type { QualityController } from './quality-controller.js';
import { renderMediaNotice, type MediaNoticeKey } from './quality-menu.js';
import type { MessageKey } from './messages.js';

/** The element's public side the view reads and drives (the public methods behind the buttons). */
export interface ShareViewHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly state: PublicState;
  hidePreview: boolean;
  readonly qualityMenu: boolean;
  readonly showStats: boolean;
  readonly statsInterval: number;
  readonly strings?: MessageOverrides<MessageKey | StatsMessageKey>;
  readonly localStream: MediaStream | null;
  call(): Promise<Result>;
  beginScreen(): Promise<Result>;
  pausePresent(isMute: boolean): Promise<Result>;
  stopScreen(): Promise<Result>;
  hangUp(): Promise<Result>;
}

/** The element's controllers the view shows, and what the status line and media notice say. */
export interface ShareViewParts {
  localize: LocalizeController<MessageKey>;
  progress: ProgressController;
  prompt: ConfirmPrompt;
  quality: QualityController;
  previewStream: PreviewStream;
  /** The stats panel's module, fetched the first time the panel shows (stats-panel.ts). */
  statsPanel: { need(): void };
  /** The last failure shown in the status line; `quality` is the reason of a bad quality setting (local 400). */
  failure: () => (Result & { quality?: string }) | null;
  /** What asked-for media could not be had. */
  mediaNotices: () => MediaNoticeKey[];
}

export class ShareView {
  constructor(
    private readonly host: ShareViewHost,
    private readonly parts: ShareViewParts,
  ) {}

  /** From the element's `updated()`: slotted host buttons follow the same enabled states as the defaults. */
  syncSlots(): void {
    for (const slot of this.host.renderRoot.querySelectorAll<HTMLSlotElement>('slot[name]')) {
      const enabled = this.isEnabled(slot.name);
      for (const el of slot.assignedElements()) {
        if ('disabled' in el) (el as HTMLButtonElement).disabled = !enabled;
        else if (enabled) el.removeAttribute('aria-disabled');
        else el.setAttribute('aria-disabled', 'true');
      }
    }
  }

  private isEnabled(slotName: string): boolean {
    const { state } = this.host;
    const { phase } = this.parts.progress;
    switch (slotName) {
      case 'call-button':
        return state === 'idle' || state === 'failed';
      case 'share-button':
        return state === 'connected';
      case 'pause-button':
        // Not while the presentation is still starting (the chart answers 104).
        return (state === 'presenting' || state === 'paused') && phase === null;
      case 'stop-button':
        // While starting, Stop cancels (489), except during the browser's capture picker (104).
        return (state === 'presenting' || state === 'paused') && phase !== 'capturing';
      case 'hangup-button':
        return !['idle', 'failed', 'hangingUp'].includes(state);
      case 'cancel-button':
        return phase === 'calling' || phase === 'requesting';
      case 'accept-button':
      case 'decline-button':
        return this.parts.prompt.open;
      default:
        return true;
    }
  }

  private readonly handleCall = () => void this.host.call();
  private readonly handleShare = () => void this.host.beginScreen();
  private readonly handlePause = () => void this.host.pausePresent(this.host.state !== 'paused');
  private readonly handleStop = () => void this.host.stopScreen();
  private readonly handleHangUp = () => void this.host.hangUp();
  private readonly handleTogglePreview = () => {
    this.host.hidePreview = !this.host.hidePreview;
  };

  /** Cancel the long step under way: hang up while calling, stop while waiting for the terminal (both end in 489). */
  private readonly handleCancel = () => {
    if (this.parts.progress.phase === 'calling') void this.host.hangUp();
    else if (this.parts.progress.phase === 'requesting') void this.host.stopScreen();
  };

  private renderButton(name: string, label: string, onClick: () => void) {
    return html`<slot name=${name} @click=${onClick}
      ><button part="button ${name}" type="button" ?disabled=${!this.isEnabled(name)}>${label}</button></slot
    >`;
  }

  private renderProgress(t: (key: MessageKey, values?: Record<string, string | number>) => string) {
    const phase = this.parts.progress.phase;
    return html`<div part="progress" role="group" aria-label=${t('label.progress')} ?hidden=${!phase}>
      <span part="progress-text">${phase ? t(`progress.${phase}`, { seconds: this.parts.progress.elapsedSeconds }) : nothing}</span>
      <span part="progress-hint" ?hidden=${phase !== 'capturing'}>${t('progress.capturingHint')}</span>
      ${this.renderButton('cancel-button', t('button.cancel'), this.handleCancel)}
    </div>`;
  }

  render() {
    const { host, parts } = this;
    const translator = parts.localize.translator;
    const t = translator.t.bind(translator);
    const stream = parts.previewStream.for(host.localStream) as StreamLike | null;
    const failure = parts.failure();
    return html`
      <video part="preview" aria-label=${t('label.preview')} muted autoplay playsinline ${srcObject(stream)} ?hidden=${!stream || host.hidePreview}></video>
      <div part="toolbar" role="toolbar" aria-label=${t('label.toolbar')}>
        ${this.renderButton('call-button', t('button.call'), this.handleCall)}
        ${this.renderButton('share-button', t('button.share'), this.handleShare)}
        ${this.renderButton('pause-button', host.state === 'paused' ? t('button.resume') : t('button.pause'), this.handlePause)}
        ${this.renderButton('stop-button', t('button.stop'), this.handleStop)}
        ${this.renderButton('hangup-button', t('button.hangUp'), this.handleHangUp)}
        <button part="button preview-button" type="button" ?hidden=${!stream} @click=${this.handleTogglePreview}>
          ${host.hidePreview ? t('button.showPreview') : t('button.hidePreview')}
        </button>
      </div>
      ${host.qualityMenu ? parts.quality.renderMenu(t) : nothing}
      ${this.renderProgress(t)}
      ${host.showStats && (host.state === 'presenting' || host.state === 'paused') && (parts.statsPanel.need(), true)
        ? html`<gs-share-stats part="stats" lang=${parts.localize.language} .strings=${host.strings} .deviceCap=${parts.quality.deviceCap}
            .interval=${host.statsInterval > 0 ? host.statsInterval : DEFAULT_STATS_INTERVAL_MS}
            exportparts="panel: stats-panel, figure: stats-figure, label: stats-label, value: stats-value, sparkline: stats-sparkline, empty: stats-empty, device-limit: stats-device-limit"
          ></gs-share-stats>`
        : nothing}
      ${parts.prompt.render(t)}
      ${renderMediaNotice(parts.mediaNotices(), t)}
      <p part="status" role="status" aria-live="polite" ?data-error=${Boolean(failure)}>
        ${t(`state.${host.state}`)}${failure
          ? html` — ${failure.quality ? t('failure.quality', { code: failure.code, reason: failure.quality }) : translator.failure(failure.code)}`
          : nothing}
      </p>
    `;
  }
}
