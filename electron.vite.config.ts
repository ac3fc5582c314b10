import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * One build for everything. `out/node` holds the Node side: the Electron main, the browser-mode server,
 * and the two worker entries (files of their own, because threads and child processes load them by path).
 * The preload is CommonJS because sandboxed preloads cannot be ES modules.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/node',
      rollupOptions: {
        input: {
          main: resolve(__dirname, 'src/main/index.ts'),
          server: resolve(__dirname, 'src/server/cli.ts'),
          'worker-thread': resolve(__dirname, 'src/worker/thread-entry.ts'),
          'worker-process': resolve(__dirname, 'src/worker/process-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves code unminified; the page loads faster in both shells when it is not.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
