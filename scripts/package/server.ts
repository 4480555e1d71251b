/**
 * The server package, gs-screen-share-server-<version>.tgz (`npm run package`), staged in
 * dist/packages/gs-screen-share-server: src/server (and the protocol it shares with the browser) compiled by tsc to
 * ES2022 JavaScript with `.d.ts` and source maps (no tsx at run time), the bin `gs-screen-share-server`
 * (src/server/bin.ts), its dependencies (the packages the compiled modules import, at the repository's ranges),
 * README.md, CHANGELOG.md and LICENSE. The demo pages are not in it: `--static DIR` serves a folder of one's own.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bareImports, emit, packagesDir, rangesOf, repoRoot, rootPackage } from './common.js';

export const serverDir = path.join(packagesDir, 'gs-screen-share-server');

/** Stages the server package in dist/packages/gs-screen-share-server (the caller emptied it). */
export function stageServer(): string {
  const dist = path.join(serverDir, 'dist');
  emit([path.join(repoRoot, 'src/server/bin.ts'), path.join(repoRoot, 'src/server/server.ts')], dist, ['node']);
  const pkg = {
    name: 'gs-screen-share-server',
    version: rootPackage.version,
    description: 'The gs-screen-share signalling server (gs-webrtc-json relay, rooms, health and metrics): `npx gs-screen-share-server --static DIR`.',
    license: rootPackage.license,
    type: 'module',
    bin: { 'gs-screen-share-server': './dist/server/bin.js' },
    main: './dist/server/server.js',
    types: './dist/server/server.d.ts',
    exports: {
      '.': { types: './dist/server/server.d.ts', default: './dist/server/server.js' },
      './package.json': './package.json',
    },
    files: ['dist', 'README.md', 'CHANGELOG.md', 'LICENSE'],
    engines: { node: '>=20' },
    dependencies: rangesOf(bareImports(dist)),
  };
  writeFileSync(path.join(serverDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) copyFileSync(path.join(repoRoot, file), path.join(serverDir, file));
  return serverDir;
}
