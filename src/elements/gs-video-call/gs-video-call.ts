/** Registers `<gs-video-call>`. Import `gs-video-call.component.js` instead to register a subclass under another name. */
import { GsVideoCall, type GsCallEndedDetail, type GsCallStateDetail, type GsIncomingCallDetail } from './gs-video-call.component.js';

export * from './gs-video-call.component.js';

if (!customElements.get('gs-video-call')) customElements.define('gs-video-call', GsVideoCall);

declare global {
  interface HTMLElementTagNameMap {
    'gs-video-call': GsVideoCall;
  }
  interface HTMLElementEventMap {
    'incoming-call': CustomEvent<GsIncomingCallDetail>;
    'call-state-change': CustomEvent<GsCallStateDetail>;
    'call-ended': CustomEvent<GsCallEndedDetail>;
  }
}
