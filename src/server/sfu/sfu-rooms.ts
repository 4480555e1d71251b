/**
 * Our server's side of conferences through Janus (README "Conferences through Janus"): for each of our rooms with
 * a member, one Janus VideoRoom room that only our server can create and change (the plugin's `admin_key`, a
 * random `secret` per room), closed to anyone without a token of its `allowed` list. Each member, on joinRoom,
 * gets its own token and feed id (the Janus publisher id), carried in joinRoomRet's `sfu` field; on leave (or a
 * closed socket) its token is removed and its feed kicked, so it can neither publish nor subscribe any more, and
 * the others lose its feed at once. The last member out destroys the Janus room.
 *
 * A member of room A holds only room A's token: Janus refuses it in room B (VideoRoom error 433 unauthorized), and
 * a subscription needs the private_id of a publisher joined in the same room (`require_pvtid`), since the
 * VideoRoom checks tokens on publishers only.
 * Janus lost (killed, restarted): every Janus room is forgotten and the next join creates it again on a new
 * session; the browsers see their own Janus sockets close and leave (302).
 */
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { JanusError, JanusSession, type JanusHandle, type JanusSocket } from '../../room/sfu/janus.js';
import type { SfuAccess } from '../../protocol/sfu-access.js';
import type { RoomMedia } from '../room-ports.js';
import { convertRecordings, listRecordings, type Recording } from './recordings.js';

export interface SfuOptions {
  /** Janus WebSocket address for our server (JANUS_URL), e.g. ws://127.0.0.1:8188. */
  url: string;
  /** Janus WebSocket address given to browsers (JANUS_PUBLIC_URL); default {@link url}. */
  publicUrl?: string;
  /** The VideoRoom `admin_key` (JANUS_ADMIN_KEY), needed to create rooms. */
  adminKey?: string;
  /** Members per room (Janus `publishers`; also our rooms' capacity). */
  capacity: number;
  /** Largest video bitrate per publisher, in bit/s (Janus `bitrate`; default 1 000 000: three simulcast layers). */
  bitrate?: number;
  /** Folder Janus writes recordings to (JANUS_REC_DIR); recording is off without it. */
  recDir?: string;
  /** Called when room `name`'s recording started or stopped (the server tells the room's members: `roomRecording`). */
  onRecording?: (name: string, recording: boolean) => void;
  /** Called when the Janus session is lost (for the log). */
  onLost?: (reason: string) => void;
}

interface JanusRoom {
  id: number;
  secret: string;
  members: Map<string, { token: string; feed: number }>;
  recording: boolean;
}

/** Janus VideoRoom's error codes: `create` of a room id that exists; a request about a room that does not. */
const JANUS_ROOM_EXISTS = 427;
const JANUS_NO_SUCH_ROOM = 426;

/**
 * The Janus room of our room `name`: its id and secret derived from the name and the VideoRoom `admin_key`, so every
 * node of a cluster on the same Janus (and the same JANUS_ADMIN_KEY) finds the same room and can manage it, while
 * nobody without the key can work out its secret.
 */
export function janusRoomOf(name: string, adminKey = ''): { id: number; secret: string } {
  const digest = createHash('sha256').update(`gs-room:${adminKey}:${name}`).digest();
  const id = digest.readUIntBE(0, 6) || 1;
  return { id, secret: createHmac('sha256', adminKey).update(`secret:${name}`).digest('base64url') };
}

const wsFactory = (url: string, protocol: string) => new WebSocket(url, protocol) as unknown as JanusSocket;

/** The Janus rooms behind our rooms (implements {@link RoomMedia} for rooms.ts). */
export class SfuRooms implements RoomMedia {
  private admin: Promise<{ session: JanusSession; handle: JanusHandle }> | null = null;
  private readonly rooms = new Map<string, JanusRoom>();
  /** Per room name: the chain of its Janus operations, so a leave never overtakes its join. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly options: SfuOptions) {}

  /** The folder recordings go to (one sub-folder per room name), or undefined when recording is off. */
  get recordingsDir(): string | undefined {
    return this.options.recDir;
  }

  /** The room's Janus facts (tests, recording), or undefined. */
  roomOf(name: string): { id: number; members: number; recording: boolean } | undefined {
    const r = this.rooms.get(name);
    return r && { id: r.id, members: r.members.size, recording: r.recording };
  }

  private connect(): Promise<{ session: JanusSession; handle: JanusHandle }> {
    if (!this.admin) {
      const opening = (async () => {
        const session = await JanusSession.open(this.options.url, wsFactory);
        session.onclose = (reason) => this.lost(opening, reason);
        const handle = await session.attach();
        return { session, handle };
      })();
      this.admin = opening;
      opening.catch(() => {
        if (this.admin === opening) this.admin = null;
      });
    }
    return this.admin;
  }

  private lost(which: Promise<unknown>, reason: string): void {
    if (this.admin !== which) return;
    this.admin = null;
    this.rooms.clear();
    this.options.onLost?.(reason);
  }

  private queue<T>(name: string, job: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(name) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(job);
    this.queues.set(name, next);
    void next.catch(() => {}).finally(() => {
      if (this.queues.get(name) === next) this.queues.delete(name);
    });
    return next;
  }

  /** Gives member `memberId` of room `name` its Janus access, creating the Janus room for the first member. */
  admit(name: string, memberId: string): Promise<{ sfu: SfuAccess }> {
    return this.queue(name, async () => {
      const { handle } = await this.connect();
      const token = randomBytes(24).toString('base64url');
      const feed = randomInt(1, 2 ** 48);
      let room = this.rooms.get(name);
      if (!room) {
        room = { ...janusRoomOf(name, this.options.adminKey), members: new Map(), recording: false };
        const recDir = this.options.recDir && path.join(this.options.recDir, name);
        if (recDir) await mkdir(recDir, { recursive: true });
        const created = handle.request({
          request: 'create',
          admin_key: this.options.adminKey,
          room: room.id,
          description: name,
          secret: room.secret,
          is_private: true,
          permanent: false,
          publishers: this.options.capacity,
          allowed: [token],
          bitrate: this.options.bitrate ?? 1_000_000,
          fir_freq: 10,
          audiocodec: 'opus',
          videocodec: 'vp8,h264',
          lock_record: true,
          // Janus checks `allowed` tokens on publishers only: a subscription must name the private_id of a publisher
          // that joined this room (with a token of its own).
          require_pvtid: true,
          ...(recDir ? { rec_dir: recDir } : {}),
        });
        // Another node on the same Janus made the room first (its members are in our shared list): join its room.
        await created.catch(async (error: unknown) => {
          if (!(error instanceof JanusError) || error.code !== JANUS_ROOM_EXISTS) throw error;
          await handle.request({ request: 'allowed', secret: room!.secret, room: room!.id, action: 'add', allowed: [token] });
        });
        this.rooms.set(name, room);
      } else {
        await handle.request({ request: 'allowed', secret: room.secret, room: room.id, action: 'add', allowed: [token] });
      }
      room.members.set(memberId, { token, feed });
      return { sfu: { url: this.options.publicUrl ?? this.options.url, room: room.id, token, feed, capacity: this.options.capacity } };
    });
  }

  /**
   * Takes member `memberId`'s access away (token removed, feed kicked). The last one out of the room, on every node,
   * destroys the Janus room; the last one of this node only forgets it here.
   */
  release(name: string, memberId: string, lastInRoom = true): void {
    void this.queue(name, async () => {
      const room = this.rooms.get(name);
      const member = room?.members.get(memberId);
      if (!room || !member || !this.admin) return;
      room.members.delete(memberId);
      const { handle } = await this.connect();
      if (room.members.size === 0) this.rooms.delete(name);
      if (room.members.size === 0 && lastInRoom) {
        await handle.request({ request: 'destroy', secret: room.secret, room: room.id }).catch(() => {});
        return;
      }
      await handle.request({ request: 'allowed', secret: room.secret, room: room.id, action: 'remove', allowed: [member.token] }).catch(() => {});
      // 'kick' answers 'no such feed' when the member never published (a watcher): nothing to do then.
      await handle.request({ request: 'kick', secret: room.secret, room: room.id, id: member.feed }).catch(() => {});
    }).catch(() => {});
  }

  /**
   * Turns Janus's recording of room `name` on or off (every feed, to `<recDir>/<name>/`). Resolves false without the
   * room. A simulcast feed's recording only begins at a keyframe of the layer Janus records; besides Janus's own
   * request, the members ask Janus for one on `roomRecording` (src/room/sfu/sfu-media.ts), a precaution the tests
   * do not prove needed (docs/sfu.md "Recording").
   */
  setRecording(name: string, record: boolean): Promise<boolean> {
    return this.queue(name, async () => {
      const room = this.rooms.get(name);
      if (!room) return false;
      const { handle } = await this.connect();
      await handle.request({ request: 'enable_recording', secret: room.secret, room: room.id, record });
      const changed = room.recording !== record;
      room.recording = record;
      if (changed) this.options.onRecording?.(name, record);
      return true;
    });
  }

  /**
   * Stops recording room `name` and makes its files playable (janus-pp-rec); resolves the files made now, with
   * duration and size. Empty without recDir or without the room.
   */
  async stopRecording(name: string): Promise<Recording[]> {
    const room = this.rooms.get(name);
    const dir = this.options.recDir && path.join(this.options.recDir, name);
    if (!room || !dir) return [];
    await this.setRecording(name, false);
    return listRecordings(dir, await convertRecordings(dir, room.id));
  }

  /** The display names (our memberIds) of the feeds Janus has in room `name` (VideoRoom `listparticipants`); null when Janus has no such room. */
  async participants(name: string): Promise<string[] | null> {
    const room = this.rooms.get(name) ?? janusRoomOf(name, this.options.adminKey);
    const { handle } = await this.connect();
    try {
      const data = await handle.request({ request: 'listparticipants', room: room.id });
      return ((data.participants as { display?: string }[] | undefined) ?? []).map((p) => p.display ?? '');
    } catch (error) {
      if (error instanceof JanusError && error.code === JANUS_NO_SUCH_ROOM) return null;
      throw error;
    }
  }

  /** Ends the admin session. */
  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    this.rooms.clear();
    if (admin) await admin.then(({ session }) => session.close()).catch(() => {});
  }
}
