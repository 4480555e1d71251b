/** Registers `<gs-room>`. Import `gs-room.component.js` instead to register a subclass under another name. */
import { GsRoom, type GsRoomEventMap } from './gs-room.component.js';

export * from './gs-room.component.js';
// The message tables (src/elements/i18n/localize.ts): `registerMessages(lang, strings)`, `loadMessages(lang)`; this
// element's table is `Messages` (./messages.en.ts), shipped in Chinese and Russian as i18n/<tag>.zh.js and .ru.js.
export { registerMessages, loadMessages, type MessageOverrides, type MessageStrings } from '../i18n/localize.js';
export type { Messages, MessageKey } from './messages.js';

if (!customElements.get('gs-room')) customElements.define('gs-room', GsRoom);

declare global {
  interface HTMLElementTagNameMap {
    'gs-room': GsRoom;
  }
  // Only names no other of our elements fires: `state-change`, `error`, `joined` and `left` are typed per element
  // (GsRoomEventMap on GsRoom's addEventListener), as their detail differs from element to element.
  interface GlobalEventHandlersEventMap
    extends Pick<GsRoomEventMap, 'room-full' | 'published' | 'screen-shared' | 'screen-stopped' | 'member-joined' | 'member-left' | 'chat-message' | 'recording-change'> {}
}
