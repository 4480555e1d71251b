// The demo: every demo/*.html page built into dist/demo, which the signalling server (src/server) serves.
// `npm run dev` serves demo/ with hot reload; the pages import ../src/... TypeScript directly.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const demoDir = resolve(repoRoot, 'demo');

const pages = Object.fromEntries(
  readdirSync(demoDir)
    .filter((name) => name.endsWith('.html'))
    .sort()
    .map((name) => [name.slice(0, -'.html'.length), resolve(demoDir, name)]),
);

export default defineConfig({
  root: demoDir,
  base: './',
  // Keep the demo's own tsconfig handling (experimentalDecorators, useDefineForClassFields: false) from tsconfig.json.
  build: {
    outDir: resolve(repoRoot, 'dist/demo'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: { input: pages },
  },
  server: {
    // The demo pages import ../src/**: let the dev server read the whole repository.
    fs: { allow: [repoRoot] },
  },
});
