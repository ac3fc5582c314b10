import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';

/**
 * The fork vs spawn vs forkserver lesson as a teacher runs it in browser mode at 1280x720: "Start methods" under
 * the CPU meters, the default interpreter, 2 children per method. Each row fills in from what the lab measured:
 * a start latency, a child's memory, `__main__` run again for spawn and forkserver only, the forkserver among the
 * helpers, and the last run's fork among threads marked as the hazard (in the table, and on its children in the tree).
 */
test('fork vs spawn vs forkserver: a row per run, __main__ again for spawn and forkserver, the fork hazard shown', async ({ page }) => {
  test.setTimeout(200_000);
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'fork vs spawn vs forkserver' }).click();
    const dialog = page.getByRole('dialog', { name: 'fork vs spawn vs forkserver' });
    await expect(dialog.getByLabel('Interpreter', { exact: true })).toBeVisible();
    await dialog.getByLabel('Children per method', { exact: true }).fill('2');
    await dialog.getByRole('button', { name: 'Run lesson' }).click();
    const table = dialog.getByRole('table', { name: /Start methods with/ });
    const row = (name: string) => table.getByRole('row', { name, exact: true });
    await expect(row('fork, a thread running').getByRole('rowheader')).toHaveText(/done/, { timeout: 180_000 });
    for (const name of ['fork', 'spawn', 'forkserver', 'fork, a thread running']) {
      await expect(row(name).getByRole('rowheader')).toHaveText(/done/);
      await expect(row(name).getByRole('cell').nth(0)).toHaveText(/^\d+\.\d ms median of 2 children$/);
      for (const memory of [1, 2, 3]) await expect(row(name).getByRole('cell').nth(memory)).toHaveText(/^[\d.]+ MiB$/);
    }
    await expect(row('fork').getByRole('cell').nth(4)).toHaveText('no');
    await expect(row('spawn').getByRole('cell').nth(4)).toHaveText('yes, 2×');
    await expect(row('forkserver').getByRole('cell').nth(4)).toHaveText('yes, 2×');
    await expect(row('forkserver').getByRole('cell').nth(5)).toContainText('forkserver');
    await expect(row('fork').getByRole('cell').nth(6)).toHaveText('none');
    await expect(row('fork, a thread running').getByRole('cell').nth(6)).toHaveText(/^⚠ forked among \d+ threads/);
    await screenshot(page, 'start-lesson');
    await dialog.getByRole('button', { name: 'Close' }).click();
    // The hazard is on the children in the tree, and the log says the lesson in one line.
    const tree = page.getByRole('region', { name: 'Process tree' });
    const hazardous = tree.locator('tr[data-worker-id]').filter({ hasText: '⚠ fork hazard' }).first();
    await expect(hazardous).toBeVisible();
    // Its details say why, in words.
    await hazardous.click();
    await expect(page.getByRole('region', { name: 'Worker details' }).getByText(/^forked while its parent ran \d+ threads: a lock another thread held at the fork stays held for ever in this child/)).toBeVisible();
    await screenshot(page, 'start-lesson-hazard');
    await expect(page.getByRole('region', { name: 'Event log' }).getByText(/fork vs spawn vs forkserver \(python3/)).toBeVisible();
  } finally {
    await server.stop();
  }
});
