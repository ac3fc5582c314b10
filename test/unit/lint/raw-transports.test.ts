import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The lint rules that keep raw transports in their bridge files, run through ESLint's own API on small
 * sources placed (in memory) at the paths that matter: each ban must fire where it should and only there.
 */
let eslint: ESLint;
beforeAll(async () => {
  eslint = new ESLint({ cwd: join(__dirname, '..', '..', '..') });
  // The first lint loads the configuration, its plugins and the parser (seconds on a busy 2-core machine: the
  // first case timed out at 5 s in a full run); done here, under a timeout made for it, each case is a lint.
  await eslint.lintText('export {};\n', { filePath: 'src/shared/warm-up.ts' });
}, 60_000);

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId?.startsWith('no-restricted')).map((message) => message.message);
}

const USES_WS = "import WebSocket from 'ws';\nexport const open = (url: string) => new WebSocket(url);\n";
const use = (names: string) => `import { ${names} } from 'electron';\nexport const used = [${names}];\n`;

describe('raw WebSocket (ws)', () => {
  it.each(['src/server/sneaky.ts', 'src/server/nested/sneaky.ts', 'src/core/sneaky.ts', 'src/worker/sneaky.ts', 'src/shared/sneaky.ts', 'src/main/sneaky.ts', 'src/preload/sneaky.ts', 'src/renderer/sneaky.ts'])('is refused in %s', async (file) => {
    expect((await problems(file, USES_WS)).join('\n')).toMatch(/ws-bridge\.ts/);
  });

  it.each(['src/server/ws-bridge.ts', 'src/server/http-server.ts', 'test/support/sneaky.ts', 'bench/sneaky.ts'])('is allowed in %s', async (file) => {
    expect(await problems(file, USES_WS)).toEqual([]);
  });

  it('cannot come in through require or a dynamic import', async () => {
    expect(await problems('src/server/sneaky.ts', "export const ws = import('ws');\n")).toEqual([expect.stringMatching(/statically/)]);
    expect(await problems('src/core/sneaky.ts', "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const ws = require('ws');\n")).toEqual([expect.stringMatching(/statically/)]);
  });
});

describe("electron's raw channels", () => {
  it.each([
    ['src/main/window.ts', 'ipcMain', /lab-bridge\.ts/],
    ['src/main/sneaky.ts', 'MessageChannelMain', /lab-bridge\.ts/],
    ['src/main/sneaky.ts', 'utilityProcess', /lab-bridge\.ts/],
    ['src/main/sneaky.ts', 'ipcRenderer', /preload\/index\.ts/],
    ['src/main/lab-bridge.ts', 'ipcRenderer', /preload\/index\.ts/],
    ['src/main/sneaky.ts', 'contextBridge', /preload\/index\.ts/],
    ['src/preload/index.ts', 'ipcMain', /lab-bridge\.ts/],
    ['src/preload/other.ts', 'ipcRenderer', /preload\/index\.ts/],
    ['src/preload/other.ts', 'contextBridge', /preload\/index\.ts/],
    ['src/core/sneaky.ts', 'ipcMain', /Only src\/main and src\/preload/],
    ['src/server/sneaky.ts', 'ipcRenderer', /Only src\/main and src\/preload/],
    ['src/renderer/sneaky.ts', 'ipcRenderer', /Only src\/main and src\/preload/],
  ])('%s may not import %s', async (file, name, says) => {
    expect((await problems(file, use(name))).join('\n')).toMatch(says);
  });

  it.each([
    ['src/main/lab-bridge.ts', 'ipcMain'],
    ['src/main/window.ts', 'app, BrowserWindow, session'],
    ['src/preload/index.ts', 'contextBridge, ipcRenderer'],
  ])('%s may import %s', async (file, names) => {
    expect(await problems(file, use(names))).toEqual([]);
  });

  it('must be imported by name, so that each name is checked', async () => {
    expect((await problems('src/main/sneaky.ts', "import * as electron from 'electron';\nexport const main = electron.ipcMain;\n")).join('\n')).toMatch(/by name/);
    expect(await problems('src/main/sneaky.ts', "import electron from 'electron';\nexport const main = electron.ipcMain;\n")).toEqual([expect.stringMatching(/by name/)]);
    expect(await problems('src/main/sneaky.ts', "export { ipcMain } from 'electron';\n")).toEqual([expect.stringMatching(/lab-bridge\.ts/)]);
    expect(await problems('src/main/sneaky.ts', "export const late = import('electron');\n")).toEqual([expect.stringMatching(/statically/)]);
  });

  it("keeps a WebContents' own IPC and sends to the page in the bridge", async () => {
    const code = "import type { BrowserWindow } from 'electron';\nexport function sneak(window: BrowserWindow) {\n  window.webContents.ipc.handle('x', () => 1);\n  window.webContents.send('lab:events', []);\n}\n";
    expect(await problems('src/main/window.ts', code)).toHaveLength(2);
    expect(await problems('src/main/lab-bridge.ts', code)).toEqual([]);
  });
});

describe("the page's WebSocket", () => {
  const code = 'export const open = (url: string) => new WebSocket(url);\n';
  it('is refused in the views and allowed in the transport', async () => {
    expect(await problems('src/renderer/views/Sneaky.tsx', code)).toEqual([expect.stringMatching(/src\/renderer\/transport/)]);
    expect(await problems('src/renderer/transport/pick-client.ts', code)).toEqual([]);
  });
});
