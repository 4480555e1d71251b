/**
 * `<gs-video-call>` as a React component (@lit/react): properties as props, events as `on…` props typed with their
 * details (the names are in ./events.ts). Importing it registers `<gs-video-call>`.
 *
 *     import GsVideoCall from 'gs-screen-share/react/gs-video-call.js';
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GsVideoCall as GsVideoCallElement } from '../elements/gs-video-call/gs-video-call.js';
import { elementEvents } from './events.js';
import { reactEvents } from './react-events.js';
import type { GsVideoCallEventMap } from '../elements/gs-video-call/gs-video-call.events.js';

/** The React component of `<gs-video-call>`. */
export const GsVideoCall = createComponent({
  tagName: 'gs-video-call',
  elementClass: GsVideoCallElement,
  react: React,
  events: reactEvents<GsVideoCallEventMap>()(elementEvents['gs-video-call']),
  displayName: 'GsVideoCall',
});

export default GsVideoCall;
