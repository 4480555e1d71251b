/**
 * Debian's coturn (`turnserver`) on loopback for end-to-end tests: TURN REST credentials (`use-auth-secret`),
 * UDP only, `--allow-loopback-peers` so relayed traffic may reach 127.0.0.1. It can be stopped and started again on
 * the same port with the same secret (a TURN server lost and back), which leaves earlier allocations gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Child, freePort, startChild } from '../../unit/server-support.js';

export interface Coturn {
  /** The listening port on 127.0.0.1. */
  port: number;
  /** The shared secret of `use-auth-secret`, for the signalling server's `turn` option. */
  secret: string;
  /** `turn:127.0.0.1:<port>?transport=udp`. */
  url: string;
  /** Stops coturn (SIGKILL by default: gone at once, as a server lost to the network). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port with the same secret, once it listens. */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

/** Starts coturn on a free loopback port and waits until it listens. */
export async function startCoturn(secret = 'coturn-shared-secret-for-the-test'): Promise<Coturn> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gs-turn-'));
  const port = await freePort();
  let child: Child | null = null;
  const start = async () => {
    child = startChild('turnserver', [
      '--use-auth-secret', `--static-auth-secret=${secret}`,
      '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
      '--min-port=49160', '--max-port=49460',
      '--allow-loopback-peers', '--no-tls', '--no-dtls', '--no-cli', '--realm=test', '-n', '--log-file=stdout',
      `--pidfile=${path.join(dir, 'turn.pid')}`, `--userdb=${path.join(dir, 'turn.db')}`,
    ]);
    await child.waitFor(/Total General servers|relay ports initialized|IPv4\. UDP listener opened/i);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGKILL') => {
    await child?.kill(signal);
    child = null;
  };
  await start();
  return {
    port,
    secret,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    stop,
    start,
    async close() {
      await stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
