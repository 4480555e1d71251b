/**
 * `npm run package`: the two installable packages, in dist/packages/:
 *   - gs-screen-share-<version>.tgz, the elements (scripts/package/elements.ts);
 *   - gs-screen-share-server-<version>.tgz, the signalling server (scripts/package/server.ts).
 * Each is staged in a folder beside its tarball (dist/packages/gs-screen-share/, …) and packed there with `npm pack`.
 * The version is package.json's. Prints the tarballs' paths, one a line.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pack, packagesDir } from './package/common.js';
import { elementsDir, stageElements } from './package/elements.js';
import { serverDir, stageServer } from './package/server.js';

/** Builds and packs both packages; resolves the tarballs' paths (elements first). */
export async function buildPackages(): Promise<{ elements: string; server: string }> {
  rmSync(packagesDir, { recursive: true, force: true });
  for (const dir of [elementsDir, serverDir]) mkdirSync(dir, { recursive: true });
  await stageElements();
  stageServer();
  return { elements: pack(elementsDir), server: pack(serverDir) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildPackages().then(
    ({ elements, server }) => console.log(`${elements}\n${server}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
