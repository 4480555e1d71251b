import { css } from 'lit';

export default css`
  [hidden] {
    display: none !important;
  }
  :host {
    display: block;
    font: var(--gs-font, 14px/1.4 system-ui, sans-serif);
    color: var(--gs-color, #1d2330);
    background: var(--gs-background, #f6f7f9);
    border-radius: var(--gs-radius, 8px);
    padding: var(--gs-spacing, 12px);
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none;
  }
  form,
  [part~='toolbar'],
  [part~='invite'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--gs-spacing, 12px) / 2);
    margin: 0 0 var(--gs-spacing, 12px);
  }
  input {
    font: inherit;
    padding: 5px 8px;
    border-radius: calc(var(--gs-radius, 8px) / 2);
    border: 1px solid #b8bfcc;
  }
  button {
    font: inherit;
    padding: 6px 14px;
    border-radius: calc(var(--gs-radius, 8px) / 2);
    border: 1px solid var(--gs-accent, #2f6fed);
    background: var(--gs-accent, #2f6fed);
    color: var(--gs-accent-text, #fff);
    cursor: pointer;
  }
  button:disabled {
    opacity: 0.45;
    cursor: not-allowed;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--gs-focus, #f5a623);
    outline-offset: 2px;
  }
  [part~='leave-button'] {
    background: var(--gs-danger, #d93636);
    border-color: var(--gs-danger, #d93636);
  }
  [part~='tiles'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--gs-tile-width, 240px), 1fr));
    gap: calc(var(--gs-spacing, 12px) / 2);
  }
  [part~='tile'] {
    margin: 0;
    background: #000;
    color: #fff;
    border-radius: calc(var(--gs-radius, 8px) / 2);
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
    margin-top: var(--gs-spacing, 12px);
  }
  [part~='chat-log'] {
    max-height: 12em;
    overflow: auto;
    margin: 0 0 6px;
    padding-left: 1.2em;
  }
  [part~='full'],
  [part~='status'][data-error] {
    color: var(--gs-danger-text, #b3261e);
  }
`;
