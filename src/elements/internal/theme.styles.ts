/**
 * The design tokens of our elements: each public `--gs-*` custom property (documented with @cssproperty on the
 * elements) with its light default, and dark defaults under `prefers-color-scheme: dark`. Elements read only the
 * private `--_*` names, so a host that sets a public property wins in both schemes.
 */
import { css } from 'lit';

export const themeTokens = css`
  :host {
    --_font-family: var(--gs-font-family, system-ui, sans-serif);
    --_font-size: var(--gs-font-size, 14px);
    --_radius: var(--gs-radius, 8px);
    --_spacing: var(--gs-spacing, 12px);
    --_text: var(--gs-color-text, #1d2330);
    --_background: var(--gs-color-background, #f6f7f9);
    --_surface: var(--gs-color-surface, #ffffff);
    --_border: var(--gs-color-border, #c9cfda);
    --_muted: var(--gs-color-muted, #5b6474);
    --_accent: var(--gs-color-accent, #2456c9);
    --_accent-text: var(--gs-color-accent-text, #ffffff);
    --_danger: var(--gs-color-danger, #b42323);
    --_focus: var(--gs-color-focus, #c25e00);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--gs-color-text, #e8ebf2);
      --_background: var(--gs-color-background, #161a22);
      --_surface: var(--gs-color-surface, #202633);
      --_border: var(--gs-color-border, #3a4356);
      --_muted: var(--gs-color-muted, #a3acbd);
      --_accent: var(--gs-color-accent, #6c9cff);
      --_accent-text: var(--gs-color-accent-text, #0b1020);
      --_danger: var(--gs-color-danger, #ff8080);
      --_focus: var(--gs-color-focus, #ffc266);
    }
  }
`;

/**
 * The host box every element shares: the tokens' font, colours, radius and spacing on a block host, `hidden`
 * that wins over any display rule of the element's own, and the accent button (an element's parts restyle theirs).
 */
export const elementBase = css`
    [hidden] {
      display: none !important;
    }
    :host {
      display: block;
      font-family: var(--_font-family);
      font-size: var(--_font-size);
      line-height: 1.4;
      color: var(--_text);
      background: var(--_background);
      border-radius: var(--_radius);
      padding: var(--_spacing);
      box-sizing: border-box;
    }
    :host([hidden]) {
      display: none;
    }
    button {
      font: inherit;
      padding: 6px 14px;
      border-radius: calc(var(--_radius) / 2);
      border: 1px solid var(--_accent);
      background: var(--_accent);
      color: var(--_accent-text);
      cursor: pointer;
    }
    button:disabled {
      opacity: 0.45;
      cursor: not-allowed;
    }
`;
