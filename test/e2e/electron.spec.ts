import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { isRunning } from '../support/procfs';
import { waitFor } from '../support/wait';
import { runLabScenario } from './lab-scenario';

const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY ?? process.env.WAYLAND_DISPLAY);

/** The binary `npm start` would run, or why this spec cannot run here. */
async function electronOrWhy(): Promise<{ binary: string } | { why: string }> {
  // A real ES module import: the finder never require()s electron, which would try to download it.
  const { findElectronBinary } = (await import('../../scripts/electron-binary.mjs')) as typeof import('../../scripts/electron-binary.mjs');
  const binary = findElectronBinary();
  if (binary === null) return { why: 'no Electron binary here (set ELECTRON_EXEC_PATH, or run `npx install-electron` where it can be downloaded)' };
  if (!hasDisplay) return { why: 'no display (run it under xvfb-run)' };
  return { binary };
}

test.describe('the Electron shell', () => {
  test('start, watch, join, terminate and kill real workers; bad input is refused; quitting ends them', async () => {
    const found = await electronOrWhy();
    if ('why' in found) console.log(`electron.spec: SKIPPED, ${found.why}; the same scenario ran in browser mode.`);
    test.skip('why' in found, 'why' in found ? found.why : '');
    const binary = 'binary' in found ? found.binary : '';
    const app = await electron.launch({
      executablePath: binary,
      // Root in a container cannot use Chromium's setuid sandbox; the renderer's own sandbox stays on.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), join(__dirname, '..', '..')],
    });
    const hostPid = app.process().pid!;
    try {
      const page = await app.firstWindow();
      await page.setViewportSize({ width: 1280, height: 720 });
      // The preload's API is all the page has: no Node, no require.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      // The session preload's URL filter let the API into our page (and only there: test/unit/main).
      expect(await page.evaluate(() => typeof (globalThis as { lab?: unknown }).lab)).toBe('object');
      await runLabScenario(page, hostPid, 'electron');
      const rows = page.locator('tr.line-process[data-worker-id]');
      const pids: number[] = [];
      for (let index = 0; index < (await rows.count()); index++) pids.push(Number(await rows.nth(index).getAttribute('data-pid')));
      await app.close();
      await waitFor('every worker process to end with the window', () => pids.every((pid) => !isRunning(pid)), 5_000);
    } finally {
      app.process().kill('SIGKILL');
    }
  });
});
