import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';

/**
 * The GIL lesson as a teacher runs it in browser mode at 1280x720: "GIL lesson" in the CPU cores panel, 2 threads
 * then 2 processes of the same CPU-bound function under python3; both columns fill in from the lab's own
 * samples (wall time, CPU in all, per core, per counter) and the threads read GIL-bound, the processes not.
 * The machine is shared: what is checked is what load does not change.
 */
test('threads vs processes: two runs side by side, the threads GIL-bound and the processes not', async ({ page }) => {
  test.setTimeout(200_000);
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Threads vs processes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Threads vs processes' });
    await expect(dialog.getByLabel('Interpreter', { exact: true })).toBeVisible();
    await dialog.getByLabel('Threads, then processes', { exact: true }).fill('2');
    await dialog.getByRole('button', { name: 'Run comparison' }).click();
    const threads = dialog.getByRole('region', { name: '2 threads' });
    const processes = dialog.getByRole('region', { name: '2 processes' });
    await expect(threads.getByRole('heading', { name: /2 threads running/ })).toBeVisible({ timeout: 30_000 });
    await expect(processes.getByRole('heading', { name: /2 processes done/ })).toBeVisible({ timeout: 180_000 });
    await expect(threads.getByRole('heading', { name: /2 threads done/ })).toBeVisible();
    // Each column: its counters by the names the program gave them, and every core's load.
    for (const column of [threads, processes]) {
      const counters = column.getByRole('list', { name: /Per (thread|process)/ });
      await expect(counters.getByRole('meter', { name: /^counter-1: \d+% of a core$/ })).toBeVisible();
      await expect(counters.getByRole('meter', { name: /^counter-2: \d+% of a core$/ })).toBeVisible();
      await expect(column.getByRole('list', { name: 'Per core' }).getByRole('meter')).not.toHaveCount(0);
      await expect(column.getByText(/^\d+\.\d s$/)).toBeVisible();
    }
    await expect(threads.getByText(/^([1-9]\d*)% of samples$/)).toBeVisible();
    await expect(processes.getByText('0% of samples', { exact: true })).toBeVisible();
    await screenshot(page, 'gil-comparison');
    await dialog.getByRole('button', { name: 'Close' }).click();
    // The log says it in one line.
    await expect(page.getByRole('region', { name: 'Event log' }).getByText(/threads vs processes \(python3/)).toBeVisible();
  } finally {
    await server.stop();
  }
});
