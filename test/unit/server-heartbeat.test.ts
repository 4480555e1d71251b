// The heartbeat's timers run on node:test's mock clock (setInterval and Date): each test moves time itself, so what
// it asserts about ticks and periods is exact, whatever else loads the machine.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_HEARTBEAT_SLICES, startHeartbeat, type Beating } from '../../src/server/heartbeat.js';

class Fake implements Beating {
  alive = true;
  pings: number[] = [];
  terminated = false;
  constructor(readonly answers: boolean) {}
  ping(): void {
    this.pings.push(Date.now());
    if (this.answers) queueMicrotask(() => (this.alive = true));
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** Moves the mock clock `ms` forward in `step` ms steps, letting the pongs (microtasks) in between. */
async function advance(t: TestContext, ms: number, step = 10, stopWhen: () => boolean = () => false): Promise<void> {
  for (let moved = 0; moved < ms && !stopWhen(); moved += step) {
    t.mock.timers.tick(step);
    await Promise.resolve();
  }
}

const mockClock = (t: TestContext) => t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 });

test('every connection is pinged once per period, the pings spread over the period rather than in one tick', async (t) => {
  mockClock(t);
  const periodMs = 2_000;
  const conns = new Set(Array.from({ length: 200 }, () => new Fake(true)));
  const started = Date.now();
  const stop = startHeartbeat({ periodMs, connections: conns, onDead: () => assert.fail('nobody is dead') });
  await advance(t, periodMs + 50);
  stop();
  const times = [...conns].map((c) => c.pings);
  assert.ok(times.every((t) => t.length === 1), `pings per connection: ${[...new Set(times.map((t) => t.length))]}`);
  // 20 slices of 100 ms: each tick pings a twentieth of the connections.
  const ticks = new Map<number, number>();
  for (const [t] of times) {
    const slot = Math.round((t - started) / (periodMs / MAX_HEARTBEAT_SLICES));
    ticks.set(slot, (ticks.get(slot) ?? 0) + 1);
  }
  assert.equal(ticks.size, MAX_HEARTBEAT_SLICES, `ticks that pinged: ${[...ticks.keys()]}`);
  assert.ok(Math.max(...ticks.values()) <= 200 / MAX_HEARTBEAT_SLICES + 1, `most pings in one tick: ${Math.max(...ticks.values())}`);
});

test('a connection that does not answer is reported and terminated at its next turn, within two periods; the others stay', async (t) => {
  mockClock(t);
  const periodMs = 400;
  const deaf = new Fake(false);
  const fine = Array.from({ length: 10 }, () => new Fake(true));
  const conns = new Set<Fake>([deaf, ...fine]);
  const dead: Fake[] = [];
  let rounds = 0;
  const started = Date.now();
  const stop = startHeartbeat({ periodMs, connections: conns, onDead: (c) => dead.push(c), onRound: () => rounds++ });
  await advance(t, 3 * periodMs, 10, () => deaf.terminated);
  const took = Date.now() - started;
  stop();
  assert.ok(deaf.terminated, 'the deaf connection is terminated');
  // Pinged at its first turn (one slice in), terminated at its next: one period later.
  assert.ok(took <= 2 * periodMs, `took ${took} ms`);
  assert.deepEqual(dead, [deaf]);
  assert.ok(fine.every((c) => !c.terminated && c.pings.length >= 1));
  assert.ok(rounds >= 1, 'onRound runs once per period');
});

test('a short period uses fewer slices: no tick is shorter than 50 ms', async (t) => {
  mockClock(t);
  const conns = new Set([new Fake(true), new Fake(true)]);
  const stop = startHeartbeat({ periodMs: 100, connections: conns, onDead: () => {} });
  await advance(t, 130);
  stop();
  // 100 ms / 50 ms = 2 slices: one connection per tick, both pinged within the period.
  const [a, b] = [...conns];
  assert.equal(a.pings.length, 1);
  assert.equal(b.pings.length, 1);
  assert.equal(Math.abs(a.pings[0] - b.pings[0]), 50, 'in different ticks, 50 ms apart');
});
