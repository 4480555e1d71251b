/**
 * The repository's entry of the signalling server: `node --import tsx src/server/main.ts [--port N] [--host H] …`
 * (`npm start`, `npm run serve`). It serves the demo pages (`npm run build` → dist/demo) unless `--static DIR` says
 * otherwise; the package's bin (bin.ts) is the same server without a default folder. cli.ts has the rest.
 */
import { fileURLToPath } from 'node:url';
import { main } from './cli.js';

/** The default static folder: `<repo>/dist/demo`. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/demo', import.meta.url));

main(DEFAULT_STATIC_DIR);
