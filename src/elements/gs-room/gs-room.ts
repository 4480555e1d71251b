/** Registers `<gs-room>`. Import `gs-room.component.js` instead to register a subclass under another name. */
import { GsRoom, type GsRoomMemberDetail, type GsRoomMessageDetail, type GsRoomResultDetail } from './gs-room.component.js';

export * from './gs-room.component.js';

if (!customElements.get('gs-room')) customElements.define('gs-room', GsRoom);

declare global {
  interface HTMLElementTagNameMap {
    'gs-room': GsRoom;
  }
  interface HTMLElementEventMap {
    joined: CustomEvent<GsRoomResultDetail>;
    left: CustomEvent<GsRoomResultDetail>;
    'room-full': CustomEvent<GsRoomResultDetail>;
    published: CustomEvent<GsRoomResultDetail>;
    'screen-shared': CustomEvent<GsRoomResultDetail>;
    'screen-stopped': CustomEvent<GsRoomResultDetail>;
    'member-joined': CustomEvent<GsRoomMemberDetail>;
    'member-left': CustomEvent<GsRoomMemberDetail>;
    message: CustomEvent<GsRoomMessageDetail>;
  }
}
