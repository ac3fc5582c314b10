import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layers are enforced here (DESIGN.md): shared imports nothing of ours; core and worker import shared and
 * Node; main and server import core and shared; preload imports shared and electron; renderer imports
 * shared only. Raw transports (ipcMain/ipcRenderer, ws) are allowed only in their bridge files.
 */
const ours = (...layers) => layers.map((layer) => `**/${layer}/**`);

function layer(files, forbidden, message, extraPaths = []) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: extraPaths,
          patterns: [{ group: forbidden, message }],
        },
      ],
    },
  };
}

const electronOnly = { name: 'electron', message: 'Only src/main and src/preload may import electron; the core runs in plain Node.' };
const wsOnly = { name: 'ws', message: 'Only src/server/ws-bridge.ts and http-server.ts touch the WebSocket.' };
const nodeBuiltins = ['node:*', 'fs', 'path', 'child_process', 'os', 'worker_threads', 'net', 'http'];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', '**/*.d.mts'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  layer(['src/shared/**'], [...ours('core', 'worker', 'main', 'preload', 'server', 'renderer'), ...nodeBuiltins], 'src/shared is pure: it imports nothing of ours and no Node.', [electronOnly]),
  layer(['src/core/**'], ours('worker', 'main', 'preload', 'server', 'renderer'), 'src/core imports only src/shared and Node.', [electronOnly, wsOnly]),
  layer(['src/worker/**'], ours('core', 'main', 'preload', 'server', 'renderer'), 'src/worker imports only src/shared and Node.', [electronOnly, wsOnly]),
  layer(['src/main/**'], ours('worker', 'preload', 'server', 'renderer'), 'src/main imports only src/core and src/shared.', [wsOnly]),
  layer(['src/server/**'], ours('worker', 'main', 'preload', 'renderer'), 'src/server imports only src/core and src/shared.', [electronOnly]),
  layer(['src/preload/**'], [...ours('core', 'worker', 'main', 'server', 'renderer'), ...nodeBuiltins], 'src/preload imports only src/shared and electron.', [wsOnly]),
  layer(['src/renderer/**'], [...ours('core', 'worker', 'main', 'preload', 'server'), ...nodeBuiltins], 'src/renderer imports only src/shared.', [electronOnly, wsOnly]),
  {
    files: ['src/server/ws-bridge.ts', 'src/server/http-server.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [{ group: ours('worker', 'main', 'preload', 'renderer'), message: 'src/server imports only src/core and src/shared.' }] }],
    },
  },
  {
    // ipcMain and ipcRenderer are wrapped once, in the bridge files.
    files: ['src/main/**'],
    ignores: ['src/main/lab-bridge.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: "ImportSpecifier[imported.name='ipcMain']", message: 'Use src/main/lab-bridge.ts.' }] },
  },
  {
    // Raw baselines for the benchmarks are deliberately plain CommonJS: no lab code, no TypeScript.
    files: ['bench/fixtures/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
