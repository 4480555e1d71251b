/** The quality menu of `<gs-screen-share>` and its media notice, as small render helpers. */
import { html, nothing } from 'lit';
import { QUALITY_PRESETS, type QualityPreset } from '../../session/quality.js';
import type { MessageKey } from './messages.js';

/** The message keys of the notices about opt-in media that could not be had. */
export type MediaNoticeKey = 'notice.audioUnavailable' | 'notice.cameraUnavailable';

/**
 * A `<select>` of the presets (part `quality-menu`, inside part `quality`). `current` is the preset shown;
 * `onPick` gets the chosen name; `t` words the label and the presets (src/elements/i18n).
 */
export function renderQualityMenu(current: string, onPick: (preset: string) => void, t: (key: MessageKey) => string) {
  const names = Object.keys(QUALITY_PRESETS) as QualityPreset[];
  return html`<label part="quality"
    >${t('quality.label')}
    <select part="quality-menu" .value=${current} @change=${(e: Event) => onPick((e.target as HTMLSelectElement).value)}>
      ${names.map((name) => html`<option value=${name} ?selected=${name === current}>${t(`quality.${name}`)}</option>`)}
    </select></label
  >`;
}

/** The media notice (part `media-notice`): what an opt-in medium could not be had, or nothing. */
export function renderMediaNotice(notices: readonly MediaNoticeKey[], t: (key: MessageKey) => string) {
  return notices.length ? html`<p part="media-notice" role="status">${notices.map((key) => t(key)).join(' · ')}</p>` : nothing;
}
