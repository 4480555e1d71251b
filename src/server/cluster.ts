/**
 * Several server nodes sharing terminal lines through Redis (ioredis) pub/sub (docs/server.md "Several nodes").
 *
 * A line lives on the node its device is connected to (the *owner*): the relay rules of relay.ts run there.
 * Redis key `gs:terminal:<id>` names the owner (with a TTL refreshed by the owner's heartbeat). A page on another
 * node forwards its frames to the owner over the owner's channel `gs:node:<owner>`; the owner sees it as a
 * {@link RemotePage} peer and its answers and relayed frames go back over `gs:node:<page node>`.
 *
 * | message | channel | meaning |
 * |---|---|---|
 * | `{type:"pageFrame", node, terminal, page, frame}` | owner's | page `page` on node `node` sent `frame` to `terminal` |
 * | `{type:"pageClosed", node, terminal, page}` | owner's | page `page` closed |
 * | `{type:"toPage", page, text}` | page node's | send `text` to page `page` |
 * | `{type:"closePage", page, code, reason}` | page node's | close page `page` with `code`, `reason` |
 * | `{type:"registered", node, terminal}` | `gs:all` | a device registered as `terminal` on `node` (another node's device under that id is replaced, 4001) |
 * | `{type:"heartbeat", node}` / `{type:"leaving", node}` | `gs:all` | `node` is alive / is leaving |
 *
 * A node not heard from for `deadAfterMs` is taken as gone: its remote pages are treated as closed (their devices
 * get destroyMediaSession) and the local pages whose line it owned are closed 1001. Sessions with both ends on
 * surviving nodes are untouched.
 *
 * Rooms (the {@link RoomNetwork} of rooms.ts): hash `gs:room:<name>` holds the members (memberId →
 * `{displayName, node}`), joined atomically by the {@link JOIN_ROOM} script (which also drops members of nodes whose
 * `gs:alive:<node>` key has expired); events go over `gs:roomevents:<name>`, watched while a node has members there.
 */
import { Redis } from 'ioredis';
import { type Frame, parseFrame } from '../protocol/index.js';
import { CloseCode, CloseReason } from './close-codes.js';
import type { Conn, Peer } from './connection.js';
import { relayable, wireTextOf } from './inbound.js';
import type { LineBackend } from './line-backend.js';
import type { LineRegistry } from './lines.js';
import { type StructuredLogger, describeError } from './log.js';
import type { Metrics } from './metrics.js';
import type { Relay } from './relay.js';
import type { MemberInfo, RoomEvent, RoomNetwork } from './room-ports.js';
import type { Rooms } from './rooms.js';
import {
  ALL,
  CLUSTER_DEAD_AFTER_MS,
  CLUSTER_HEARTBEAT_MS,
  DELETE_IF,
  JOIN_ROOM,
  TERMINAL_KEY_TTL_MS,
  aliveKey,
  nodeChannel,
  roomChannel,
  roomKey,
  terminalKey,
  type Message,
} from './cluster-keys.js';

export interface ClusterOptions {
  url: string;
  nodeId: string;
  relay: Relay;
  lines: LineRegistry;
  rooms: Rooms;
  metrics: Metrics;
  log: StructuredLogger;
  heartbeatMs?: number;
  deadAfterMs?: number;
}

/** A page connected to another node, as the owner's relay sees it. */
class RemotePage implements Peer {
  closed = false;
  constructor(
    readonly key: string,
    readonly node: string,
    readonly id: string,
    private readonly cluster: Cluster,
  ) {}

  send(text: string): void {
    if (!this.closed) this.cluster.toNode(this.node, { type: 'toPage', page: this.key, text });
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.cluster.toNode(this.node, { type: 'closePage', page: this.key, code, reason });
  }
}

/** Where a local page's frames go. */
interface PageRoute {
  /** The owner node this page forwarded to, or null (local or not yet). */
  owner: string | null;
  /** Frames waiting for an owner lookup, in order. */
  queue: Promise<void>;
  pending: number;
}

export class Cluster implements RoomNetwork, LineBackend {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly nodeId: string;
  private readonly relay: Relay;
  private readonly lines: LineRegistry;
  private readonly rooms: Rooms;
  private readonly log: StructuredLogger;
  private readonly metrics: Metrics;
  private readonly heartbeatMs: number;
  private readonly deadAfterMs: number;
  /** Local pages by key, with where their frames go. */
  private readonly pages = new Map<string, { conn: Conn; route: PageRoute }>();
  /** Pages of other nodes that sent frames to lines owned here. */
  private readonly remotePages = new Map<string, RemotePage>();
  /** Other nodes by id → last time heard from. */
  private readonly seen = new Map<string, number>();
  /** Nodes taken as gone (by id → when). */
  private readonly gone = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(options: ClusterOptions) {
    this.nodeId = options.nodeId;
    this.relay = options.relay;
    this.lines = options.lines;
    this.rooms = options.rooms;
    this.log = options.log;
    this.metrics = options.metrics;
    this.heartbeatMs = options.heartbeatMs ?? CLUSTER_HEARTBEAT_MS;
    this.deadAfterMs = options.deadAfterMs ?? CLUSTER_DEAD_AFTER_MS;
    const redisOptions = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true };
    this.pub = new Redis(options.url, redisOptions);
    this.sub = new Redis(options.url, redisOptions);
    for (const client of [this.pub, this.sub]) {
      client.on('error', (error: Error) => this.log.warn({ error: error.message }, 'redis error'));
    }
  }

  /** True while both Redis connections (publish and subscribe) are up: the node can reach the rest of the cluster. */
  get connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  /** Connects, subscribes to this node's channel and `gs:all`, and starts the heartbeat. */
  async start(): Promise<void> {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.sub.on('message', (channel: string, text: string) => {
      try {
        if (channel.startsWith('gs:roomevents:')) return this.rooms.onNetworkEvent(channel.slice('gs:roomevents:'.length), JSON.parse(text) as RoomEvent);
        this.onMessage(JSON.parse(text) as Message);
      } catch (error) {
        this.log.error({ error: describeError(error) }, 'cluster message failed');
      }
    });
    await this.sub.subscribe(nodeChannel(this.nodeId), ALL);
    await this.pub.set(aliveKey(this.nodeId), '1', 'PX', this.deadAfterMs);
    this.rooms.useNetwork(this);
    this.beat();
    this.timer = setInterval(() => this.beat(), this.heartbeatMs);
    this.timer.unref();
    this.log.info({ node: this.nodeId }, 'joined the cluster');
  }

  /** Says goodbye, removes this node's terminal keys and disconnects. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    try {
      if (this.pub.status === 'ready') {
        await this.pub.del(aliveKey(this.nodeId));
        await this.pub.publish(ALL, JSON.stringify({ type: 'leaving', node: this.nodeId }));
        await this.pub.quit();
      } else this.pub.disconnect();
    } catch {
      this.pub.disconnect();
    }
    try {
      if (this.sub.status === 'ready') await this.sub.quit();
      else this.sub.disconnect();
    } catch {
      this.sub.disconnect();
    }
  }

  private beat(): void {
    if (this.stopped) return;
    const now = Date.now();
    const pipeline = this.pub.pipeline();
    pipeline.publish(ALL, JSON.stringify({ type: 'heartbeat', node: this.nodeId }));
    pipeline.set(aliveKey(this.nodeId), '1', 'PX', this.deadAfterMs);
    for (const line of this.lines.all()) pipeline.pexpire(terminalKey(line.id), TERMINAL_KEY_TTL_MS);
    pipeline.exec().catch(() => {});
    for (const [node, last] of this.seen) if (now - last > this.deadAfterMs) this.nodeGone(node);
    for (const [node, when] of this.gone) if (now - when > TERMINAL_KEY_TTL_MS * 2) this.gone.delete(node);
  }

  private heard(node: string): void {
    if (node === this.nodeId) return;
    this.seen.set(node, Date.now());
    this.gone.delete(node);
  }

  private nodeGone(node: string): void {
    this.seen.delete(node);
    this.gone.set(node, Date.now());
    this.log.warn({ node }, 'cluster node gone');
    for (const [key, page] of this.remotePages) {
      if (page.node !== node) continue;
      this.remotePages.delete(key);
      page.closed = true;
      this.relay.pageClosed(page, page.id);
    }
    for (const { conn, route } of this.pages.values()) {
      if (route.owner === node) conn.close(CloseCode.GOING_AWAY, CloseReason.NODE_GONE);
    }
    this.rooms.nodeGone(node);
  }

  // ---- rooms (RoomNetwork) ----------------------------------------------------------------------------------

  async watch(name: string): Promise<void> {
    await this.sub.subscribe(roomChannel(name));
  }

  unwatch(name: string): void {
    if (!this.stopped) this.sub.unsubscribe(roomChannel(name)).catch(() => {});
  }

  async join(name: string, member: MemberInfo, capacity: number): Promise<MemberInfo[] | null> {
    const value = JSON.stringify({ displayName: member.displayName, node: this.nodeId });
    const flat = (await this.pub.eval(JOIN_ROOM, 1, roomKey(name), member.memberId, value, capacity)) as string[] | null;
    if (!flat) return null;
    const members: MemberInfo[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      members.push({ memberId: flat[i], displayName: (JSON.parse(flat[i + 1]) as { displayName: string }).displayName });
    }
    return members;
  }

  remove(name: string, memberIds: string[]): void {
    if (!this.stopped && memberIds.length) this.pub.hdel(roomKey(name), ...memberIds).catch(() => {});
  }

  publish(name: string, event: RoomEvent): void {
    this.send(roomChannel(name), event);
  }

  /** Publishes `message` to `node`'s channel (fire and forget). */
  toNode(node: string, message: Message): void {
    this.send(nodeChannel(node), message);
  }

  private send(channel: string, message: Message | RoomEvent): void {
    if (this.stopped) return;
    this.pub.publish(channel, JSON.stringify(message)).catch((error: Error) => {
      this.log.warn({ error: error.message, channel }, 'redis publish failed');
    });
  }

  private onMessage(message: Message): void {
    switch (message.type) {
      case 'heartbeat':
        return this.heard(message.node);
      case 'leaving':
        if (message.node !== this.nodeId) this.nodeGone(message.node);
        return;
      case 'registered':
        if (message.node === this.nodeId || !this.lines.get(message.terminal)) return;
        this.heard(message.node);
        // Only give way if Redis agrees the other registration is the newer one.
        this.pub.get(terminalKey(message.terminal)).then((owner) => {
          if (owner === message.node) this.relay.evict(message.terminal);
        }, () => {});
        return;
      case 'pageFrame': {
        this.heard(message.node);
        let page = this.remotePages.get(message.page);
        if (!page) {
          page = new RemotePage(message.page, message.node, message.terminal, this);
          this.remotePages.set(message.page, page);
        }
        const parsed = parseFrame(message.frame);
        if (parsed.kind === 'frame') this.relay.fromPage(page, message.terminal, relayable(parsed, message.frame));
        return;
      }
      case 'pageClosed': {
        const page = this.remotePages.get(message.page);
        if (!page) return;
        this.remotePages.delete(message.page);
        page.closed = true;
        this.relay.pageClosed(page, message.terminal);
        return;
      }
      case 'toPage': {
        const local = this.pages.get(message.page);
        if (local) local.conn.send(message.text);
        return;
      }
      case 'closePage': {
        const local = this.pages.get(message.page);
        if (!local) return;
        local.route.owner = null;
        local.conn.close(message.code, message.reason);
        return;
      }
    }
  }

  // ---- the server's hooks -------------------------------------------------------------------------------

  deviceOpened(conn: Conn): void {
    this.relay.attachDevice(conn, conn.id);
    const key = terminalKey(conn.id);
    this.pub
      .set(key, this.nodeId, 'PX', TERMINAL_KEY_TTL_MS)
      .then(() => this.pub.publish(ALL, JSON.stringify({ type: 'registered', node: this.nodeId, terminal: conn.id })))
      .catch((error: Error) => this.log.warn({ error: error.message }, 'redis register failed'));
  }

  deviceFrame(conn: Conn, frame: Frame): void {
    this.relay.fromDevice(conn, conn.id, frame);
  }

  deviceClosed(conn: Conn): void {
    const wasOwner = this.lines.get(conn.id)?.device === conn;
    this.relay.deviceClosed(conn, conn.id);
    if (wasOwner && !this.stopped) this.pub.eval(DELETE_IF, 1, terminalKey(conn.id), this.nodeId).catch(() => {});
  }

  private routeOf(conn: Conn): PageRoute {
    let entry = this.pages.get(conn.key);
    if (!entry) {
      entry = { conn, route: { owner: null, queue: Promise.resolve(), pending: 0 } };
      this.pages.set(conn.key, entry);
    }
    return entry.route;
  }

  pageFrame(conn: Conn, frame: Frame): void {
    const route = this.routeOf(conn);
    if (route.pending === 0) {
      if (route.owner) return this.forward(conn, route.owner, frame);
      if (this.lines.get(conn.id)) return this.relay.fromPage(conn, conn.id, frame);
    }
    // Ask Redis who owns the line; frames behind the lookup wait their turn.
    route.pending += 1;
    route.queue = route.queue
      .then(async () => {
        if (route.owner) return this.forward(conn, route.owner, frame);
        if (this.lines.get(conn.id)) return this.relay.fromPage(conn, conn.id, frame);
        let owner: string | null = null;
        try {
          owner = await this.pub.get(terminalKey(conn.id));
        } catch (error) {
          this.log.warn({ error: (error as Error).message }, 'redis lookup failed');
        }
        if (!conn.open) return;
        if (owner && owner !== this.nodeId && !this.gone.has(owner)) {
          if (!this.seen.has(owner)) this.seen.set(owner, Date.now());
          route.owner = owner;
          return this.forward(conn, owner, frame);
        }
        this.relay.fromPage(conn, conn.id, frame); // not online anywhere (or only here): the local rules answer
      })
      .catch((error: unknown) => this.log.error({ error: describeError(error) }, 'page frame failed'))
      .finally(() => {
        route.pending -= 1;
      });
  }

  private forward(conn: Conn, owner: string, frame: Frame): void {
    this.metrics.relayedFrame('remote');
    this.toNode(owner, { type: 'pageFrame', node: this.nodeId, terminal: conn.id, page: conn.key, frame: wireTextOf(frame) });
  }

  pageClosed(conn: Conn): void {
    const entry = this.pages.get(conn.key);
    this.pages.delete(conn.key);
    if (entry) {
      const notify = (): void => {
        const owner = entry.route.owner;
        if (owner) this.toNode(owner, { type: 'pageClosed', node: this.nodeId, terminal: conn.id, page: conn.key });
      };
      if (entry.route.pending > 0) entry.route.queue = entry.route.queue.then(notify);
      else notify();
    }
    this.relay.pageClosed(conn, conn.id);
  }
}
