/** Registers `<gs-screen-share>`. Import `gs-screen-share.component.js` instead to register a subclass under another name. */
import { GsScreenShare, type GsScreenShareEventMap } from './gs-screen-share.component.js';

export * from './gs-screen-share.component.js';
// The message tables (src/elements/i18n/localize.ts): `registerMessages(lang, strings)` adds sentences to `lang`
// (a language of your own, or Chinese/Russian before the first render, the tables imported from i18n/zh.js and
// i18n/gs-share-stats.zh.js, or ru, next to this file); `loadMessages(lang)` fetches the shipped tables of this
// element and its stats panel ahead of time. `Messages` is this element's table (src/elements/i18n/messages.en.ts).
export { registerMessages, loadMessages, type MessageOverrides, type MessageStrings } from '../i18n/localize.js';
export type { Messages, MessageKey } from './messages.js';

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
