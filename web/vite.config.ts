import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The web app, built into `dist/web` of the package, which `heritage serve` serves at `/`
 * beside the API at `/api`. `vite` (dev) forwards `/api` to a `heritage serve` on 8420.
 */
export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: path.join(here, '..', 'dist', 'web'),
    emptyOutDir: true,
    target: 'es2022',
    // No source maps in the package: smaller, and faster to build.
    sourcemap: false,
    // The helmet policy forbids inline scripts; Vite writes none, and no inline data URLs either.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8420' } },
});
