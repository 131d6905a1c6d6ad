// Builds the Svelte client into dist/client, which the server serves under /.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  plugins: [svelte({ configFile: '../svelte.config.js' })],
  // The editor chunk (CodeMirror, Yjs, the preview) is loaded lazily and is ~170 KB gzipped; the
  // first page stays under 100 KB gzipped (tests/browser/bundle-size.test.ts checks it).
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 700 },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/collab': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
