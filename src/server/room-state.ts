/**
 * What one node knows of a room (src/server/rooms.ts), and how a room event reaches the members connected to this
 * node: a message to every other member or to one, and the memberJoined / memberLeft notices (docs/server.md "Rooms").
 */
import { encodeMemberJoined, encodeMemberLeft } from '../protocol/room-codec.js';
import type { Peer } from './connection.js';
import type { Metrics } from './metrics.js';
import type { MemberInfo, RoomEvent } from './room-ports.js';

export interface Member extends MemberInfo {
  /** The member's connection when it is on this node. */
  peer?: Peer;
}

export interface Room {
  name: string;
  /** Every member, on this node and (with a cluster) on the others. */
  members: Map<string, Member>;
  /** Members connected to this node. */
  local: number;
  /** Its media path, set by its first member (`?media=`, else the server's: sfu with an SFU, else mesh). */
  mode?: 'mesh' | 'sfu';
}

/** The member list as sent in joinRoomRet and listMembersRet: `{ memberId, displayName }` each. */
export function memberList(room: Room): MemberInfo[] {
  return [...room.members.values()].map(({ memberId, displayName }) => ({ memberId, displayName }));
}

/**
 * Delivers `event` to this node's members of `room`: a message to its target or to every member but its sender
 * (each counted as relayed), a join or leave as a notice to every other member, the member list kept up to date
 * for members on other nodes.
 */
export function deliverEvent(room: Room, event: RoomEvent, metrics: Metrics): void {
  if (event.type === 'message') {
    if (event.to !== undefined) {
      const target = room.members.get(event.to)?.peer;
      if (target) {
        target.send(event.text);
        metrics.relayedFrame('room');
      }
      return;
    }
    for (const member of room.members.values()) {
      if (!member.peer || member.memberId === event.from) continue;
      member.peer.send(event.text);
      metrics.relayedFrame('room');
    }
    return;
  }
  if (event.type === 'joined') {
    if (!room.members.has(event.member.memberId)) room.members.set(event.member.memberId, { ...event.member });
  } else if (!room.members.get(event.member.memberId)?.peer) room.members.delete(event.member.memberId);
  const notice = event.type === 'joined' ? encodeMemberJoined(event.member) : encodeMemberLeft(event.member, event.reason);
  for (const member of room.members.values()) {
    if (member.peer && member.memberId !== event.member.memberId) member.peer.send(notice);
  }
}
