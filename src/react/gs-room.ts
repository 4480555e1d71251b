/**
 * `<gs-room>` as a React component (@lit/react): properties as props, events as `on…` props typed with their
 * details (the names are in ./events.ts). Importing it registers `<gs-room>`.
 *
 *     import GsRoom from 'gs-screen-share/react/gs-room.js';
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GsRoom as GsRoomElement } from '../elements/gs-room/gs-room.js';
import { elementEvents } from './events.js';
import { reactEvents } from './react-events.js';
import type { GsRoomEventMap } from '../elements/gs-room/gs-room.events.js';

/** The React component of `<gs-room>`. */
export const GsRoom = createComponent({
  tagName: 'gs-room',
  elementClass: GsRoomElement,
  react: React,
  events: reactEvents<GsRoomEventMap>()(elementEvents['gs-room']),
  displayName: 'GsRoom',
});

export default GsRoom;
