/**
 * Where terminal lines live, as the server's connection handlers see them: on this node alone ({@link localLines},
 * the relay of relay.ts) or shared by every node on the same Redis (cluster.ts, docs/server.md "Several nodes").
 * The handlers in server.ts speak only to this interface, so one node and a cluster take the same path.
 */
import type { Frame } from '../protocol/index.js';
import type { Conn } from './connection.js';
import type { Relay } from './relay.js';

export interface LineBackend {
  /** A device connected under `conn.id`: it now holds that line. */
  deviceOpened(conn: Conn): void;
  /** A frame from a device, for the page on its line. */
  deviceFrame(conn: Conn, frame: Frame): void;
  /** A device's socket closed: its line ends. */
  deviceClosed(conn: Conn): void;
  /** A frame from a page, for the device it names (`conn.id`). */
  pageFrame(conn: Conn, frame: Frame): void;
  /** A page's socket closed: its call on the line, if any, ends. */
  pageClosed(conn: Conn): void;
  /** Resolves when lines can be served (connected to Redis, for a cluster). */
  start(): Promise<void>;
  /** Leaves the backend (a cluster tells the other nodes it is leaving). */
  stop(): Promise<void>;
  /** Whether the shared store is reachable; undefined when there is none (one node). */
  readonly connected: boolean | undefined;
}

/** Lines of this node only: every frame goes straight to the relay. */
export function localLines(relay: Relay): LineBackend {
  return {
    deviceOpened: (conn) => relay.attachDevice(conn, conn.id),
    deviceFrame: (conn, frame) => relay.fromDevice(conn, conn.id, frame),
    deviceClosed: (conn) => relay.deviceClosed(conn, conn.id),
    pageFrame: (conn, frame) => relay.fromPage(conn, conn.id, frame),
    pageClosed: (conn) => relay.pageClosed(conn, conn.id),
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    connected: undefined,
  };
}
