/**
 * Liveness and readiness (src/server/http-handler.ts): `/healthz` answers 200 while the process runs; `/readyz`
 * answers 200 only while the server takes new connections, and 503 while it drains (close() under way) or while its
 * Redis (Debian's redis-server on a free loopback port) is unreachable, and 200 again once Redis is back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { createSignallingServer } from '../../src/server/server.js';
import { type Child, delay, freePort, request, start, startChild, withTimeout } from './server-support.js';

const json = async (port: number, path: string) => {
  const answer = await request(port, path);
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> };
};

test('an open server is ready; while it drains /readyz is 503 and /healthz still 200', async (t) => {
  const h = await start(t);
  assert.deepEqual(await json(h.port, '/readyz'), { status: 200, body: { ready: true, draining: false, node: h.server.nodeId } });
  // A device that never reads the server's close frame keeps close() in its grace period: the server drains.
  const device = await h.device('ready-1');
  (device.ws as unknown as { _socket: Socket })._socket.pause();
  const closing = h.server.close();
  const draining = await json(h.port, '/readyz');
  assert.equal(draining.status, 503);
  assert.equal(draining.body.ready, false);
  assert.equal(draining.body.draining, true);
  assert.equal((await json(h.port, '/healthz')).status, 200, 'liveness is not readiness');
  device.ws.terminate();
  await closing;
});

test('with Redis: ready while it answers, 503 while it is down, ready again when it is back', async (t) => {
  const port = await freePort();
  const redisArgs = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  let redis: Child = startChild('redis-server', redisArgs);
  t.after(() => redis.kill('SIGKILL'));
  await redis.waitFor(/Ready to accept connections/);
  const server = createSignallingServer({ redisUrl: `redis://127.0.0.1:${port}`, log: () => {} });
  t.after(() => server.close());
  const http = await server.listen(0, '127.0.0.1');
  const ready = await json(http, '/readyz');
  assert.equal(ready.status, 200);
  assert.equal(ready.body.redis, true);

  await redis.kill('SIGKILL');
  const deadline = Date.now() + 10_000;
  let down = await json(http, '/readyz');
  while (down.status !== 503 && Date.now() < deadline) {
    await delay(50);
    down = await json(http, '/readyz');
  }
  assert.equal(down.status, 503, 'not ready while Redis is unreachable');
  assert.deepEqual([down.body.ready, down.body.redis, down.body.draining], [false, false, false]);
  assert.equal((await json(http, '/healthz')).status, 200);

  redis = startChild('redis-server', redisArgs);
  await redis.waitFor(/Ready to accept connections/);
  await withTimeout(
    (async () => {
      while ((await json(http, '/readyz')).status !== 200) await delay(100);
    })(),
    'ready again after Redis came back',
    15_000,
  );
});
