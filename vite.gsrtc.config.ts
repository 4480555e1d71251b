// The classic-script build of gsRTC: one IIFE that sets window.gsRTC and the original's global functions.
// It lands beside the demo (dist/demo/gsRTC.js), so the gsRTC demo page loads it with a plain <script> tag.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: resolve(repoRoot, 'dist/demo'),
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    lib: {
      entry: resolve(repoRoot, 'src/gsrtc/classic.ts'),
      formats: ['iife'],
      name: 'gsRTCClassic',
      fileName: () => 'gsRTC.js',
    },
  },
});
