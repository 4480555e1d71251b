/**
 * The `sfu` field of gs-room-json's joinRoomRet: where and as whom a member of an SFU room publishes and subscribes
 * (the server's src/server/sfu/sfu-rooms.ts writes it, the page's src/room/sfu/ reads it). Shared by both sides, as
 * the rest of the wire protocol is; a room without it is a mesh.
 */

/** What a member gets in joinRoomRet's `sfu` field. */
export interface SfuAccess {
  /** The Janus WebSocket address for browsers (JANUS_PUBLIC_URL, else JANUS_URL), ws:// or wss://. */
  url: string;
  /** The Janus VideoRoom room id. */
  room: number;
  /** This member's token (the room's `allowed` list). */
  token: string;
  /** The feed (publisher) id this member must publish as. */
  feed: number;
  /** The room's capacity (Janus `publishers`); 0 when the server did not say. */
  capacity: number;
}

/** Reads joinRoomRet's `sfu` field; null when absent or malformed (the room is then a mesh). */
export function sfuAccessOf(body: Record<string, unknown>): SfuAccess | null {
  const s = body.sfu as Record<string, unknown> | undefined;
  if (!s || typeof s !== 'object') return null;
  const { url, room, token, feed, capacity } = s;
  if (typeof url !== 'string' || !/^wss?:\/\//.test(url) || typeof room !== 'number' || typeof token !== 'string' || typeof feed !== 'number') return null;
  return { url, room, token, feed, capacity: typeof capacity === 'number' ? capacity : 0 };
}
