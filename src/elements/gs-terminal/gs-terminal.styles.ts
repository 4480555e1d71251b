import { css } from 'lit';

export default css`
  [hidden] {
    display: none !important;
  }
  :host {
    display: block;
    font: var(--gs-font, 14px/1.4 system-ui, sans-serif);
    color: var(--gs-color, #e8ebf2);
    background: var(--gs-background, #10131a);
    border-radius: var(--gs-radius, 8px);
    padding: var(--gs-spacing, 12px);
    box-sizing: border-box;
  }
  [part='screen'] {
    position: relative;
    aspect-ratio: 16 / 9;
    background: #000;
    border-radius: calc(var(--gs-radius, 8px) / 2);
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
    border: 2px solid var(--gs-color, #e8ebf2);
    border-radius: calc(var(--gs-radius, 8px) / 2);
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
    opacity: 0.85;
  }
  [part='received'] {
    margin: var(--gs-spacing, 12px) 0 0;
    font-variant-numeric: tabular-nums;
    color: #b7bfd0;
  }
  [part='placeholder'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: #8a93a6;
  }
  [part='toolbar'] {
    display: flex;
    gap: calc(var(--gs-spacing, 12px) / 2);
    margin-top: var(--gs-spacing, 12px);
  }
  button {
    font: inherit;
    padding: 6px 14px;
    border-radius: calc(var(--gs-radius, 8px) / 2);
    border: 1px solid var(--gs-accent, #2f6fed);
    background: var(--gs-accent, #2f6fed);
    color: #fff;
    cursor: pointer;
  }
  button:disabled {
    opacity: 0.45;
    cursor: not-allowed;
  }
  [part='status'] {
    margin: var(--gs-spacing, 12px) 0 0;
  }
`;
