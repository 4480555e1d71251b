import { css } from 'lit';
import { elementBase, themeTokens } from '../internal/theme.styles.js';

export default [
  themeTokens,
  elementBase,
  css`
    [part='preview'] {
      display: block;
      width: 100%;
      aspect-ratio: 16 / 9;
      /* Bounded, so the toolbar under it stays in view (a 16:9 preview of the full width would push it below a 1280×800 window's fold). */
      max-height: 45vh;
      background: #000;
      border-radius: calc(var(--_radius) / 2);
      object-fit: contain;
    }
    [part='toolbar'],
    [part='confirm-actions'] {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_spacing) / 2);
    }
    [part='toolbar'] {
      margin: var(--_spacing) 0;
    }
    button:focus-visible,
    ::slotted(:focus-visible) {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
    }
    [part~='hangup-button'] {
      background: var(--_danger);
      border-color: var(--_danger);
    }
    [part~='decline-button'],
    [part~='cancel-button'],
    [part~='preview-button'] {
      background: transparent;
      color: var(--_text);
      border-color: var(--_border);
    }
    [part='progress'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_spacing) / 2);
      margin-bottom: var(--_spacing);
    }
    [part='progress-hint'] {
      color: var(--_muted);
      flex: 1 1 100%;
    }
    [part='stats'] {
      margin-bottom: var(--_spacing);
    }
    [part='confirm'] {
      max-width: min(28rem, 90vw);
      padding: var(--_spacing);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      background: var(--_surface);
      color: var(--_text);
      font-family: var(--_font-family);
      font-size: var(--_font-size);
    }
    [part='confirm']::backdrop {
      background: rgb(0 0 0 / 0.4);
    }
    [part='confirm-title'] {
      margin: 0 0 calc(var(--_spacing) / 2);
      font-size: 1.15em;
    }
    [part='confirm-text'] {
      margin: 0 0 var(--_spacing);
    }
    [part='status'] {
      margin: 0;
    }
    [part='status'][data-error] {
      color: var(--_danger);
    }
  `,
];
