/**
 * `<gs-share-stats>`, the panel `<gs-screen-share show-stats>` renders while presenting, loaded on demand: a page
 * that never shows the panel never fetches it (cdn/chunks/gs-screen-share/gs-share-stats.js in the cdn build,
 * dist/elements/gs-share-stats/gs-share-stats.js in the npm package). Importing it registers the tag.
 */
export const loadStatsPanel = () => import('../gs-share-stats/gs-share-stats.js');
