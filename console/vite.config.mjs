// The console SPA: built by scripts/build.mjs into dist/console-app/, served by `hsmtrail serve` at /console/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/console-app', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // Cloudscape is one large vendor chunk; the warning limit is raised to its size, not hidden.
    chunkSizeWarningLimit: 2500,
    assetsInlineLimit: 0,
  },
});
