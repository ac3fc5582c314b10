import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layers are enforced here (DESIGN.md): shared imports nothing of ours; core and worker import shared and
 * Node; main and server import core and shared; preload imports shared and electron; renderer imports
 * shared only.
 *
 * Raw transports are wrapped once, in their bridge files, and banned by import name everywhere else in
 * src/ (test/unit/lint/raw-transports.test.ts proves each ban fires): `ws` only in src/server/ws-bridge.ts
 * and http-server.ts; electron's main-side channels (ipcMain, MessageChannelMain, utilityProcess, and a
 * WebContents' own `.ipc`, `.send`, `.postMessage`) only in src/main/lab-bridge.ts; its page-side ones
 * (ipcRenderer, contextBridge) only in src/preload/index.ts; the browser's WebSocket only in
 * src/renderer/transport/. electron may be imported only by name, so each name can be checked (no
 * default or namespace import, no require, no dynamic import). Tests and benchmarks are clients and may
 * use ws.
 */
const ours = (...layers) => layers.map((layer) => `**/${layer}/**`);

const WS_BRIDGES = ['src/server/ws-bridge.ts', 'src/server/http-server.ts'];
const MAIN_BRIDGE = 'src/main/lab-bridge.ts';
const PRELOAD_BRIDGE = 'src/preload/index.ts';
const RENDERER_TRANSPORT = 'src/renderer/transport/**';

const electronOnly = { name: 'electron', message: 'Only src/main and src/preload may import electron; the core runs in plain Node.' };
const wsOnly = { name: 'ws', message: `Only ${WS_BRIDGES.join(' and ')} touch the WebSocket.` };
const electronByName = { name: 'electron', importNames: ['default'], message: 'Import from electron by name, so lint can see which channels a file uses.' };
const mainChannels = { name: 'electron', importNames: ['ipcMain', 'MessageChannelMain', 'MessagePortMain', 'utilityProcess'], message: `Raw main-process channels are wrapped once, in ${MAIN_BRIDGE}.` };
const pageChannels = { name: 'electron', importNames: ['ipcRenderer', 'contextBridge'], message: `ipcRenderer and contextBridge are used once, in ${PRELOAD_BRIDGE}: one narrow API object.` };
const nodeBuiltins = ['node:*', 'fs', 'path', 'child_process', 'os', 'worker_threads', 'net', 'http'];

/** The import rule of one folder: which of our layers it may not import, and which modules or names. */
function importRule(forbidden, message, paths) {
  return ['error', { paths, patterns: [{ group: forbidden, message }] }];
}

const LAYERS = {
  shared: [[...ours('core', 'worker', 'main', 'preload', 'server', 'renderer'), ...nodeBuiltins], 'src/shared is pure: it imports nothing of ours and no Node.'],
  core: [ours('worker', 'main', 'preload', 'server', 'renderer'), 'src/core imports only src/shared and Node.'],
  worker: [ours('core', 'main', 'preload', 'server', 'renderer'), 'src/worker imports only src/shared and Node.'],
  main: [ours('worker', 'preload', 'server', 'renderer'), 'src/main imports only src/core and src/shared.'],
  server: [ours('worker', 'main', 'preload', 'renderer'), 'src/server imports only src/core and src/shared.'],
  preload: [[...ours('core', 'worker', 'main', 'server', 'renderer'), ...nodeBuiltins], 'src/preload imports only src/shared and electron.'],
  renderer: [[...ours('core', 'worker', 'main', 'preload', 'server'), ...nodeBuiltins], 'src/renderer imports only src/shared.'],
};
const layer = (name, paths, files = [`src/${name}/**`], ignores = []) => ({ files, ignores, rules: { 'no-restricted-imports': importRule(...LAYERS[name], paths) } });

/** `require('ws')` or `import('electron')` would slip past no-restricted-imports. */
const noHiddenImports = ['ws', 'electron'].flatMap((name) => [
  { selector: `ImportExpression[source.value='${name}']`, message: `Import ${name} statically, so the transport rules can see it.` },
  { selector: `CallExpression[callee.name='require'][arguments.0.value='${name}']`, message: `Import ${name} statically, so the transport rules can see it.` },
]);
/** In the main process, a WebContents carries its own IPC (`contents.ipc.handle`) and sends to the page directly. */
const webContentsChannels = [
  { selector: "MemberExpression[property.name='ipc']", message: `A WebContents' own IPC is a raw channel: use ${MAIN_BRIDGE}.` },
  { selector: "MemberExpression[object.property.name='webContents'][property.name=/^(send|sendToFrame|postMessage)$/]", message: `Messages to the page go through ${MAIN_BRIDGE}.` },
];

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
  layer('shared', [electronOnly, wsOnly]),
  layer('core', [electronOnly, wsOnly]),
  layer('worker', [electronOnly, wsOnly]),
  layer('main', [wsOnly, electronByName, mainChannels, pageChannels], ['src/main/**'], [MAIN_BRIDGE]),
  layer('main', [wsOnly, electronByName, pageChannels], [MAIN_BRIDGE]),
  layer('server', [electronOnly, wsOnly], ['src/server/**'], WS_BRIDGES),
  layer('server', [electronOnly], WS_BRIDGES),
  layer('preload', [wsOnly, electronByName, mainChannels, pageChannels], ['src/preload/**'], [PRELOAD_BRIDGE]),
  layer('preload', [wsOnly, electronByName, mainChannels], [PRELOAD_BRIDGE]),
  layer('renderer', [electronOnly, wsOnly]),
  { files: ['src/**'], rules: { 'no-restricted-syntax': ['error', ...noHiddenImports] } },
  { files: ['src/main/**'], ignores: [MAIN_BRIDGE], rules: { 'no-restricted-syntax': ['error', ...noHiddenImports, ...webContentsChannels] } },
  {
    files: ['src/renderer/**'],
    ignores: [RENDERER_TRANSPORT],
    rules: { 'no-restricted-globals': ['error', { name: 'WebSocket', message: 'The page talks to the lab through src/renderer/transport/.' }] },
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
