import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src/shared/content-security-policy';

/**
 * The page's Content Security Policy as a meta tag, written from the one constant at build time in place of
 * the marker in index.html (the Electron window loads the page from a file, where no header can carry it;
 * browser mode sends the header as well). The build fails rather than ship a page without it.
 */
const CSP_MARKER = '<!-- content-security-policy -->';
const contentSecurityPolicyMeta: Plugin = {
  name: 'content-security-policy-meta',
  transformIndexHtml(html) {
    if (!html.includes(CSP_MARKER)) throw new Error(`index.html has lost its ${CSP_MARKER} marker`);
    if (/["&<>]/.test(CONTENT_SECURITY_POLICY)) throw new Error('the policy cannot be written into an attribute as it is');
    return html.replace(CSP_MARKER, `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`);
  },
};

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
    plugins: [react(), contentSecurityPolicyMeta],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves code unminified; the page loads faster in both shells when it is not.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
