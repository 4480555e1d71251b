/**
 * CLI entry of the signalling server: `node --import tsx src/server/main.ts [--port N] [--host H] …`.
 * Configuration from flags and the environment (config.ts; `--help` lists them; docs/server.md "Configuration").
 * A missing static folder is not fatal: the server starts and warns to run `npm run build`.
 * Logs are pino JSON lines on stderr; the one stdout line says where the server listens (`… on http://localhost:PORT …`).
 *
 * SIGINT / SIGTERM → close() (every socket closed 1001 "server shutting down") and exit 0.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { USAGE, readConfig } from './config.js';
import { createPinoLogger } from './log.js';
import { createSignallingServer } from './server.js';

/** The default static folder: `<repo>/dist/demo`. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/demo', import.meta.url));

async function main(): Promise<void> {
  const config = readConfig(process.env, process.argv.slice(2), DEFAULT_STATIC_DIR);
  if (!config) {
    console.log(USAGE);
    return;
  }
  const log = createPinoLogger(config.logLevel);
  const { options } = config;
  if (options.staticDir && !existsSync(options.staticDir)) {
    log.warn({ staticDir: options.staticDir }, 'static folder does not exist; run `npm run build` to build the demo pages');
  }
  if (!options.jwtSecret && !options.jwtPublicKey) {
    log.warn({}, 'no JWT_SECRET or JWT_PUBLIC_KEY: running open, any client may join any line or room');
  }
  const server = createSignallingServer({ ...options, log });
  const bound = await server.listen(config.port, config.host);
  log.info({ port: bound, host: config.host, node: server.nodeId, redis: Boolean(options.redisUrl) }, 'listening');
  console.log(
    `gs-screen-share signalling server on http://localhost:${bound} (demo sharer /, terminal /terminal.html?id=<id>, ` +
      `pages ws://localhost:${bound}/terminals/<id>, devices ws://localhost:${bound}/terminals/<id>/device, ` +
      `rooms ws://localhost:${bound}/rooms/<name>)`,
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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
