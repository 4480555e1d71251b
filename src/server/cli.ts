/**
 * The signalling server's command line, shared by the repository's entry (main.ts, which serves the demo) and the
 * package's bin (bin.ts, `gs-screen-share-server`, which serves only what `--static DIR` names). Configuration from
 * flags and the environment (config.ts; `--help` lists them; docs/server.md "Configuration"). A missing static
 * folder is not fatal: the server starts and warns. Logs are pino JSON lines on stderr; the one stdout line says
 * where the server listens (`… on http://localhost:PORT …`).
 *
 * SIGINT / SIGTERM → close() (`/readyz` answers 503 from then on; every socket closed 1001 "server shutting down")
 * and exit 0.
 */
import { existsSync } from 'node:fs';
import { USAGE, readConfig } from './config.js';
import { createPinoLogger } from './log.js';
import { createSignallingServer } from './server.js';

/** Runs the server from `argv` and `env`; `defaultStaticDir` is served when no `--static` / STATIC_DIR is given. */
export async function runCli(defaultStaticDir: string | undefined, argv = process.argv.slice(2), env = process.env): Promise<void> {
  const config = readConfig(env, argv, defaultStaticDir);
  if (!config) {
    console.log(USAGE);
    return;
  }
  const log = createPinoLogger(config.logLevel);
  const { options } = config;
  if (options.staticDir && !existsSync(options.staticDir)) {
    const hint = options.staticDir === defaultStaticDir ? '; run `npm run build` to build the demo pages' : '';
    log.warn({ staticDir: options.staticDir }, `static folder does not exist${hint}`);
  }
  if (!options.jwtSecret && !options.jwtPublicKey) {
    log.warn({ host: config.host }, 'no JWT_SECRET or JWT_PUBLIC_KEY: running open, any client may join any line or room');
  }
  const server = createSignallingServer({ ...options, log });
  const bound = await server.listen(config.port, config.host);
  log.info({ port: bound, host: config.host, node: server.nodeId, redis: Boolean(options.redisUrl) }, 'listening');
  const pages = options.staticDir ? `static files from ${options.staticDir}, ` : '';
  console.log(
    `gs-screen-share signalling server on http://localhost:${bound} (${pages}` +
      `pages ws://localhost:${bound}/terminals/<id>, devices ws://localhost:${bound}/terminals/<id>/device, ` +
      `rooms ws://localhost:${bound}/rooms/<name>, liveness /healthz, readiness /readyz)`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ error: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Runs {@link runCli} as a process's main module: an error is printed and the process exits 1. */
export function main(defaultStaticDir: string | undefined): void {
  runCli(defaultStaticDir).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
