/**
 * A room member's media through Janus's VideoRoom (seed 001 steps 5-7 and 13-16: publish once to the server,
 * receive what the room publishes): two RTCPeerConnections whatever the room size, one Janus handle each.
 *
 * - publisher: joins the Janus room as feed `access.feed` with display = our memberId and this member's token,
 *   and publishes the camera (video with three simulcast layers, `rid` l/m/h at 1/4, 1/2 and full size) and
 *   microphone, plus the screen as one more video m-line while it is shared; each m-line is described
 *   `camera` or `screen` (the VideoRoom's `descriptions`). A watcher joins and publishes nothing.
 * - subscriber: one multistream subscription to every stream of every other member's feed (`join` ptype
 *   subscriber with our publisher's private_id, then `update` as feeds come and go); Janus's `streams` list maps each of our mids to a feed and
 *   its mid, so each track lands in its member's camera or screen stream. Each camera asks for the simulcast layer
 *   that fits its tile (`configure` with `substream`).
 *
 * The MediaStream of a member's camera or screen stays the same object while its tracks come and go, so a `<video>`
 * never restarts. Feeds whose display is not a member of our room are ignored.
 */
import type { SfuAccess } from '../../protocol/sfu-access.js';
import { JanusSession, type JanusHandle, type JanusSocketFactory, type Jsep } from './janus.js';

/** Simulcast layers of the camera, lowest first (Janus substream 0, 1, 2). */
export const SIMULCAST_LAYERS: readonly RTCRtpEncodingParameters[] = [
  { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 100_000 },
  { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 300_000 },
  { rid: 'h', scaleResolutionDownBy: 1, maxBitrate: 900_000 },
];

/** The substream (0 low, 1 medium, 2 high) for a tile `tilePx` wide showing a camera `capturePx` wide. */
export function layerForTile(tilePx: number, capturePx = 640): 0 | 1 | 2 {
  if (tilePx <= 0) return 0;
  if (tilePx <= capturePx / 4) return 0;
  if (tilePx <= capturePx / 2) return 1;
  return 2;
}

export interface SfuMediaOptions {
  access: SfuAccess;
  memberId: string;
  configuration?: RTCConfiguration;
  /** Whether `memberId` is a member of our room (a feed of anyone else is ignored). */
  isMember(memberId: string): boolean;
  /** The CSS px width of `memberId`'s camera tile (for its simulcast layer); default 240. */
  tileWidth?(memberId: string): number;
  /** Streams or connections changed. */
  onChange(): void;
  /** The Janus session is lost (Janus stopped or unreachable). */
  onLost(reason: string): void;
  socket?: JanusSocketFactory;
}

interface FeedStream {
  mid: string;
  type: string;
  description: string;
  disabled: boolean;
}

interface Feed {
  id: number;
  memberId: string;
  streams: FeedStream[];
}

/** One of our subscriber mids: which feed and which of its mids it carries. */
interface SubStream {
  mid: string;
  feed: number;
  feedMid: string;
  active: boolean;
}

const browserSocket: JanusSocketFactory = (url, protocol) => new WebSocket(url, protocol) as unknown as ReturnType<JanusSocketFactory>;

export class SfuMedia {
  publisher: RTCPeerConnection | null = null;
  subscriber: RTCPeerConnection | null = null;
  private session: JanusSession | null = null;
  private pubHandle: JanusHandle | null = null;
  private subHandle: JanusHandle | null = null;
  private readonly feeds = new Map<number, Feed>();
  private subStreams: SubStream[] = [];
  /** (feed, feedMid) pairs we asked Janus for. */
  private readonly subscribed = new Set<string>();
  private readonly streams = new Map<string, MediaStream>();
  private readonly layers = new Map<string, number>();
  private subQueue: Promise<void> = Promise.resolve();
  private pubQueue: Promise<void> = Promise.resolve();
  private closed = false;
  private published = false;
  /** Our publisher's private_id: the room's subscriptions need it (require_pvtid). */
  private privateId: number | undefined;

  constructor(private readonly options: SfuMediaOptions) {}

  /** Opens the Janus session and joins the room as this member's feed (publishing nothing yet). */
  async start(): Promise<void> {
    const { access } = this.options;
    const session = await JanusSession.open(access.url, this.options.socket ?? browserSocket);
    this.session = session;
    session.onclose = (reason) => {
      if (!this.closed) this.options.onLost(reason);
    };
    const handle = await session.attach();
    this.pubHandle = handle;
    handle.onevent = (data) => this.publisherEvent(data);
    const { data } = await handle.message({ request: 'join', ptype: 'publisher', room: access.room, id: access.feed, display: this.options.memberId, token: access.token });
    if (typeof data.private_id === 'number') this.privateId = data.private_id;
    this.publisherEvent(data);
  }

  /** A member's camera and screen streams (null when nothing of it arrives). */
  streamsOf(memberId: string): { camera: MediaStream | null; screen: MediaStream | null } {
    const pick = (kind: string) => {
      const s = this.streams.get(`${memberId}/${kind}`);
      return s && s.getTracks().length ? s : null;
    };
    return { camera: pick('camera'), screen: pick('screen') };
  }

  /**
   * Publishes `camera` (audio + simulcast video) and `screen` (one more video) as they are now: the first call
   * publishes, later ones renegotiate (configure). Both null: unpublish.
   */
  update(camera: MediaStream | null, screen: MediaStream | null): Promise<void> {
    const job = this.pubQueue.then(() => this.negotiatePublisher(camera, screen));
    this.pubQueue = job.catch(() => {});
    return job;
  }

  private async negotiatePublisher(camera: MediaStream | null, screen: MediaStream | null): Promise<void> {
    const handle = this.pubHandle;
    if (!handle || this.closed) return;
    if (!camera && !screen) {
      if (this.published) await handle.message({ request: 'unpublish' }).catch(() => {});
      this.published = false;
      this.publisher?.close();
      this.publisher = null;
      this.options.onChange();
      return;
    }
    let pc = this.publisher;
    if (!pc) {
      pc = new RTCPeerConnection(this.options.configuration);
      this.publisher = pc;
      pc.onicecandidate = (e) => handle.trickle(e.candidate ? e.candidate.toJSON() : null);
      handle.onstate = (kind, m) => {
        if (kind === 'trickle') this.remoteCandidate(this.publisher, m);
      };
    }
    const descriptions: { mid: string; description: string }[] = [];
    const want: [string, MediaStreamTrack | null, MediaStream | null][] = [
      ['camera-audio', camera?.getAudioTracks()[0] ?? null, camera],
      ['camera-video', camera?.getVideoTracks()[0] ?? null, camera],
      ['screen-video', screen?.getVideoTracks()[0] ?? null, screen],
    ];
    const slots = (pc as RTCPeerConnection & { gsSlots?: Map<string, RTCRtpTransceiver> }).gsSlots ?? new Map<string, RTCRtpTransceiver>();
    (pc as RTCPeerConnection & { gsSlots?: Map<string, RTCRtpTransceiver> }).gsSlots = slots;
    for (const [slot, track, stream] of want) {
      let t = slots.get(slot);
      if (!t && track) {
        const init: RTCRtpTransceiverInit = { direction: 'sendonly', streams: stream ? [stream] : [] };
        if (slot === 'camera-video') init.sendEncodings = SIMULCAST_LAYERS.map((e) => ({ ...e }));
        t = pc.addTransceiver(track, init);
        slots.set(slot, t);
      } else if (t) {
        await t.sender.replaceTrack(track);
        t.direction = track ? 'sendonly' : 'inactive';
      }
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    for (const [slot, t] of slots) if (t.mid !== null) descriptions.push({ mid: t.mid, description: slot.startsWith('screen') ? 'screen' : 'camera' });
    const jsep: Jsep = { type: 'offer', sdp: pc.localDescription!.sdp };
    const { jsep: answer } = await handle.message({ request: this.published ? 'configure' : 'publish', descriptions }, jsep);
    if (!answer) throw new Error('Janus sent no answer to the publish offer');
    await pc.setRemoteDescription(answer);
    this.published = true;
    this.options.onChange();
  }

  /** Asks Janus to request a keyframe from our publisher (a PLI; VideoRoom `configure` `keyframe`). */
  requestKeyframe(): void {
    if (this.published && this.pubHandle && !this.closed) void this.pubHandle.message({ request: 'configure', keyframe: true }).catch(() => {});
  }

  private remoteCandidate(pc: RTCPeerConnection | null, m: Record<string, unknown>): void {
    const c = m.candidate as (RTCIceCandidateInit & { completed?: boolean }) | undefined;
    if (!pc || !c || c.completed) return;
    void pc.addIceCandidate(c).catch(() => {});
  }

  private publisherEvent(data: Record<string, unknown>): void {
    const list = Array.isArray(data.publishers) ? (data.publishers as Record<string, unknown>[]) : [];
    for (const p of list) {
      const id = p.id as number;
      const memberId = typeof p.display === 'string' ? p.display : '';
      if (id === this.options.access.feed || !this.options.isMember(memberId)) continue;
      const streams = (Array.isArray(p.streams) ? (p.streams as Record<string, unknown>[]) : []).map((s) => ({
        mid: String(s.mid),
        type: String(s.type),
        description: typeof s.description === 'string' ? s.description : 'camera',
        disabled: s.disabled === true,
      }));
      this.feeds.set(id, { id, memberId, streams });
    }
    const gone = (data.unpublished ?? data.leaving ?? data.kicked) as number | string | undefined;
    if (typeof gone === 'number') this.dropFeed(gone);
    if (list.length || typeof gone === 'number') this.resubscribe();
  }

  private dropFeed(id: number): void {
    this.feeds.delete(id);
    for (const key of [...this.subscribed]) if (key.startsWith(`${id}/`)) this.subscribed.delete(key);
  }

  /** The member's feed is gone from our side too (the member left our room). */
  forgetMember(memberId: string): void {
    for (const f of [...this.feeds.values()]) if (f.memberId === memberId) this.dropFeed(f.id);
    this.resubscribe();
  }

  private resubscribe(): void {
    this.subQueue = this.subQueue.then(() => this.syncSubscription()).catch((error) => {
      if (!this.closed) console.warn(`gs-room: Janus subscription failed: ${(error as Error).message}`);
    });
  }

  private async syncSubscription(): Promise<void> {
    if (this.closed || !this.session) return;
    const wanted = new Map<string, { feed: number; mid: string }>();
    for (const f of this.feeds.values()) for (const s of f.streams) if (!s.disabled) wanted.set(`${f.id}/${s.mid}`, { feed: f.id, mid: s.mid });
    const add = [...wanted.entries()].filter(([k]) => !this.subscribed.has(k)).map(([, v]) => v);
    const remove = [...this.subscribed].filter((k) => !wanted.has(k)).map((k) => ({ feed: Number(k.split('/')[0]), mid: k.slice(k.indexOf('/') + 1) }));
    if (!add.length && !remove.length) return this.rebuild();
    if (!this.subHandle) {
      if (!add.length) return;
      const handle = await this.session.attach();
      this.subHandle = handle;
      const pc = new RTCPeerConnection(this.options.configuration);
      this.subscriber = pc;
      pc.onicecandidate = (e) => handle.trickle(e.candidate ? e.candidate.toJSON() : null);
      pc.ontrack = () => this.rebuild();
      handle.onstate = (kind, m) => {
        if (kind === 'trickle') this.remoteCandidate(this.subscriber, m);
      };
      // Janus renegotiates on its own when a subscribed feed goes away.
      handle.onevent = (data, jsep) => {
        this.takeStreams(data);
        if (jsep) this.subQueue = this.subQueue.then(() => this.answer(jsep)).catch(() => {});
        else this.rebuild();
      };
      for (const a of add) this.subscribed.add(`${a.feed}/${a.mid}`);
      const { access } = this.options;
      const { data, jsep } = await handle.message({ request: 'join', ptype: 'subscriber', room: access.room, streams: add, private_id: this.privateId, token: access.token, use_msid: false });
      this.takeStreams(data);
      if (jsep) await this.answer(jsep);
      return;
    }
    for (const a of add) this.subscribed.add(`${a.feed}/${a.mid}`);
    for (const r of remove) this.subscribed.delete(`${r.feed}/${r.mid}`);
    const { data, jsep } = await this.subHandle.message({ request: 'update', ...(add.length ? { subscribe: add } : {}), ...(remove.length ? { unsubscribe: remove } : {}) });
    this.takeStreams(data);
    if (jsep) await this.answer(jsep);
    else this.rebuild();
  }

  private takeStreams(data: Record<string, unknown>): void {
    if (!Array.isArray(data.streams)) return;
    this.subStreams = (data.streams as Record<string, unknown>[]).map((s) => ({
      mid: String(s.mid),
      feed: typeof s.feed_id === 'number' ? s.feed_id : 0,
      feedMid: String(s.feed_mid ?? ''),
      active: s.active !== false && typeof s.feed_id === 'number',
    }));
  }

  private async answer(offer: Jsep): Promise<void> {
    const pc = this.subscriber;
    const handle = this.subHandle;
    if (!pc || !handle || this.closed) return;
    await pc.setRemoteDescription(offer);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    await handle.message({ request: 'start' }, { type: 'answer', sdp: pc.localDescription!.sdp });
    this.rebuild();
  }

  /** Puts every received track into its member's camera or screen stream and picks each camera's layer. */
  private rebuild(): void {
    const pc = this.subscriber;
    const want = new Map<string, Set<MediaStreamTrack>>();
    const cameraMids: [string, string][] = [];
    for (const t of pc?.getTransceivers() ?? []) {
      const sub = this.subStreams.find((s) => s.mid === t.mid);
      if (!sub?.active || t.currentDirection === 'inactive' || t.direction === 'inactive') continue;
      const feed = this.feeds.get(sub.feed);
      const stream = feed?.streams.find((s) => s.mid === sub.feedMid);
      if (!feed || !stream || stream.disabled) continue;
      const kind = stream.description === 'screen' ? 'screen' : 'camera';
      const key = `${feed.memberId}/${kind}`;
      if (!want.has(key)) want.set(key, new Set());
      want.get(key)!.add(t.receiver.track);
      if (kind === 'camera' && stream.type === 'video') cameraMids.push([sub.mid, feed.memberId]);
    }
    let changed = false;
    for (const key of new Set([...want.keys(), ...this.streams.keys()])) {
      const tracks = want.get(key) ?? new Set<MediaStreamTrack>();
      let stream = this.streams.get(key);
      if (!stream) {
        if (!tracks.size) continue;
        stream = new MediaStream();
        this.streams.set(key, stream);
      }
      for (const track of stream.getTracks()) {
        if (!tracks.has(track)) {
          stream.removeTrack(track);
          changed = true;
        }
      }
      for (const track of tracks) {
        if (!stream.getTracks().includes(track)) {
          stream.addTrack(track);
          changed = true;
        }
      }
    }
    this.pickLayers(cameraMids);
    if (changed) this.options.onChange();
  }

  /** Asks Janus for the simulcast layer of each camera that fits its tile (only when it changes). */
  pickLayers(cameraMids?: [string, string][]): void {
    const handle = this.subHandle;
    if (!handle) return;
    const mids =
      cameraMids ??
      this.subStreams.flatMap((s) => {
        const feed = this.feeds.get(s.feed);
        const st = feed?.streams.find((x) => x.mid === s.feedMid);
        return feed && st && st.type === 'video' && st.description !== 'screen' && s.active ? [[s.mid, feed.memberId] as [string, string]] : [];
      });
    const streams: { mid: string; substream: number }[] = [];
    for (const [mid, memberId] of mids) {
      const layer = layerForTile(this.options.tileWidth?.(memberId) ?? 240);
      if (this.layers.get(mid) === layer) continue;
      this.layers.set(mid, layer);
      streams.push({ mid, substream: layer });
    }
    if (streams.length) void handle.message({ request: 'configure', streams }).catch(() => {});
  }

  /** The simulcast layer asked for each member's camera (0 low … 2 high), for tests and stats. */
  layerOf(memberId: string): number | undefined {
    const sub = this.subStreams.find((s) => {
      const feed = this.feeds.get(s.feed);
      return feed?.memberId === memberId && feed.streams.find((x) => x.mid === s.feedMid)?.type === 'video' && this.layers.has(s.mid);
    });
    return sub ? this.layers.get(sub.mid) : undefined;
  }

  /** Leaves Janus: both connections closed, the session destroyed. Local tracks are the caller's. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.publisher?.close();
    this.subscriber?.close();
    this.publisher = null;
    this.subscriber = null;
    for (const s of this.streams.values()) for (const t of s.getTracks()) s.removeTrack(t);
    this.streams.clear();
    const session = this.session;
    this.session = null;
    if (session?.open) {
      await this.pubHandle?.message({ request: 'leave' }).catch(() => {});
      await session.close();
    }
  }
}
