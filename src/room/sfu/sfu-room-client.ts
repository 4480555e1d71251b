/**
 * The room client `<gs-room>` uses: the mesh {@link RoomClient} until the server's joinRoomRet carries an `sfu`
 * field (the server runs in SFU mode, JANUS_URL), then the same client with its media through Janus
 * ({@link SfuMedia}): join, members, joined/left, chat and room full stay on our server's room; no mesh link is
 * opened; the camera, microphone and screen are published once to Janus and every other member's feed arrives on
 * one subscriber connection. Same methods, results and notices as the mesh, so the element does not change.
 *
 * In SFU mode the capacity is the server's (`sfu.capacity`, ROOM_CAPACITY, default 16), not the page's mesh
 * limit. Janus lost mid-conference (its WebSocket closes): the room fails with 302, every connection is closed
 * and every local track stopped, exactly as when our server's socket is lost.
 */
import { Code, type Result } from '../../protocol/index.js';
import { RoomClient, type Participant, type RoomClientOptions } from '../room-client.js';
import { sfuAccessOf, type SfuAccess } from '../../protocol/sfu-access.js';
import { SfuMedia } from './sfu-media.js';

export interface SfuRoomClientOptions extends RoomClientOptions {
  /** The CSS px width of a member's camera tile (simulcast layer choice); default 240. */
  tileWidth?: (memberId: string) => number;
}

/** The subscriber's RTCPeerConnectionState in the participant list's words (`room.link.*`: the mesh's states). */
const LINK_WORDS: Record<string, string> = { new: 'connecting', connecting: 'connecting', connected: 'connected', disconnected: 'interrupted', failed: 'failed', closed: 'closed' };

/** A stopped recording's file, as `recordRoomRet` lists it (src/server/sfu/room-recording.ts). */
export interface RecordingFile {
  name: string;
  kind: 'audio' | 'video';
  /** ffprobe's duration, in ms. */
  durationMs: number;
  /** Size in bytes. */
  bytes: number;
}

export class SfuRoomClient extends RoomClient {
  /** Whether the room is being recorded (the server's `roomRecording`). */
  recording = false;
  /** Janus access from the last joinRoomRet, null in a mesh room. */
  private access: SfuAccess | null = null;
  private media: SfuMedia | null = null;
  private readonly sfuOptions: SfuRoomClientOptions;

  constructor(options: SfuRoomClientOptions) {
    let self: SfuRoomClient | null = null;
    super({ ...options, capacity: () => (self?.access ? self.access.capacity || Infinity : (options.capacity?.() ?? Infinity)) });
    self = this;
    this.sfuOptions = options;
  }

  /** `sfu` while the room's media go through Janus, `mesh` otherwise (also before joining). */
  get mode(): 'mesh' | 'sfu' {
    return this.access ? 'sfu' : 'mesh';
  }

  /** The room's capacity: the server's in SFU mode (`sfu.capacity`), else the page's mesh limit. */
  get capacity(): number {
    return this.access?.capacity || (this.sfuOptions.capacity?.() ?? Infinity);
  }

  /**
   * Starts (true) or stops (false) recording the room (`recordRoom`, src/server/sfu/room-recording.ts): 200 (on stop
   * with `files`), 106 already so, 403 the token lacks claim `record`, 405 the server records no rooms, 481 not in
   * a room, 488 Janus refused, 302/408 no answer.
   */
  async record(record: boolean): Promise<Result & { files?: RecordingFile[] }> {
    if (this.state !== 'joined') return { code: Code.NOT_IN_CALL, message: 'not in a room' };
    const reply = await this.request('recordRoom', { record }, 30_000);
    if (reply.code === Code.OK) this.setRecording(record);
    const files = Array.isArray(reply.body.files) ? (reply.body.files as RecordingFile[]) : undefined;
    return { code: reply.code, message: reply.message, ...(files ? { files } : {}) };
  }

  protected override recordingChanged(recording: boolean): void {
    // A recording starts at a keyframe of each feed: ask Janus to request one from our publisher.
    if (recording) this.media?.requestKeyframe();
    this.setRecording(recording);
  }

  private setRecording(recording: boolean): void {
    if (this.recording === recording) return;
    this.recording = recording;
    this.sfuOptions.onNotice({ type: 'recording', recording });
  }

  /** The Janus media of this page (publisher and subscriber connections), null in a mesh. */
  get sfu(): SfuMedia | null {
    return this.media;
  }

  protected override joinReplied(body: Record<string, unknown>): void {
    this.access = sfuAccessOf(body);
  }

  override async join(room: string, displayName: string): Promise<Result> {
    const result = await super.join(room, displayName);
    const access = this.access;
    if (result.code !== Code.OK || !access) return result;
    const media = new SfuMedia({
      access,
      memberId: this.selfId,
      configuration: this.sfuOptions.configuration?.(),
      isMember: (id) => super.participants.some((p) => p.memberId === id),
      tileWidth: this.sfuOptions.tileWidth,
      onChange: () => this.sfuOptions.onNotice({ type: 'media' }),
      onLost: (reason) => {
        if (this.media === media) this.fail({ code: Code.SOCKET_CLOSED, message: `media server lost: ${reason}` });
      },
    });
    this.media = media;
    try {
      await media.start();
    } catch (error) {
      if (this.media !== media) return { code: Code.SOCKET_CLOSED, message: 'left while joining the media server' };
      return this.fail({ code: Code.SOCKET_CLOSED, message: `media server: ${(error as Error).message}` });
    }
    return result;
  }

  override get participants(): Participant[] {
    const people = super.participants;
    const media = this.media;
    if (!media) return people;
    const link = LINK_WORDS[media.subscriber?.connectionState ?? ''] ?? 'none';
    return people.map((p) => ({ ...p, link, ...media.streamsOf(p.memberId) }));
  }

  /** No member-to-member links in SFU mode. */
  override connect(memberId: string): void {
    if (!this.access) super.connect(memberId);
  }

  /** In SFU mode: the subscriber connection, which carries every member's media. */
  override connectionTo(memberId: string): RTCPeerConnection | null {
    return this.media ? this.media.subscriber : super.connectionTo(memberId);
  }

  override async publish(): Promise<Result> {
    const result = await super.publish();
    return this.republish(result, 'camera/microphone');
  }

  override unpublish(): Result {
    const result = super.unpublish();
    if (result.code === Code.OK) void this.media?.update(this.camera, this.screen).catch(() => {});
    return result;
  }

  override async shareScreen(): Promise<Result> {
    return this.republish(await super.shareScreen(), 'screen');
  }

  override async stopScreen(): Promise<Result> {
    const result = await super.stopScreen();
    if (result.code === Code.OK) await this.media?.update(this.camera, this.screen).catch(() => {});
    return result;
  }

  /** After a local change that succeeded: publishes what we have now to Janus; 488 when Janus refused it. */
  private async republish(result: Result, what: string): Promise<Result> {
    const media = this.media;
    if (result.code !== Code.OK || !media) return result;
    try {
      await media.update(this.camera, this.screen);
      return result;
    } catch (error) {
      return { code: Code.MEDIA_ERROR, message: `${what} not published to the media server: ${(error as Error).message}` };
    }
  }

  override teardown(): void {
    const media = this.media;
    this.media = null;
    this.access = null;
    this.setRecording(false);
    void media?.close();
    super.teardown();
  }
}
