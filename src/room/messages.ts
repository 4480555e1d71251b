/**
 * The gs-room-json messages (docs/server.md "Rooms"), pure: the requests a member sends, the replies and
 * notifications the server sends, and the `data` payloads that members exchange through `sendToRoom` for the
 * mesh (offer/answer/ICE candidate per remote peer), the text chat and the 1:1 call mode (seeds 001, 002, 004).
 */

/** One member as the server lists it. */
export interface RoomMember {
  /** The server-assigned id, unique in the room. */
  memberId: string;
  /** The login name given at join (1-64 characters). */
  displayName: string;
}

/** Requests a member sends (`reqId` is added by the client). */
export type RoomRequest =
  | { joinRoom: { reqId: number; displayName: string } }
  | { leaveRoom: { reqId: number } }
  | { listMembers: { reqId: number } }
  | { sendToRoom: { reqId?: number; to?: string; data: PeerData } }
  | { recordRoom: { reqId: number; record: boolean } };

/** `rspInfo` of every reply, as on gs-webrtc-json. */
export interface RspInfo {
  rspCode: number;
  rspMsg: string;
}

/** What the server sends a member, decoded. */
export type RoomInbound =
  | { kind: 'reply'; action: string; reqId: number; code: number; message: string; body: Record<string, unknown> }
  | { kind: 'memberJoined'; member: RoomMember }
  | { kind: 'memberLeft'; member: RoomMember; reason: 'left' | 'closed' }
  | { kind: 'roomMessage'; from: string; data: PeerData }
  | { kind: 'recording'; recording: boolean }
  | { kind: 'ignored' };

/** A session description as sent between members (the browser's own SDP, unchanged). */
export interface WireDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

/**
 * The `data` of `sendToRoom`/`roomMessage` between members:
 * - `description` / `candidate`: perfect negotiation of the link to one peer (always sent `to` it);
 * - `chat`: a text message for everyone (`text` at most 2000 characters, shown as text, never as HTML);
 * - `media`: which of the sender's stream ids is its camera and which its screen (null: none), sent to everyone
 *   whenever that changes and to each member who joins, so tiles know what a remote stream is;
 * - `call`: the 1:1 call mode: `invite` → `ringing`, then `accept` | `decline` | `cancel` (caller gave up while
 *   ringing) | `hangup` (either side, once accepted), `busy` when the callee is already in a call.
 */
export type PeerData =
  | { type: 'description'; description: WireDescription }
  | { type: 'candidate'; candidate: RTCIceCandidateInit | null }
  | { type: 'chat'; text: string; sentAt: number }
  | { type: 'call'; action: CallAction; callId: string }
  | { type: 'media'; camera: string | null; screen: string | null };

/** The 1:1 call signals (seed 002 "Звонок": call, ring, answer, hang up). */
export type CallAction = 'invite' | 'ringing' | 'accept' | 'decline' | 'cancel' | 'hangup' | 'busy';
export const callActions: readonly CallAction[] = ['invite', 'ringing', 'accept', 'decline', 'cancel', 'hangup', 'busy'];

/** Longest chat text, in characters. */
export const MAX_CHAT_TEXT = 2000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function memberOf(v: unknown): RoomMember | null {
  if (!isObject(v) || typeof v.memberId !== 'string' || typeof v.displayName !== 'string') return null;
  return { memberId: v.memberId, displayName: v.displayName };
}

/** Validates the `data` a peer sent; null when it is none of {@link PeerData} (the message is then ignored). */
export function parsePeerData(v: unknown): PeerData | null {
  if (!isObject(v)) return null;
  switch (v.type) {
    case 'description': {
      const d = v.description;
      if (!isObject(d) || (d.type !== 'offer' && d.type !== 'answer') || typeof d.sdp !== 'string') return null;
      return { type: 'description', description: { type: d.type, sdp: d.sdp } };
    }
    case 'candidate': {
      const c = v.candidate;
      if (c === null) return { type: 'candidate', candidate: null };
      if (!isObject(c) || typeof c.candidate !== 'string') return null;
      return { type: 'candidate', candidate: c as RTCIceCandidateInit };
    }
    case 'chat':
      if (typeof v.text !== 'string' || v.text.length === 0 || v.text.length > MAX_CHAT_TEXT) return null;
      return { type: 'chat', text: v.text, sentAt: typeof v.sentAt === 'number' ? v.sentAt : 0 };
    case 'call':
      if (!callActions.includes(v.action as CallAction) || typeof v.callId !== 'string') return null;
      return { type: 'call', action: v.action as CallAction, callId: v.callId };
    case 'media': {
      const id = (x: unknown) => (typeof x === 'string' && x.length <= 128 ? x : null);
      return { type: 'media', camera: id(v.camera), screen: id(v.screen) };
    }
    default:
      return null;
  }
}

/** Decodes one text frame from the server. Keep-alives and anything unreadable decode as `ignored`. */
export function parseRoomFrame(text: string): RoomInbound {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'ignored' };
  }
  if (!isObject(value)) return { kind: 'ignored' };
  const keys = Object.keys(value);
  if (keys.length !== 1) return { kind: 'ignored' };
  const action = keys[0];
  const body = value[action];
  if (!isObject(body)) return { kind: 'ignored' };
  if (action.endsWith('Ret')) {
    const rsp = isObject(body.rspInfo) ? body.rspInfo : {};
    return {
      kind: 'reply',
      action: action.slice(0, -3),
      reqId: typeof body.reqId === 'number' ? body.reqId : -1,
      code: typeof rsp.rspCode === 'number' ? rsp.rspCode : 0,
      message: typeof rsp.rspMsg === 'string' ? rsp.rspMsg : '',
      body,
    };
  }
  if (action === 'memberJoined' || action === 'memberLeft') {
    const member = memberOf(body);
    if (!member) return { kind: 'ignored' };
    if (action === 'memberJoined') return { kind: 'memberJoined', member };
    return { kind: 'memberLeft', member, reason: body.reason === 'closed' ? 'closed' : 'left' };
  }
  if (action === 'roomRecording' && typeof body.recording === 'boolean') return { kind: 'recording', recording: body.recording };
  if (action === 'roomMessage' && typeof body.from === 'string') {
    const data = parsePeerData(body.data);
    return data ? { kind: 'roomMessage', from: body.from, data } : { kind: 'ignored' };
  }
  return { kind: 'ignored' };
}

/** The members array of a joinRoomRet/listMembersRet body (invalid entries dropped). */
export function membersOf(body: Record<string, unknown>): RoomMember[] {
  return Array.isArray(body.members) ? body.members.map(memberOf).filter((m): m is RoomMember => m !== null) : [];
}

/**
 * Perfect negotiation's role (W3C WebRTC "Perfect negotiation example"): of two members, the one with the lower
 * memberId (plain string order) is polite: it rolls back its own offer when offers collide; the other ignores
 * the colliding offer. Both sides compute the same answer, so exactly one of each pair is polite.
 */
export function isPolite(selfId: string, remoteId: string): boolean {
  return selfId < remoteId;
}

/** Room-name rule of the server (routes.ts): 1-64 of `A-Za-z0-9_-`. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The room's WebSocket address on our server: `ws(s)://HOST/rooms/<name>` from a page origin. */
export function roomAddress(origin: string, name: string): string {
  const url = new URL(origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `/rooms/${encodeURIComponent(name)}`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** The invite link: the current page with `?room=<name>` (seed 001 step 4: copy it into another tab to join). */
export function inviteLink(pageUrl: string, name: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set('room', name);
  // The login is each person's own.
  url.searchParams.delete('user');
  url.hash = '';
  return url.toString();
}
