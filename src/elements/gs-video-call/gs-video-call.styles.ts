import { css } from 'lit';
import roomStyles from '../gs-room/gs-room.styles.js';

export default [
  ...roomStyles,
  css`
    [part~='videos'] {
      display: grid;
      grid-template-columns: 3fr 1fr;
      gap: calc(var(--_spacing) / 2);
      margin-bottom: var(--_spacing);
    }
    [part~='remote-video'],
    [part~='local-video'] {
      width: 100%;
      aspect-ratio: 4 / 3;
      background: #000;
      border-radius: calc(var(--_radius) / 2);
      object-fit: contain;
    }
    [part~='incoming'],
    [part~='outgoing'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_spacing) / 2);
      padding: var(--_spacing);
      margin-bottom: var(--_spacing);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
    }
    [part~='hangup-button'],
    [part~='decline-button'] {
      background: var(--_danger);
      border-color: var(--_danger);
    }
  `,
];
