/** The server's configuration from the environment and flags (src/server/config.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from '../../src/server/config.js';

test('defaults, env and flags (flags win); secrets from env only', () => {
  const d = readConfig({}, [], '/srv/demo')!;
  assert.equal(d.port, 3000);
  assert.equal(d.host, '127.0.0.1', 'an open server listens on loopback only');
  assert.equal(d.logLevel, 'info');
  assert.equal(d.options.staticDir, '/srv/demo');
  assert.equal(d.options.jwtSecret, undefined);
  const c = readConfig(
    { PORT: '4000', HOST: '127.0.0.1', ALLOWED_ORIGINS: 'https://a.example, https://b.example', JWT_SECRET: 's'.repeat(32), REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT: '5/9', TURN_SECRET: 't', TURN_URLS: 'turn:x:3478', DEMO_TOKENS: '1', LOG_LEVEL: 'debug' },
    ['--port', '5000', '--max-payload', '1000', '--ip-rate-limit', '7', '--handshake-timeout-ms', '0'],
    '/srv/demo',
  )!;
  assert.equal(c.port, 5000);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.logLevel, 'debug');
  assert.deepEqual(c.options.allowedOrigins, ['https://a.example', 'https://b.example']);
  assert.equal(c.options.jwtSecret, 's'.repeat(32));
  assert.equal(c.options.redisUrl, 'redis://127.0.0.1:1');
  assert.equal(c.options.maxPayload, 1000);
  assert.equal(c.options.handshakeTimeoutMs, 0);
  assert.deepEqual(c.options.rateLimits, { messagesPerSecond: 5, messageBurst: 9, ipMessagesPerSecond: 7, ipMessageBurst: 28 });
  assert.deepEqual(c.options.turn, { secret: 't', urls: ['turn:x:3478'], ttlSeconds: 3600 });
  assert.equal(c.options.demoTokens, true);
  assert.equal(readConfig({}, ['--help'], '/x'), null);
});

test('HOST defaults to loopback while open, to every interface once tokens are configured; HOST always wins', () => {
  assert.equal(readConfig({}, [])!.host, '127.0.0.1');
  assert.equal(readConfig({ JWT_SECRET: 's'.repeat(32) }, [])!.host, '0.0.0.0');
  assert.equal(readConfig({ JWT_PUBLIC_KEY: 'pem' }, [])!.host, '0.0.0.0');
  assert.equal(readConfig({ HOST: '0.0.0.0' }, [])!.host, '0.0.0.0');
  assert.equal(readConfig({ JWT_SECRET: 's'.repeat(32) }, ['--host', '::1'])!.host, '::1');
});

test('--static DIR (or --static-dir, STATIC_DIR) serves a folder; without one and no default, none', () => {
  assert.equal(readConfig({}, [])!.options.staticDir, undefined);
  assert.equal(readConfig({}, ['--static', '/srv/site'])!.options.staticDir, '/srv/site');
  assert.equal(readConfig({}, ['--static-dir', '/srv/a'], '/srv/demo')!.options.staticDir, '/srv/a');
  assert.equal(readConfig({ STATIC_DIR: '/srv/b' }, [], '/srv/demo')!.options.staticDir, '/srv/b');
  assert.equal(readConfig({ STATIC_DIR: '/srv/b' }, ['--static', '/srv/c'])!.options.staticDir, '/srv/c');
});

test('bad settings are rejected with a TypeError naming them', () => {
  assert.throws(() => readConfig({ PORT: '70000' }, [], '/x'), /PORT/);
  assert.throws(() => readConfig({}, ['--max-payload', 'lots'], '/x'), /MAX_PAYLOAD/);
  assert.throws(() => readConfig({ LOG_LEVEL: 'loud' }, [], '/x'), /LOG_LEVEL/);
  assert.throws(() => readConfig({ TURN_SECRET: 'x' }, [], '/x'), /TURN/);
  assert.throws(() => readConfig({}, ['--jwt-secret', 'x'], '/x'), /Unknown option/);
});
