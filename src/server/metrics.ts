/**
 * Prometheus metrics (prom-client), one registry per server so that several servers in one process (the tests)
 * never share counters. `GET /metrics` serves {@link Metrics.text}.
 *
 * | metric | type | labels |
 * |---|---|---|
 * | `gs_connections` | gauge | `kind`: device, page, room |
 * | `gs_terminals_online` | gauge | |
 * | `gs_lines_busy` | gauge | |
 * | `gs_rooms` | gauge | |
 * | `gs_room_members` | gauge | |
 * | `gs_frames_relayed_total` | counter | `path`: line, room, remote |
 * | `gs_frames_rejected_total` | counter | `reason`: see {@link RejectReason} |
 * | `gs_upgrades_refused_total` | counter | `status`: HTTP status |
 * | `gs_connections_closed_total` | counter | `code`: WebSocket close code the server sent |
 * plus prom-client's default process metrics (`process_*`, `nodejs_*`) when `defaultMetrics` is on.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Why a frame was not relayed (the `reason` label of `gs_frames_rejected_total`). */
export type RejectReason =
  | 'binary'
  | 'unreadable'
  | 'invalid'
  | 'unknown_action'
  | 'not_in_call'
  | 'busy'
  | 'dropped_reply'
  | 'sdp_too_large'
  | 'too_many_candidates'
  | 'rate_limited'
  | 'too_large'
  | 'room';

export interface MetricsSources {
  connections: () => { device: number; page: number; room: number };
  terminals: () => number;
  busy: () => number;
  rooms: () => number;
  members: () => number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly relayed: Counter<'path'>;
  private readonly rejected: Counter<'reason'>;
  private readonly refused: Counter<'status'>;
  private readonly closed: Counter<'code'>;
  private readonly relayedLine;
  private readonly relayedRoom;
  private readonly relayedRemote;

  constructor(sources: MetricsSources, defaultMetrics = false) {
    const registers = [this.registry];
    const connections = new Gauge({
      name: 'gs_connections',
      help: 'Open WebSocket connections by kind',
      labelNames: ['kind'] as const,
      registers,
      collect() {
        const c = sources.connections();
        this.set({ kind: 'device' }, c.device);
        this.set({ kind: 'page' }, c.page);
        this.set({ kind: 'room' }, c.room);
      },
    });
    void connections;
    new Gauge({ name: 'gs_terminals_online', help: 'Terminals (devices) registered on this node', registers, collect() { this.set(sources.terminals()); } });
    new Gauge({ name: 'gs_lines_busy', help: 'Terminal lines held by a page on this node', registers, collect() { this.set(sources.busy()); } });
    new Gauge({ name: 'gs_rooms', help: 'Rooms with at least one member on this node', registers, collect() { this.set(sources.rooms()); } });
    new Gauge({ name: 'gs_room_members', help: 'Room members connected to this node', registers, collect() { this.set(sources.members()); } });
    this.relayed = new Counter({ name: 'gs_frames_relayed_total', help: 'Frames relayed', labelNames: ['path'] as const, registers });
    this.rejected = new Counter({ name: 'gs_frames_rejected_total', help: 'Frames not relayed, by reason', labelNames: ['reason'] as const, registers });
    this.refused = new Counter({ name: 'gs_upgrades_refused_total', help: 'WebSocket upgrades refused, by HTTP status', labelNames: ['status'] as const, registers });
    this.closed = new Counter({ name: 'gs_connections_closed_total', help: 'Connections closed by the server, by close code', labelNames: ['code'] as const, registers });
    this.relayedLine = this.relayed.labels('line');
    this.relayedRoom = this.relayed.labels('room');
    this.relayedRemote = this.relayed.labels('remote');
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  relayedFrame(path: 'line' | 'room' | 'remote'): void {
    (path === 'line' ? this.relayedLine : path === 'room' ? this.relayedRoom : this.relayedRemote).inc();
  }

  rejectedFrame(reason: RejectReason): void {
    this.rejected.inc({ reason });
  }

  refusedUpgrade(status: number): void {
    this.refused.inc({ status: String(status) });
  }

  closedConnection(code: number): void {
    this.closed.inc({ code: String(code) });
  }

  /** The exposition text for `GET /metrics`. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
