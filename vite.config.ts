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
  // demo/vue.html compiles its template in the browser: Vue's full build, with its feature flags set.
  resolve: { alias: { vue: 'vue/dist/vue.esm-bundler.js' } },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
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
