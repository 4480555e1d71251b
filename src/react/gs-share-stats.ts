/**
 * `<gs-share-stats>` as a React component (@lit/react): properties as props, events as `on…` props typed with their
 * details (the names are in ./events.ts). Importing it registers `<gs-share-stats>`.
 *
 *     import GsShareStats from 'gs-screen-share/react/gs-share-stats.js';
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GsShareStats as GsShareStatsElement } from '../elements/gs-share-stats/gs-share-stats.js';
import { elementEvents } from './events.js';
import { reactEvents } from './react-events.js';
import type { GsShareStatsEventMap } from '../elements/gs-share-stats/gs-share-stats.component.js';

/** The React component of `<gs-share-stats>`. */
export const GsShareStats = createComponent({
  tagName: 'gs-share-stats',
  elementClass: GsShareStatsElement,
  react: React,
  events: reactEvents<GsShareStatsEventMap>()(elementEvents['gs-share-stats']),
  displayName: 'GsShareStats',
});

export default GsShareStats;
