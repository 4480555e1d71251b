/** Registers `<gs-video-call>`. Import `gs-video-call.component.js` instead to register a subclass under another name. */
import { GsVideoCall, type GsCallEndedDetail, type GsIncomingCallDetail } from './gs-video-call.component.js';

export * from './gs-video-call.component.js';
// The message tables (src/elements/i18n/localize.ts): `registerMessages(lang, strings)`, `loadMessages(lang)`; this
// element's table is `Messages` (./messages.en.ts), shipped in Chinese and Russian as i18n/<tag>.zh.js and .ru.js.
export { registerMessages, loadMessages, type MessageOverrides, type MessageStrings } from '../i18n/localize.js';
export type { Messages, MessageKey } from './messages.js';

if (!customElements.get('gs-video-call')) customElements.define('gs-video-call', GsVideoCall);

declare global {
  interface HTMLElementTagNameMap {
    'gs-video-call': GsVideoCall;
  }
  // Only names no other of our elements fires: `state-change`, `error`, `joined` and `left` are typed per element
  // (GsVideoCallEventMap on GsVideoCall's addEventListener), as their detail differs from element to element.
  interface GlobalEventHandlersEventMap {
    'incoming-call': CustomEvent<GsIncomingCallDetail>;
    'call-ended': CustomEvent<GsCallEndedDetail>;
  }
}
