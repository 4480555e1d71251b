/**
 * The registry of lines: one per online terminal id, holding the device socket, the page socket that holds
 * the line (at most one: the terminal has one line for a browser, PROTOCOL.md code 486) and that page's userName.
 */
import type { Peer } from './connection.js';

/** At most this many unanswered destroyMediaSession requests are remembered per line (oldest forgotten first). */
export const MAX_PENDING_DESTROYS = 32;

/** One terminal's line. */
export interface Line {
  /** The terminal id from the URL (`/terminals/<id>/device`). */
  readonly id: string;
  /** The terminal's (device's) socket. */
  readonly device: Peer;
  /** The page socket in a call with the terminal, or null when the line is free. */
  holder: Peer | null;
  /** The holder's userName (from its createMediaSession; `webRTC_Client` when it gave none), or null. */
  userName: string | null;
  /**
   * destroyMediaSession requests relayed to the device and not yet answered: reqId → the page socket that
   * asked (its destroyMediaSessionRet goes back there even though the line is already released), or null
   * when the server asked on a vanished page's behalf (the Ret is dropped).
   */
  readonly deviceOwesDestroyRet: Map<number, Peer | null>;
  /** destroyMediaSession requests the device sent to a page: reqId → that page, whose Ret is relayed back. */
  readonly pageOwesDestroyRet: Map<number, Peer>;
  /** updateCandidate requests relayed in the current call, from the page and from the device (capped). */
  candidates: { page: number; device: number };
}

/** Remembers `key → value` in a map bounded by {@link MAX_PENDING_DESTROYS} (insertion order = age). */
export function remember<V>(map: Map<number, V>, key: number, value: V): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAX_PENDING_DESTROYS) map.delete(map.keys().next().value as number);
}

/** Lines by terminal id. Pure bookkeeping: it never sends or closes anything. */
export class LineRegistry {
  private readonly lines = new Map<string, Line>();

  /** The line of terminal `id`, if its device is online. */
  get(id: string): Line | undefined {
    return this.lines.get(id);
  }

  /**
   * Registers `device` as terminal `id`'s socket with a free line, and returns the line it replaces
   * (the caller closes that one's sockets), if any.
   */
  register(id: string, device: Peer): Line | undefined {
    const previous = this.lines.get(id);
    this.lines.set(id, {
      id,
      device,
      holder: null,
      userName: null,
      deviceOwesDestroyRet: new Map(),
      pageOwesDestroyRet: new Map(),
      candidates: { page: 0, device: 0 },
    });
    return previous;
  }

  /** Removes terminal `id`'s line if `device` is still its socket; returns the removed line. */
  remove(id: string, device: Peer): Line | undefined {
    const line = this.lines.get(id);
    if (!line || line.device !== device) return undefined;
    this.lines.delete(id);
    return line;
  }

  /** Gives the line to `page` (the caller has checked it is free). */
  take(line: Line, page: Peer, userName: string): void {
    line.holder = page;
    line.userName = userName;
    line.candidates = { page: 0, device: 0 };
  }

  /** Frees the line. */
  release(line: Line): void {
    line.holder = null;
    line.userName = null;
  }

  /** Every line (for shutdown and node bookkeeping). */
  all(): IterableIterator<Line> {
    return this.lines.values();
  }

  /** Forgets every line (server shutdown). */
  clear(): void {
    this.lines.clear();
  }

  /** Number of terminals online. */
  get terminals(): number {
    return this.lines.size;
  }

  /** Number of lines held by a page (calls in progress or being set up). */
  get sessions(): number {
    let n = 0;
    for (const line of this.lines.values()) if (line.holder) n += 1;
    return n;
  }
}
