/**
 * `<gs-terminal>` as a React component (@lit/react): properties as props, events as `on…` props typed with their
 * details (the names are in ./events.ts). Importing it registers `<gs-terminal>`.
 *
 *     import GsTerminal from 'gs-screen-share/react/gs-terminal.js';
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GsTerminal as GsTerminalElement } from '../elements/gs-terminal/gs-terminal.js';
import { elementEvents } from './events.js';
import { reactEvents } from './react-events.js';
import type { GsTerminalEventMap } from '../elements/gs-terminal/gs-terminal.events.js';

/** The React component of `<gs-terminal>`. */
export const GsTerminal = createComponent({
  tagName: 'gs-terminal',
  elementClass: GsTerminalElement,
  react: React,
  events: reactEvents<GsTerminalEventMap>()(elementEvents['gs-terminal']),
  displayName: 'GsTerminal',
});

export default GsTerminal;
