/**
 * What the rooms of one node (rooms.ts) stand on when there is more than the node: the network that shares them
 * between nodes (cluster.ts, over Redis), the media path through an SFU (sfu/sfu-rooms.ts) and the recorder
 * (sfu/room-recording.ts). Each is optional; without them a room is local and its media a mesh.
 */
import type { RoomMember } from '../protocol/room-codec.js';
import type { Peer } from './connection.js';

/** One member as listed in `joinRoomRet`, `listMembersRet` and the notifications. */
export type MemberInfo = RoomMember;

/** What rooms tell each other through the network (cluster.ts): a member joined or left, a message. */
export type RoomEvent =
  | { type: 'joined'; member: MemberInfo }
  | { type: 'left'; member: MemberInfo; reason: 'left' | 'closed' }
  | { type: 'message'; from: string; to?: string; text: string };

/** Rooms shared by several nodes (cluster.ts implements it over Redis). */
export interface RoomNetwork {
  /** Starts receiving room `name`'s events (before joining, so none is missed). */
  watch(name: string): Promise<void>;
  /** Stops receiving room `name`'s events (no member left on this node). */
  unwatch(name: string): void;
  /** Adds `member` if the room has fewer than `capacity` members; resolves the members (with it), or null when full. */
  join(name: string, member: MemberInfo, capacity: number): Promise<MemberInfo[] | null>;
  /** Removes the members from the shared list. */
  remove(name: string, memberIds: string[]): void;
  /** Sends `event` to every node watching room `name` (this one included). */
  publish(name: string, event: RoomEvent): void;
}

/**
 * The rooms' media through an SFU (src/server/sfu/sfu-rooms.ts): a member's joinRoomRet waits for `admit`, whose
 * fields it carries (e.g. `sfu`); a member who leaves or closes is `release`d. A failed admit answers 302.
 */
export interface RoomMedia {
  admit(room: string, memberId: string): Promise<Record<string, unknown>>;
  /** `lastInRoom`: nobody is left in the room on any node (with Redis, the shared member list says so). */
  release(room: string, memberId: string, lastInRoom: boolean): void;
}

/** Handles a joined member's `recordRoom` (src/server/sfu/room-recording.ts); answers through `answer`. */
export type RoomRecorder = (peer: Peer, room: string, body: Record<string, unknown>, answer: (code: number, message: string, extra?: Record<string, unknown>) => void) => void;
