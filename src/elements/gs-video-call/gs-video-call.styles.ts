import { css } from 'lit';
import roomStyles from '../gs-room/gs-room.styles.js';

export default [
  roomStyles,
  css`
    [part~='videos'] {
      display: grid;
      grid-template-columns: 3fr 1fr;
      gap: calc(var(--gs-spacing, 12px) / 2);
      margin-bottom: var(--gs-spacing, 12px);
    }
    [part~='remote-video'],
    [part~='local-video'] {
      width: 100%;
      aspect-ratio: 4 / 3;
      background: #000;
      border-radius: calc(var(--gs-radius, 8px) / 2);
      object-fit: contain;
    }
    [part~='incoming'],
    [part~='outgoing'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--gs-spacing, 12px) / 2);
      padding: var(--gs-spacing, 12px);
      margin-bottom: var(--gs-spacing, 12px);
      background: var(--gs-prompt-background, #fff);
      border-radius: calc(var(--gs-radius, 8px) / 2);
    }
    [part~='hangup-button'],
    [part~='decline-button'] {
      background: var(--gs-danger, #d93636);
      border-color: var(--gs-danger, #d93636);
    }
  `,
];
