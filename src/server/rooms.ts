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
 * | member | `recordRoom` `{ reqId, record }` | SFU mode: src/server/sfu/room-recording.ts (405 without recordings) |
 * | server | `memberJoined` / `memberLeft` `{ memberId, displayName[, reason] }` | `reason` is `left` or `closed` |
 * | server | `roomRecording` `{ recording }` | the room's recording started (true) or stopped (false) |
 *
 * Keep-alives, binary frames and unreadable text are treated as on terminal lines (`"\r\n"` → `"\r\n\r\n"`,
 * 1003, 1007); an unknown action → `<action>Ret` 405; a malformed body → 400. A member's messages reach only the
 * members of its own room; a room with no member left is forgotten.
 */
import type { RawData } from 'ws';
import { Code, KEEPALIVE_PING, KEEPALIVE_PONG } from '../protocol/index.js';
import { CloseCode, CloseReason } from './close-codes.js';
import { MAX_DISPLAY_NAME, decodeRoomRequest, encodeRoomMessage, encodeRoomReply } from '../protocol/room-codec.js';
import type { Peer } from './connection.js';
import { textOf } from './inbound.js';
import { MAX_DATA_DEPTH, depthOf } from './room-depth.js';
import type { MemberInfo, RoomEvent, RoomMedia, RoomNetwork, RoomRecorder } from './room-ports.js';
import { deliverEvent, memberList, type Room } from './room-state.js';
import type { Metrics } from './metrics.js';

/** Default members per room. */
export const DEFAULT_ROOM_CAPACITY = 16;

/** One joinRoom being answered. */
interface Join {
  peer: Peer;
  name: string;
  reqId: number;
  info: MemberInfo;
  /** The media path the member asks for, if any. */
  wants: 'mesh' | 'sfu' | undefined;
}

function reply(peer: Peer, action: string, reqId: number, code: number, message: string, extra: Record<string, unknown> = {}): void {
  peer.send(encodeRoomReply(action, reqId, code, message, extra));
}

/**
 * The rooms of one node. Without a {@link RoomNetwork} everything is local and synchronous; with one (several nodes),
 * joins are checked against the shared member list and every notification and message goes through the network,
 * so each node delivers them to its own members.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  /** The room each joined peer of this node is in. */
  private readonly joined = new Map<Peer, Room>();
  /** Peers whose join is in progress (with a network): their later messages wait for it. */
  private readonly pending = new Map<Peer, Promise<void>>();
  private network: RoomNetwork | null = null;
  private media: RoomMedia | null = null;
  private recorder: RoomRecorder | null = null;
  private wantedMode: (peer: Peer) => 'mesh' | 'sfu' | undefined = () => undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly capacity = DEFAULT_ROOM_CAPACITY,
  ) {}

  /** Shares the rooms with other nodes through `network`. */
  useNetwork(network: RoomNetwork): void {
    this.network = network;
  }

  /** Gives every member media access through `media` before its joinRoomRet (SFU mode). */
  useMedia(media: RoomMedia): void {
    this.media = media;
  }

  /** Reads the media path a member asks for (the room URL's `?media=mesh|sfu`). */
  useModeOf(wantedMode: (peer: Peer) => 'mesh' | 'sfu' | undefined): void {
    this.wantedMode = wantedMode;
  }

  /** Lets members record their room (`recordRoom`) through `recorder`. */
  useRecorder(recorder: RoomRecorder): void {
    this.recorder = recorder;
  }

  /** Sends `text` to every member of room `name` connected to this node. */
  broadcast(name: string, text: string): void {
    for (const member of this.rooms.get(name)?.members.values() ?? []) member.peer?.send(text);
  }

  /**
   * Handles one message from `peer`, connected to room `name`. Returns true when it was a valid request
   * (the handshake is done), false otherwise.
   */
  receive(peer: Peer, name: string, data: RawData, isBinary: boolean): boolean {
    const waiting = this.pending.get(peer);
    if (waiting) {
      const text = isBinary ? null : textOf(data);
      const next = waiting
        .then(() => void this.handle(peer, name, text ?? data, isBinary))
        .catch(() => peer.close(CloseCode.INTERNAL_ERROR, CloseReason.INTERNAL))
        .finally(() => {
          if (this.pending.get(peer) === next) this.pending.delete(peer);
        });
      this.pending.set(peer, next);
      return true;
    }
    return this.handle(peer, name, data, isBinary);
  }

  private handle(peer: Peer, name: string, data: RawData | string, isBinary: boolean): boolean {
    if (isBinary) {
      this.metrics.rejectedFrame('binary');
      peer.close(CloseCode.UNSUPPORTED_DATA, CloseReason.BINARY);
      return false;
    }
    const text = typeof data === 'string' ? data : textOf(data);
    if (text === KEEPALIVE_PING) {
      peer.send(KEEPALIVE_PONG);
      return false;
    }
    if (text === KEEPALIVE_PONG) return false;
    const request = decodeRoomRequest(text);
    if (request.kind === 'unreadable') {
      this.metrics.rejectedFrame('unreadable');
      peer.close(CloseCode.INVALID_PAYLOAD, 'not a gs-room-json message');
      return false;
    }
    const { action, reqId } = request;
    if (request.kind === 'unknown') {
      this.metrics.rejectedFrame('unknown_action');
      if (!action.endsWith('Ret')) reply(peer, action.slice(0, 64), reqId ?? 0, Code.NOT_SUPPORTED, `unknown action "${action.slice(0, 64)}"`);
      return false;
    }
    if (request.kind === 'invalid') {
      this.metrics.rejectedFrame('invalid');
      reply(peer, action, reqId ?? 0, Code.BAD_REQUEST, 'body must be an object with reqId a non-negative integer');
      return false;
    }
    const { body } = request;
    switch (request.action) {
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
        reply(peer, action, reqId!, Code.OK, 'members', { members: memberList(room) });
        return true;
      }
      case 'sendToRoom':
        return this.relay(peer, reqId, body);
      case 'recordRoom': {
        const room = this.joined.get(peer);
        if (!room) return this.notJoined(peer, action, reqId!);
        if (!this.recorder) reply(peer, action, reqId!, Code.NOT_SUPPORTED, 'this server does not record rooms');
        else this.recorder(peer, room.name, body, (code, message, extra) => reply(peer, action, reqId!, code, message, extra));
        return true;
      }
    }
  }

  private notJoined(peer: Peer, action: string, reqId: number): boolean {
    this.metrics.rejectedFrame('room');
    reply(peer, action, reqId, Code.NOT_IN_CALL, 'not a member of this room');
    return false;
  }

  private roomFor(name: string): Room {
    let room = this.rooms.get(name);
    if (!room) {
      room = { name, members: new Map(), local: 0 };
      this.rooms.set(name, room);
    }
    return room;
  }

  /** Sends an event to every member's node: through the network, or straight to this node's members. */
  private emit(room: Room, event: RoomEvent): void {
    if (this.network) this.network.publish(room.name, event);
    else this.deliver(room, event);
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
    const join: Join = { peer, name, reqId, info: { memberId: peer.key, displayName }, wants: this.wantedMode(peer) };
    if (join.wants === 'sfu' && !this.media) {
      reply(peer, 'joinRoom', reqId, Code.NOT_SUPPORTED, 'this server has no SFU (JANUS_URL)');
      return false;
    }
    const done = this.network ? this.joinAcrossNodes(join, this.network) : this.joinHere(join);
    if (done) {
      const settled = done.finally(() => {
        if (this.pending.get(peer) === settled) this.pending.delete(peer);
      });
      this.pending.set(peer, settled);
    }
    return true;
  }

  /** 486 with the room's capacity. */
  private full({ peer, reqId }: Join): void {
    this.metrics.rejectedFrame('room');
    reply(peer, 'joinRoom', reqId, Code.BUSY, `room full (${this.capacity} members)`, { capacity: this.capacity });
  }

  /** A join without a network: checked and admitted at once; a promise while an SFU gives its media access. */
  private joinHere(join: Join): Promise<void> | undefined {
    const room = this.roomFor(join.name);
    if (room.members.size < this.capacity) return this.admit(join, room);
    if (room.members.size === 0) this.rooms.delete(join.name);
    this.full(join);
  }

  /** A join checked against the member list the nodes share; the room stays watched until it has ended. */
  private joinAcrossNodes(join: Join, network: RoomNetwork): Promise<void> {
    const { peer, name, info } = join;
    this.joining.set(name, (this.joining.get(name) ?? 0) + 1);
    return (async () => {
      if (!this.rooms.has(name)) await network.watch(name);
      const members = await network.join(name, info, this.capacity);
      const room = this.roomFor(name);
      if (members && !this.closedPeers.has(peer)) {
        for (const m of members) if (!room.members.has(m.memberId)) room.members.set(m.memberId, m);
        await this.admit(join, room);
      } else {
        if (members) network.remove(name, [info.memberId]); // the peer closed meanwhile
        else this.full(join);
        this.forgetIfIdle(room, true);
      }
    })()
      .catch(() => reply(peer, 'joinRoom', join.reqId, Code.TIMEOUT, 'rooms are unavailable'))
      .finally(() => {
        const left = (this.joining.get(name) ?? 1) - 1;
        if (left > 0) this.joining.set(name, left);
        else this.joining.delete(name);
      });
  }

  /**
   * Makes the joining peer a member of `room` (whose media path its first member sets; 488 to one asking for the
   * other) and answers joinRoomRet 200, announcing it to the others. In SFU mode the member counts towards the
   * capacity at once and is answered once its media access exists (302 if the media server fails it).
   */
  private admit({ peer, name, reqId, info, wants }: Join, room: Room): Promise<void> | undefined {
    if (room.local === 0 || !room.mode) room.mode = wants ?? (this.media ? 'sfu' : 'mesh');
    else if (wants && wants !== room.mode) {
      reply(peer, 'joinRoom', reqId, Code.MEDIA_ERROR, `the room's media go through ${room.mode === 'sfu' ? 'the SFU' : 'the mesh'}`, { media: room.mode });
      this.network?.remove(name, [info.memberId]);
      return;
    }
    room.members.set(info.memberId, { ...info, peer });
    room.local += 1;
    this.joined.set(peer, room);
    const answer = (extra: Record<string, unknown> = {}): void => {
      reply(peer, 'joinRoom', reqId, Code.OK, 'joined', { memberId: info.memberId, members: memberList(room), capacity: this.capacity, media: room.mode, ...extra });
      this.emit(room, { type: 'joined', member: info });
    };
    if (!this.media || room.mode === 'mesh') return void answer();
    return this.media.admit(name, info.memberId).then(
      (extra) => void (this.joined.get(peer) === room && answer(extra)),
      (error: Error) => {
        if (this.joined.get(peer) !== room) return;
        this.leave(peer, 'left');
        reply(peer, 'joinRoom', reqId, Code.SOCKET_CLOSED, `media server unavailable: ${error.message}`);
      },
    );
  }

  /** Joins in progress by room name (with a network): the room stays watched meanwhile. */
  private readonly joining = new Map<string, number>();

  /** Peers that closed while their join was in progress. */
  private readonly closedPeers = new WeakSet<Peer>();

  /** Forgets `room` (and stops watching it) when no member or join is left on this node; `inJoin` from a join's own end. */
  private forgetIfIdle(room: Room, inJoin = false): void {
    if (room.local > 0 || (this.joining.get(room.name) ?? 0) > (inJoin ? 1 : 0)) return;
    this.rooms.delete(room.name);
    this.network?.unwatch(room.name);
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
    if (body.to !== undefined && (body.to === peer.key || !room.members.has(body.to))) {
      this.metrics.rejectedFrame('room');
      reply(peer, 'sendToRoom', reqId ?? 0, Code.NOT_IN_CALL, `no member ${body.to.slice(0, 64)} in this room`);
      return true;
    }
    const text = encodeRoomMessage(peer.key, body.data);
    this.emit(room, body.to === undefined ? { type: 'message', from: peer.key, text } : { type: 'message', from: peer.key, to: body.to, text });
    if (reqId !== undefined) reply(peer, 'sendToRoom', reqId, Code.OK, 'sent');
    return true;
  }

  /** Delivers a room event to this node's members of room `room`. */
  private deliver(room: Room, event: RoomEvent): void {
    deliverEvent(room, event, this.metrics);
  }

  /** An event of room `name` from the network (cluster.ts). */
  onNetworkEvent(name: string, event: RoomEvent): void {
    const room = this.rooms.get(name);
    if (room) this.deliver(room, event);
  }

  /** Node `node` is gone: its members leave every room this node knows (reason `closed`). */
  nodeGone(node: string): void {
    for (const room of this.rooms.values()) {
      const gone = [...room.members.values()].filter((m) => !m.peer && m.memberId.slice(0, m.memberId.lastIndexOf('-')) === node);
      if (gone.length === 0) continue;
      this.network?.remove(room.name, gone.map((m) => m.memberId));
      for (const m of gone) this.deliver(room, { type: 'left', member: { memberId: m.memberId, displayName: m.displayName }, reason: 'closed' });
    }
  }

  /** Removes `peer` from its room (if any), tells the others, and forgets a room with no member left here. */
  leave(peer: Peer, reason: 'left' | 'closed'): void {
    if (reason === 'closed') this.closedPeers.add(peer);
    const room = this.joined.get(peer);
    if (!room) return;
    this.joined.delete(peer);
    const member = room.members.get(peer.key);
    room.members.delete(peer.key);
    room.local -= 1;
    const info = { memberId: peer.key, displayName: member?.displayName ?? '' };
    this.media?.release(room.name, peer.key, room.members.size === 0);
    if (this.network) {
      this.network.remove(room.name, [peer.key]);
      this.network.publish(room.name, { type: 'left', member: info, reason });
      this.forgetIfIdle(room);
      return;
    }
    this.deliver(room, { type: 'left', member: info, reason });
    if (room.members.size === 0) this.rooms.delete(room.name);
  }

  /** Rooms with at least one member on this node. */
  get size(): number {
    let n = 0;
    for (const room of this.rooms.values()) if (room.local > 0) n += 1;
    return n;
  }

  /** Members on this node, in all rooms. */
  get members(): number {
    return this.joined.size;
  }

  /** The member list of room `name` as this node knows it (empty when it has no member here). */
  membersOf(name: string): MemberInfo[] {
    const room = this.rooms.get(name);
    return room ? memberList(room) : [];
  }
}
