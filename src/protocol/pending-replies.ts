/**
 * Requests waiting for their replies, by `reqId`, each with a timeout: the one piece of request bookkeeping of the
 * terminal (gs-webrtc-json, PROTOCOL.md "Transport": a reply carries its request's reqId) and the room client
 * (gs-room-json, docs/server.md "Rooms"). A request settles exactly once: by its reply, its timeout, or
 * {@link PendingReplies.settleAll} when the line or socket it went over is gone.
 */
export class PendingReplies<R, Tag = undefined> {
  private lastId = 0;
  private readonly waiting = new Map<number, { tag: Tag; resolve: (reply: R) => void; timer: ReturnType<typeof setTimeout> }>();

  /**
   * Opens a request: `send(reqId)` puts it on the wire, and the promise resolves with its reply, or with
   * `onTimeout()` after `timeoutMs` (ms). `tag` is the caller's note of what was asked (e.g. its action).
   */
  open(tag: Tag, timeoutMs: number, onTimeout: () => R, send: (reqId: number) => void): Promise<R> {
    const reqId = this.nextId();
    return new Promise<R>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(reqId);
        resolve(onTimeout());
      }, timeoutMs);
      this.waiting.set(reqId, { tag, resolve, timer });
      send(reqId);
    });
  }

  /** A fresh reqId, also for requests nobody waits for (so ids never repeat on one socket). */
  nextId(): number {
    return ++this.lastId;
  }

  /**
   * Settles request `reqId` with `reply` if it is waiting and `matches` its tag (e.g. the reply's action is the
   * request's); returns whether it did. A reply to nothing waiting (late, or never asked) is dropped.
   */
  settle(reqId: unknown, reply: R, matches: (tag: Tag) => boolean = () => true): boolean {
    const waiting = typeof reqId === 'number' ? this.waiting.get(reqId) : undefined;
    if (!waiting || !matches(waiting.tag)) return false;
    clearTimeout(waiting.timer);
    this.waiting.delete(reqId as number);
    waiting.resolve(reply);
    return true;
  }

  /** Settles every waiting request with `reply` but those `keep` spares (they wait on for their own reply). */
  settleAll(reply: R, keep: (tag: Tag) => boolean = () => false): void {
    for (const [reqId, waiting] of [...this.waiting]) {
      if (keep(waiting.tag)) continue;
      clearTimeout(waiting.timer);
      this.waiting.delete(reqId);
      waiting.resolve(reply);
    }
  }
}
