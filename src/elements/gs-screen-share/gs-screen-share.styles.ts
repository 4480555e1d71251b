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
  [part='preview'] {
    display: block;
    width: 100%;
    aspect-ratio: 16 / 9;
    background: #000;
    border-radius: calc(var(--gs-radius, 8px) / 2);
    object-fit: contain;
  }
  [part='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--gs-spacing, 12px) / 2);
    margin: var(--gs-spacing, 12px) 0;
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
  button:focus-visible {
    outline: 2px solid var(--gs-focus, #f5a623);
    outline-offset: 2px;
  }
  [part~='hangup-button'] {
    background: var(--gs-danger, #d93636);
    border-color: var(--gs-danger, #d93636);
  }
  [part='confirm'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--gs-spacing, 12px) / 2);
    padding: var(--gs-spacing, 12px);
    margin-bottom: var(--gs-spacing, 12px);
    border: 1px solid var(--gs-accent, #2f6fed);
    border-radius: calc(var(--gs-radius, 8px) / 2);
    background: var(--gs-prompt-background, #fff);
  }
  [part='confirm-text'] {
    margin: 0;
    flex: 1 1 100%;
  }
  [part='status'] {
    margin: 0;
  }
  [part='status'][data-error] {
    color: var(--gs-danger, #d93636);
  }
`;
