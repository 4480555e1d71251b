/**
 * General rooms (docs/server.md "Rooms"): members connect to `/rooms/<name>` with sub-protocol `gs-room-json`
 * and exchange JSON messages of the same shape as gs-webrtc-json, `{"<action>": { "reqId": n, … }}`:
 *
 * | from | message | answer / effect |
 * |---|---|---|
 * | member | `joinRoom` `{ reqId, displayName }` | `joinRoomRet` 200 `{ memberId, members, capacity }`; others get `memberJoined`. 400 bad displayName, 486 room full, 487 already joined |
 * | member | `leaveRoom` `{ reqId }` | `leaveRoomRet` 200 (481 not joined); others get `memberLeft` `{ reason: "left" }`; the socket stays open |
 * | member | `listMembers` `{ reqId }` | `listMembersRet` 200 `{ members }` (481 not joined) |
 * | member | `sendToRoom` `{ reqId?, to?, data }` | every other member (or only member `to`) gets `roomMessage` `{ from, data }`; with a reqId, `sendToRoomRet` 200, or 481 (not joined, or `to` is not a member) |
 * | server | `memberJoined` / `memberLeft` `{ memberId, displayName[, reason] }` | `reason` is `left` or `closed` |
 *
 * Keep-alives, binary frames and unreadable text are treated as on terminal lines (`"\r\n"` → `"\r\n\r\n"`,
 * 1003, 1007); an unknown action → `<action>Ret` 405; a malformed body → 400. A member's messages reach only the
 * members of its own room; a room with no member left is forgotten.
 */
import type { RawData } from 'ws';
import { Code, KEEPALIVE_PING, KEEPALIVE_PONG } from '../protocol/index.js';
import { CloseCode, CloseReason } from './close-codes.js';
import type { Peer } from './connection.js';
import { textOf } from './inbound.js';
import type { Metrics } from './metrics.js';

/** Requests a room member may send. */
export const roomRequests = ['joinRoom', 'leaveRoom', 'listMembers', 'sendToRoom'] as const;
export type RoomRequest = (typeof roomRequests)[number];

/** One member as listed in `joinRoomRet`, `listMembersRet` and the notifications. */
export interface MemberInfo {
  memberId: string;
  displayName: string;
}

/** Deepest nesting of a `sendToRoom` `data` value (deeper → 400; JSON.stringify must never overflow the stack). */
export const MAX_DATA_DEPTH = 32;

/** The nesting depth of a JSON value, counted without recursion; stops counting past `limit`. */
export function depthOf(value: unknown, limit = MAX_DATA_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > deepest) deepest = d + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
  }
  return deepest;
}

/** Default members per room. */
export const DEFAULT_ROOM_CAPACITY = 16;
/** Longest displayName, in characters. */
export const MAX_DISPLAY_NAME = 64;

interface Member extends MemberInfo {
  peer: Peer;
}

interface Room {
  name: string;
  members: Map<string, Member>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function reply(peer: Peer, action: string, reqId: number, code: number, message: string, extra: Record<string, unknown> = {}): void {
  peer.send(JSON.stringify({ [`${action}Ret`]: { reqId, rspInfo: { rspCode: code, rspMsg: message }, ...extra } }));
}

/**
 * The rooms of one node. `members` of other nodes (cluster.ts) take part through the `remote` hooks; without a
 * cluster everything is local.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  /** The room each joined peer is in. */
  private readonly joined = new Map<Peer, Room>();

  constructor(
    private readonly metrics: Metrics,
    private readonly capacity = DEFAULT_ROOM_CAPACITY,
  ) {}

  /**
   * Handles one message from `peer`, connected to room `name`. Returns true when it was a valid request
   * (the handshake is done), false otherwise.
   */
  receive(peer: Peer, name: string, data: RawData, isBinary: boolean): boolean {
    if (isBinary) {
      this.metrics.rejectedFrame('binary');
      peer.close(CloseCode.UNSUPPORTED_DATA, CloseReason.BINARY);
      return false;
    }
    const text = textOf(data);
    if (text === KEEPALIVE_PING) {
      peer.send(KEEPALIVE_PONG);
      return false;
    }
    if (text === KEEPALIVE_PONG) return false;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const keys = isPlainObject(value) ? Object.keys(value) : [];
    if (!isPlainObject(value) || keys.length !== 1) {
      this.metrics.rejectedFrame('unreadable');
      peer.close(CloseCode.INVALID_PAYLOAD, 'not a gs-room-json message');
      return false;
    }
    const action = keys[0];
    const body = value[action];
    const reqId = isPlainObject(body) && Number.isSafeInteger(body.reqId) && (body.reqId as number) >= 0 ? (body.reqId as number) : undefined;
    if (!(roomRequests as readonly string[]).includes(action)) {
      this.metrics.rejectedFrame('unknown_action');
      if (!action.endsWith('Ret')) reply(peer, action.slice(0, 64), reqId ?? 0, Code.NOT_SUPPORTED, `unknown action "${action.slice(0, 64)}"`);
      return false;
    }
    if (!isPlainObject(body) || (reqId === undefined && (action !== 'sendToRoom' || body.reqId !== undefined))) {
      this.metrics.rejectedFrame('invalid');
      reply(peer, action, reqId ?? 0, Code.BAD_REQUEST, 'body must be an object with reqId a non-negative integer');
      return false;
    }
    switch (action as RoomRequest) {
      case 'joinRoom':
        return this.join(peer, name, reqId!, body.displayName);
      case 'leaveRoom': {
        const room = this.joined.get(peer);
        if (!room) return this.notJoined(peer, action, reqId!);
        this.leave(peer, 'left');
        reply(peer, action, reqId!, Code.OK, 'left');
        return true;
      }
      case 'listMembers': {
        const room = this.joined.get(peer);
        if (!room) return this.notJoined(peer, action, reqId!);
        reply(peer, action, reqId!, Code.OK, 'members', { members: this.list(room) });
        return true;
      }
      case 'sendToRoom':
        return this.relay(peer, reqId, body);
    }
  }

  private notJoined(peer: Peer, action: string, reqId: number): boolean {
    this.metrics.rejectedFrame('room');
    reply(peer, action, reqId, Code.NOT_IN_CALL, 'not a member of this room');
    return false;
  }

  private list(room: Room): MemberInfo[] {
    return [...room.members.values()].map(({ memberId, displayName }) => ({ memberId, displayName }));
  }

  private join(peer: Peer, name: string, reqId: number, displayName: unknown): boolean {
    if (typeof displayName !== 'string' || displayName.trim() === '' || displayName.length > MAX_DISPLAY_NAME) {
      this.metrics.rejectedFrame('invalid');
      reply(peer, 'joinRoom', reqId, Code.BAD_REQUEST, `displayName must be 1-${MAX_DISPLAY_NAME} characters`);
      return false;
    }
    if (this.joined.has(peer)) {
      this.metrics.rejectedFrame('room');
      reply(peer, 'joinRoom', reqId, Code.ALREADY_IN_CALL, 'already a member of this room');
      return false;
    }
    let room = this.rooms.get(name);
    if (room && room.members.size >= this.capacity) {
      this.metrics.rejectedFrame('room');
      reply(peer, 'joinRoom', reqId, Code.BUSY, `room full (${this.capacity} members)`, { capacity: this.capacity });
      return true;
    }
    if (!room) {
      room = { name, members: new Map() };
      this.rooms.set(name, room);
    }
    const member: Member = { memberId: peer.key, displayName, peer };
    const notice = JSON.stringify({ memberJoined: { memberId: member.memberId, displayName } });
    for (const other of room.members.values()) other.peer.send(notice);
    room.members.set(member.memberId, member);
    this.joined.set(peer, room);
    reply(peer, 'joinRoom', reqId, Code.OK, 'joined', { memberId: member.memberId, members: this.list(room), capacity: this.capacity });
    return true;
  }

  private relay(peer: Peer, reqId: number | undefined, body: Record<string, unknown>): boolean {
    const room = this.joined.get(peer);
    if (!room) return this.notJoined(peer, 'sendToRoom', reqId ?? 0);
    if (body.to !== undefined && typeof body.to !== 'string') {
      this.metrics.rejectedFrame('invalid');
      reply(peer, 'sendToRoom', reqId ?? 0, Code.BAD_REQUEST, 'to must be a memberId');
      return false;
    }
    if (depthOf(body.data) > MAX_DATA_DEPTH) {
      this.metrics.rejectedFrame('invalid');
      reply(peer, 'sendToRoom', reqId ?? 0, Code.BAD_REQUEST, `data nested deeper than ${MAX_DATA_DEPTH}`);
      return false;
    }
    const text = JSON.stringify({ roomMessage: { from: peer.key, data: body.data ?? null } });
    if (body.to !== undefined) {
      const target = room.members.get(body.to);
      if (!target || target.peer === peer) {
        this.metrics.rejectedFrame('room');
        reply(peer, 'sendToRoom', reqId ?? 0, Code.NOT_IN_CALL, `no member ${body.to.slice(0, 64)} in this room`);
        return true;
      }
      target.peer.send(text);
      this.metrics.relayedFrame('room');
    } else {
      for (const other of room.members.values()) {
        if (other.peer === peer) continue;
        other.peer.send(text);
        this.metrics.relayedFrame('room');
      }
    }
    if (reqId !== undefined) reply(peer, 'sendToRoom', reqId, Code.OK, 'sent');
    return true;
  }

  /** Removes `peer` from its room (if any), tells the others, and forgets an empty room. */
  leave(peer: Peer, reason: 'left' | 'closed'): void {
    const room = this.joined.get(peer);
    if (!room) return;
    this.joined.delete(peer);
    const member = room.members.get(peer.key);
    room.members.delete(peer.key);
    if (room.members.size === 0) {
      this.rooms.delete(room.name);
      return;
    }
    const notice = JSON.stringify({ memberLeft: { memberId: peer.key, displayName: member?.displayName ?? '', reason } });
    for (const other of room.members.values()) other.peer.send(notice);
  }

  /** Rooms with at least one member. */
  get size(): number {
    return this.rooms.size;
  }

  /** Members in all rooms. */
  get members(): number {
    return this.joined.size;
  }

  /** The member list of room `name` (empty when there is no such room). */
  membersOf(name: string): MemberInfo[] {
    const room = this.rooms.get(name);
    return room ? this.list(room) : [];
  }
}
