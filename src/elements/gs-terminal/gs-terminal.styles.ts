import { css } from 'lit';
import { elementBase, themeTokens } from '../internal/theme.styles.js';

export default [
  themeTokens,
  elementBase,
  css`
    [part='screen'] {
      position: relative;
      aspect-ratio: 16 / 9;
      /* The picture's own black: letterboxing, whatever the theme. */
      background: #000;
      border-radius: calc(var(--_radius) / 2);
      overflow: hidden;
    }
    [part~='large'] {
      width: 100%;
      height: 100%;
      object-fit: contain;
    }
    [part~='small'] {
      position: absolute;
      right: 8px;
      bottom: 8px;
      width: 25%;
      aspect-ratio: 16 / 9;
      object-fit: cover;
      border: 2px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      background: #000;
      z-index: 1;
    }
    [part='view-controls'] {
      position: absolute;
      top: 8px;
      right: 8px;
      display: flex;
      gap: 4px;
      z-index: 2;
    }
    [part='view-controls'] button {
      padding: 2px 8px;
      font-size: 12px;
    }
    [part='received'] {
      margin: var(--_spacing) 0 0;
      font-variant-numeric: tabular-nums;
      color: var(--_muted);
    }
    [part='placeholder'] {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      /* On the screen's black, in both schemes. */
      color: #c3c9d6;
    }
    [part='toolbar'] {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_spacing) / 2);
      margin-top: var(--_spacing);
    }
    button:focus-visible {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
    }
    [part~='hangup-button'] {
      background: var(--_danger);
      border-color: var(--_danger);
    }
    [part~='decline-button'] {
      background: transparent;
      color: var(--_text);
      border-color: var(--_border);
    }
    [part='status'] {
      margin: var(--_spacing) 0 0;
    }
  `,
];
