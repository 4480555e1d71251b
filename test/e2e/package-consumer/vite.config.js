// The portal's own Vite build: two pages, no special settings for the package.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { outDir: 'www/app', rollupOptions: { input: { index: 'index.html', react: 'react.html' } } },
});
