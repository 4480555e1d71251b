/**
 * Rate limits: token buckets per connection and per client IP address.
 * A bucket holds up to `burst` tokens and refills at `rate` tokens a second; each message (or upgrade) takes one.
 * A rate of 0 means unlimited.
 */

/** One token bucket. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now = performance.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token if there is one; false when the bucket is empty (always true with a rate of 0). */
  take(now = performance.now()): boolean {
    if (this.rate <= 0) return true;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when the bucket has refilled completely (nothing to remember about its owner). */
  full(now = performance.now()): boolean {
    return this.rate <= 0 || this.tokens + ((now - this.last) / 1000) * this.rate >= this.burst;
  }
}

/** The rate limits of a server (0 = unlimited); see docs/server.md "Limits". */
export interface RateLimits {
  /** Messages a second one connection may send (sustained). Default 50. */
  messagesPerSecond: number;
  /** Messages one connection may send in a burst. Default 200. */
  messageBurst: number;
  /** Messages a second all connections of one IP address may send together. Default 500. */
  ipMessagesPerSecond: number;
  /** Burst of all connections of one IP address. Default 1000. */
  ipMessageBurst: number;
  /** WebSocket upgrades a second from one IP address (over → HTTP 429). Default 20. */
  ipUpgradesPerSecond: number;
  /** Burst of upgrades from one IP address. Default 100. */
  ipUpgradeBurst: number;
  /** Open WebSocket connections from one IP address (over → HTTP 429). Default 1000. */
  maxConnectionsPerIp: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  messagesPerSecond: 50,
  messageBurst: 200,
  ipMessagesPerSecond: 500,
  ipMessageBurst: 1000,
  ipUpgradesPerSecond: 20,
  ipUpgradeBurst: 100,
  maxConnectionsPerIp: 1000,
};

/** Rate limits off: for benchmarks and load tests from one address. */
export const NO_RATE_LIMITS: RateLimits = {
  messagesPerSecond: 0,
  messageBurst: 0,
  ipMessagesPerSecond: 0,
  ipMessageBurst: 0,
  ipUpgradesPerSecond: 0,
  ipUpgradeBurst: 0,
  maxConnectionsPerIp: 0,
};

interface IpEntry {
  connections: number;
  messages: TokenBucket;
  upgrades: TokenBucket;
}

/** Per-IP state: open connections, a message bucket shared by its connections, an upgrade bucket. */
export class IpTable {
  private readonly entries = new Map<string, IpEntry>();

  constructor(private readonly limits: RateLimits) {}

  private entry(ip: string): IpEntry {
    let e = this.entries.get(ip);
    if (!e) {
      e = {
        connections: 0,
        messages: new TokenBucket(this.limits.ipMessagesPerSecond, this.limits.ipMessageBurst),
        upgrades: new TokenBucket(this.limits.ipUpgradesPerSecond, this.limits.ipUpgradeBurst),
      };
      this.entries.set(ip, e);
    }
    return e;
  }

  /** Whether `ip` may open one more connection now (takes an upgrade token): null, or why not. */
  admit(ip: string): string | null {
    const e = this.entry(ip);
    if (this.limits.maxConnectionsPerIp > 0 && e.connections >= this.limits.maxConnectionsPerIp) return 'too many connections from this address';
    if (!e.upgrades.take()) return 'too many connection attempts from this address';
    return null;
  }

  opened(ip: string): void {
    this.entry(ip).connections += 1;
  }

  closed(ip: string): void {
    const e = this.entries.get(ip);
    if (e) e.connections = Math.max(0, e.connections - 1);
  }

  /** Takes one message token of `ip`'s shared bucket; `now` is `performance.now()`, in ms. */
  message(ip: string, now = performance.now()): boolean {
    return this.entry(ip).messages.take(now);
  }

  /** Forgets addresses with no connection and full buckets (called from the heartbeat). */
  sweep(): void {
    const now = performance.now();
    for (const [ip, e] of this.entries) {
      if (e.connections === 0 && e.messages.full(now) && e.upgrades.full(now)) this.entries.delete(ip);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
