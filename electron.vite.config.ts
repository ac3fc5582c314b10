import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, RENDERER_BOOTSTRAP, RENDERER_BOOTSTRAP_SHA256, RENDERER_ENTRY } from './src/shared/content-security-policy';

/**
 * The page's Content Security Policy as a meta tag, written from the one constant at build time in place of
 * the marker in index.html (the Electron window loads the page from a file, where no header can carry it;
 * browser mode sends the header as well). In a build, vite's script tag for the bundle becomes the inline
 * bootstrap the policy names by its hash (see src/shared/content-security-policy.ts). The build fails rather
 * than ship a page that its own policy would not run, or one without a policy.
 */
const CSP_MARKER = '<!-- content-security-policy -->';
/** The tag vite writes for the bundle (electron-vite builds with base './'). */
const ENTRY_SCRIPT = `<script type="module" crossorigin src="./${RENDERER_ENTRY}"></script>`;
const contentSecurityPolicy: Plugin = {
  name: 'content-security-policy',
  transformIndexHtml: {
    // After vite has written its own tags, so the bundle's script tag is there to be replaced.
    order: 'post',
    handler(html, context) {
      if (!html.includes(CSP_MARKER)) throw new Error(`index.html has lost its ${CSP_MARKER} marker`);
      if (/["&<>]/.test(CONTENT_SECURITY_POLICY)) throw new Error('the policy cannot be written into an attribute as it is');
      const withPolicy = html.replace(CSP_MARKER, `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`);
      // The dev server serves the sources, not the bundle: there is nothing to bootstrap there.
      if (context.bundle === undefined) return withPolicy;
      if (createHash('sha256').update(RENDERER_BOOTSTRAP).digest('base64') !== RENDERER_BOOTSTRAP_SHA256) {
        throw new Error('RENDERER_BOOTSTRAP_SHA256 is not the hash of RENDERER_BOOTSTRAP');
      }
      if (withPolicy.split(ENTRY_SCRIPT).length !== 2) throw new Error(`vite did not write one ${ENTRY_SCRIPT} to replace`);
      const page = withPolicy.replace(ENTRY_SCRIPT, `<script type="module">${RENDERER_BOOTSTRAP}</script>`);
      if (page.match(/<script\b/g)?.length !== 1) throw new Error('the page has a script besides the bootstrap, which its policy would block');
      return page;
    },
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
          // The core alone, for `npm run bench`: the bench times the lab users run (the build), not the
          // sources under tsx, whose keepNames helper wraps every closure the host makes (~0.9 µs a queue item).
          lab: resolve(__dirname, 'src/core/lab.ts'),
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
    plugins: [react(), contentSecurityPolicy],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves code unminified; the page loads faster in both shells when it is not.
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
        // A fixed name, so the bootstrap that loads it (and the policy's hash of that) never changes.
        output: { entryFileNames: RENDERER_ENTRY },
      },
    },
  },
});
