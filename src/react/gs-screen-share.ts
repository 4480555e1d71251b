/**
 * `<gs-screen-share>` as a React component (@lit/react): properties as props, events as `on…` props typed with their
 * details (the names are in ./events.ts). Importing it registers `<gs-screen-share>`.
 *
 *     import GsScreenShare from 'gs-screen-share/react/gs-screen-share.js';
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GsScreenShare as GsScreenShareElement } from '../elements/gs-screen-share/gs-screen-share.js';
import { elementEvents } from './events.js';
import { reactEvents } from './react-events.js';
import type { GsScreenShareEventMap } from '../elements/gs-screen-share/gs-screen-share.component.js';

/** The React component of `<gs-screen-share>`. */
export const GsScreenShare = createComponent({
  tagName: 'gs-screen-share',
  elementClass: GsScreenShareElement,
  react: React,
  events: reactEvents<GsScreenShareEventMap>()(elementEvents['gs-screen-share']),
  displayName: 'GsScreenShare',
});

export default GsScreenShare;
