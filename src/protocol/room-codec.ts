/**
 * The gs-room-json codec (docs/server.md "Rooms"), pure and shared by the server (src/server/rooms.ts) and the
 * room client (src/room/room-client.ts), as codec.ts is for gs-webrtc-json: every frame is one JSON object with a
 * single key, the action; requests carry `reqId`, replies are `<action>Ret` with `rspInfo` as on gs-webrtc-json.
 * What members send each other inside `sendToRoom.data` is the members' own business (src/room/messages.ts): the
 * codec passes it through.
 */

/** One member as the server lists it in `joinRoomRet`, `listMembersRet` and the notifications. */
export interface RoomMember {
  /** The server-assigned id, unique in the room. */
  memberId: string;
  /** The login name given at join (1-64 characters). */
  displayName: string;
}

/** The requests a member may send. */
export const roomRequests = ['joinRoom', 'leaveRoom', 'listMembers', 'sendToRoom', 'recordRoom'] as const;
export type RoomRequestAction = (typeof roomRequests)[number];

/** Longest `displayName`, in characters. */
export const MAX_DISPLAY_NAME = 64;

/** Why a member left: it asked (`leaveRoom`), or its socket closed. */
export type LeaveReason = 'left' | 'closed';

/** A request as the server reads it. */
export type DecodedRoomRequest =
  /** Not JSON, or not an object with exactly one key: the socket is closed (1007). */
  | { kind: 'unreadable' }
  /** An action that is no request of ours (answered 405 unless it is itself a reply). */
  | { kind: 'unknown'; action: string; reqId: number | undefined }
  /** A known request whose body is not an object with a non-negative integer `reqId` (400). */
  | { kind: 'invalid'; action: RoomRequestAction; reqId: number | undefined }
  | { kind: 'request'; action: RoomRequestAction; reqId: number | undefined; body: Record<string, unknown> };

/** What the server sends a member, as the member reads it. Keep-alives and anything unreadable are `ignored`. */
export type DecodedRoomFrame =
  | { kind: 'reply'; action: string; reqId: number; code: number; message: string; body: Record<string, unknown> }
  | { kind: 'memberJoined'; member: RoomMember }
  | { kind: 'memberLeft'; member: RoomMember; reason: LeaveReason }
  | { kind: 'roomMessage'; from: string; data: unknown }
  /** The room's recording started (true) or stopped (false) (SFU mode, src/server/sfu/room-recording.ts). */
  | { kind: 'recording'; recording: boolean }
  | { kind: 'ignored' };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The one action of a frame and its body, or null when the text is not such a frame. */
function splitFrame(text: string): { action: string; body: unknown } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  const keys = Object.keys(value);
  return keys.length === 1 ? { action: keys[0], body: value[keys[0]] } : null;
}

function memberOf(v: unknown): RoomMember | null {
  if (!isObject(v) || typeof v.memberId !== 'string' || typeof v.displayName !== 'string') return null;
  return { memberId: v.memberId, displayName: v.displayName };
}

/** Text of a member's request; the client adds `reqId` to every request but `sendToRoom`, where it is optional. */
export function encodeRoomRequest(action: RoomRequestAction, body: Record<string, unknown>): string {
  return JSON.stringify({ [action]: body });
}

/** Text of the server's reply to `action` (`<action>Ret`, with `rspInfo` and any extra members). */
export function encodeRoomReply(action: string, reqId: number, code: number, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ [`${action}Ret`]: { reqId, rspInfo: { rspCode: code, rspMsg: message }, ...extra } });
}

/** Text of the notification that `member` joined. */
export function encodeMemberJoined(member: RoomMember): string {
  return JSON.stringify({ memberJoined: { memberId: member.memberId, displayName: member.displayName } });
}

/** Text of the notification that `member` left, and why. */
export function encodeMemberLeft(member: RoomMember, reason: LeaveReason): string {
  return JSON.stringify({ memberLeft: { memberId: member.memberId, displayName: member.displayName, reason } });
}

/** Text of a `sendToRoom` as delivered: `from` is the sender's memberId, `data` passed through (null when absent). */
export function encodeRoomMessage(from: string, data: unknown): string {
  return JSON.stringify({ roomMessage: { from, data: data ?? null } });
}

/** Text of the notification that the room's recording started (true) or stopped (false). */
export function encodeRoomRecording(recording: boolean): string {
  return JSON.stringify({ roomRecording: { recording } });
}

/** Reads a member's request (server side). */
export function decodeRoomRequest(text: string): DecodedRoomRequest {
  const frame = splitFrame(text);
  if (!frame) return { kind: 'unreadable' };
  const { action, body } = frame;
  const reqId = isObject(body) && Number.isSafeInteger(body.reqId) && (body.reqId as number) >= 0 ? (body.reqId as number) : undefined;
  if (!(roomRequests as readonly string[]).includes(action)) return { kind: 'unknown', action, reqId };
  const request = action as RoomRequestAction;
  // Only sendToRoom may go without reqId (nobody waits for its reply); a reqId that is there must be valid.
  if (!isObject(body) || (reqId === undefined && (request !== 'sendToRoom' || body.reqId !== undefined))) {
    return { kind: 'invalid', action: request, reqId };
  }
  return { kind: 'request', action: request, reqId, body };
}

/** Reads one frame from the server (member side). */
export function decodeRoomFrame(text: string): DecodedRoomFrame {
  const frame = splitFrame(text);
  if (!frame || !isObject(frame.body)) return { kind: 'ignored' };
  const { action, body } = frame;
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
  if (action === 'roomMessage' && typeof body.from === 'string') return { kind: 'roomMessage', from: body.from, data: body.data };
  if (action === 'roomRecording' && typeof body.recording === 'boolean') return { kind: 'recording', recording: body.recording };
  return { kind: 'ignored' };
}

/** The members array of a joinRoomRet/listMembersRet body (invalid entries dropped). */
export function membersOf(body: Record<string, unknown>): RoomMember[] {
  return Array.isArray(body.members) ? body.members.map(memberOf).filter((m): m is RoomMember => m !== null) : [];
}
