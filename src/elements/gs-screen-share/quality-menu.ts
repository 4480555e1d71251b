/** The quality menu of `<gs-screen-share>` and its media notice, as small render helpers (issue 8). */
import { html, nothing } from 'lit';
import { QUALITY_PRESETS } from '../../session/quality.js';
import { qualityText } from './quality-text.js';

/**
 * A `<select>` of the presets (part `quality-menu`, inside part `quality`). `current` is the preset shown;
 * `onPick` gets the chosen name.
 */
export function renderQualityMenu(current: string, onPick: (preset: string) => void) {
  const names = Object.keys(QUALITY_PRESETS) as (keyof typeof QUALITY_PRESETS)[];
  return html`<label part="quality"
    >${qualityText.menuLabel}
    <select part="quality-menu" .value=${current} @change=${(e: Event) => onPick((e.target as HTMLSelectElement).value)}>
      ${names.map((name) => html`<option value=${name} ?selected=${name === current}>${qualityText.presets[name]}</option>`)}
    </select></label
  >`;
}

/** The media notice (part `media-notice`): what an opt-in medium could not be had, or nothing. */
export function renderMediaNotice(notices: readonly string[]) {
  return notices.length ? html`<p part="media-notice" role="status">${notices.join(' · ')}</p>` : nothing;
}
