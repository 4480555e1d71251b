import { css } from 'lit';
import { elementBase, themeTokens } from '../internal/theme.styles.js';

export default [
  themeTokens,
  elementBase,
  css`
    form,
    [part~='toolbar'],
    [part~='invite'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_spacing) / 2);
      margin: 0 0 var(--_spacing);
    }
    input {
      font: inherit;
      padding: 5px 8px;
      border-radius: calc(var(--_radius) / 2);
      border: 1px solid var(--_border);
      background: var(--_surface);
      color: var(--_text);
    }
    a {
      color: var(--_accent);
    }
    button:focus-visible,
    input:focus-visible,
    a:focus-visible,
    [tabindex]:focus-visible,
    ::slotted(:focus-visible) {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
    }
    [part~='leave-button'] {
      background: var(--_danger);
      border-color: var(--_danger);
    }
    [part~='members'] small {
      color: var(--_muted);
    }
    [part~='tiles'] {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(var(--gs-tile-width, 240px), 1fr));
      gap: calc(var(--_spacing) / 2);
    }
    [part~='tile'] {
      margin: 0;
      background: #000;
      color: #fff;
      border-radius: calc(var(--_radius) / 2);
      overflow: hidden;
    }
    [part~='tile'] video {
      display: block;
      width: 100%;
      aspect-ratio: 4 / 3;
      object-fit: contain;
      background: #000;
    }
    [part~='tile'] figcaption {
      padding: 2px 8px;
      font-size: 0.9em;
    }
    [part~='chat'] {
      margin-top: var(--_spacing);
    }
    [part~='chat-log'] {
      max-height: 12em;
      overflow: auto;
      margin: 0 0 6px;
      padding-left: 1.2em;
    }
    [part~='full'],
    [part~='status'][data-error] {
      color: var(--_danger);
    }
  `,
];
