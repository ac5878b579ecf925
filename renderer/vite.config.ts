import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Relative asset URLs let the same build load from /admin/ over HTTP and from a
// file in the desktop app. Routes live in the URL hash for the same reason.
// Run it as `vite build renderer`, which makes this folder the root.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    // `vite` in renderer/ during development: the API comes from a running `lyre serve`.
    proxy: { '/api': process.env.LYRE_ADMIN_URL ?? 'http://127.0.0.1:8025' },
  },
});
