/** Registers `<gs-screen-share>`. Import `gs-screen-share.component.js` instead to register a subclass under another name. */
import { GsScreenShare, type GsScreenShareEventMap } from './gs-screen-share.component.js';
// The stats panel it renders with `show-stats`.
import '../gs-share-stats/gs-share-stats.js';

export * from './gs-screen-share.component.js';
// The message tables (src/elements/i18n/localize.ts): `registerMessages(lang, table)` makes a complete table the
// one for `lang` (a language of your own, or Chinese/Russian before the first render, the table imported from
// i18n/zh.js or i18n/ru.js next to this file); `loadMessages(lang)` fetches a shipped table ahead of time.
export { registerMessages, loadMessages, type Messages, type MessageKey, type MessageOverrides } from '../i18n/localize.js';

if (!customElements.get('gs-screen-share')) customElements.define('gs-screen-share', GsScreenShare);

declare global {
  interface HTMLElementTagNameMap {
    'gs-screen-share': GsScreenShare;
  }
  /**
   * Only the names no other of our elements fires: `state-change` and `error` are typed on each element instead
   * (GsScreenShareEventMap, GsTerminalEventMap, …), so a listener on a room never gets the sharer's detail.
   */
  interface GlobalEventHandlersEventMap extends Omit<GsScreenShareEventMap, 'state-change' | 'error'> {}
}
