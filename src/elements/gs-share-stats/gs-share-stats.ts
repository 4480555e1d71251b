/** Registers `<gs-share-stats>`. Import `gs-share-stats.component.js` instead to register a subclass under another name. */
import { GsShareStats, type GsStatsDetail } from './gs-share-stats.component.js';

export * from './gs-share-stats.component.js';

if (!customElements.get('gs-share-stats')) customElements.define('gs-share-stats', GsShareStats);

declare global {
  interface HTMLElementTagNameMap {
    'gs-share-stats': GsShareStats;
  }
  interface GlobalEventHandlersEventMap {
    'gs-share-stats-sample': CustomEvent<GsStatsDetail>;
  }
}
