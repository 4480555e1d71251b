/**
 * CLI entry of the signalling server: `node --import tsx src/server/main.ts`.
 *
 * Environment:
 * - `PORT` (default 3000; 0 = an ephemeral port),
 * - `HOST` (default `0.0.0.0`, every IPv4 interface; the printed URLs say `localhost`),
 * - `STATIC_DIR` (default `<repo>/dist/demo`, resolved from this file's location; a relative value is resolved
 *   from the working directory). A missing folder is not fatal: the server starts and warns to run `npm run build`.
 *
 * SIGINT / SIGTERM → close() (every socket closed 1001) and exit 0.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSignallingServer } from './server.js';

/** The default static folder: `<repo>/dist/demo`. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/demo', import.meta.url));

function portFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}

async function main(): Promise<void> {
  const port = portFromEnv(process.env.PORT);
  const host = process.env.HOST || '0.0.0.0';
  const staticDir = path.resolve(process.env.STATIC_DIR || DEFAULT_STATIC_DIR);
  if (!existsSync(staticDir)) {
    console.warn(`warning: static folder ${staticDir} does not exist; run \`npm run build\` to build the demo pages`);
  }
  const server = createSignallingServer({ staticDir });
  const bound = await server.listen(port, host);
  console.log(
    `gs-screen-share signalling server on http://localhost:${bound} (demo sharer /, terminal /terminal.html?id=<id>, ` +
      `pages ws://localhost:${bound}/terminals/<id>, devices ws://localhost:${bound}/terminals/<id>/device)`,
  );
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
