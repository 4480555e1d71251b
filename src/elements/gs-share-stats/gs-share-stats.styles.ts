import { css } from 'lit';
import { themeTokens } from '../internal/theme.styles.js';

export default [
  themeTokens,
  css`
    :host {
      display: block;
      color: var(--_text);
    }
    [part='panel'] {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_spacing) / 2) var(--_spacing);
      margin: 0;
      padding: calc(var(--_spacing) / 2) var(--_spacing);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
    }
    [part='figure'] {
      display: grid;
    }
    [part='label'] {
      color: var(--_muted);
      font-size: 0.85em;
    }
    [part='value'] {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    [part='sparkline'] {
      display: block;
      margin-top: calc(var(--_spacing) / 2);
      color: var(--_accent);
    }
    [part='empty'] {
      margin: 0;
      color: var(--_muted);
    }
  `,
];
