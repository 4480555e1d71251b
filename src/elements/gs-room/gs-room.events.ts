/** The events of `<gs-room>`: each one's `detail`, and the map its typed `addEventListener` reads. */
import type { Result } from '../../protocol/index.js';
import type { ChatMessage, RoomState } from '../../room/room-client.js';
import type { RoomMember } from '../../room/messages.js';

/** `detail` of `joined`, `left`, `room-full`, `published`, `screen-shared`, `screen-stopped` and `error`. */
export interface GsRoomResultDetail extends Result {
  /** The room name. */
  room: string;
}

/** `detail` of `member-joined` and `member-left`. */
export interface GsRoomMemberDetail {
  member: RoomMember;
  /** `left` or `closed` (socket lost), on `member-left`. */
  reason?: string;
}

/** `detail` of `chat-message`: one chat line (`text` is plain text). */
export type GsRoomChatDetail = ChatMessage;

/** `detail` of the room's `state-change`. */
export interface GsRoomStateDetail {
  state: RoomState;
  previous: RoomState;
}

/** `detail` of `recording-change`: the room's recording started (`recording: true`) or stopped. */
export interface GsRoomRecordingDetail {
  recording: boolean;
  room: string;
}

/** Every event of `<gs-room>` with its type, for the typed `addEventListener` below. */
export interface GsRoomEventMap {
  joined: CustomEvent<GsRoomResultDetail>;
  left: CustomEvent<GsRoomResultDetail>;
  'room-full': CustomEvent<GsRoomResultDetail>;
  published: CustomEvent<GsRoomResultDetail>;
  'screen-shared': CustomEvent<GsRoomResultDetail>;
  'screen-stopped': CustomEvent<GsRoomResultDetail>;
  'member-joined': CustomEvent<GsRoomMemberDetail>;
  'member-left': CustomEvent<GsRoomMemberDetail>;
  'chat-message': CustomEvent<GsRoomChatDetail>;
  'state-change': CustomEvent<GsRoomStateDetail>;
  'recording-change': CustomEvent<GsRoomRecordingDetail>;
  error: CustomEvent<GsRoomResultDetail>;
}
