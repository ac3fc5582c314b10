import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * The GIL as the process tree shows it (docs/python.md, "The GIL, inferred from the OS"): a Python program
 * started from the Start dialog runs two CPU-bound threads; within a few samples both rows' state reads
 * "GIL wait" (runnable, waiting for the GIL: its share in the title), inferred from /proc; the program's idle main thread never does.
 */
const TWO_COUNTERS = `import threading
def count():
    n = 0
    while True:
        n += 1
for name in ("counter-1", "counter-2"):
    threading.Thread(target=count, name=name, daemon=True).start()
threading.Event().wait()
`;

test('python: two CPU-bound threads read "GIL wait" in the tree and in the table', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    const tree = region(page, 'Process tree');
    await expect(tree.locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.getByRole('button', { name: 'Start workers' }).click();
    const start = page.getByRole('dialog', { name: 'Start workers' });
    await start.getByLabel('Kind', { exact: true }).selectOption('python');
    await start.getByLabel('Name prefix', { exact: true }).fill('gil');
    await start.getByLabel('Code', { exact: true }).fill(TWO_COUNTERS);
    await start.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(start).toBeHidden();
    // Each counter's row carries the badge at some sample (the machine is shared: each waits for its own).
    for (const name of ['counter-1', 'counter-2']) {
      const row = tree.locator('tr.line-thread', { hasText: name });
      // The rows are drawn again at every sample: wait on the row, never hold on to one element of it.
      await expect(row).toBeVisible({ timeout: 30_000 });
      await expect(row.getByText('GIL wait', { exact: true })).toBeVisible({ timeout: 60_000 });
    }
    await screenshot(page, 'gil-tree');
    await expect(tree.locator('tr.line-thread', { hasText: 'MainThread' }).filter({ hasText: /GIL wait/ })).toHaveCount(0);
    // The flat table (htop's flat view) says the same in its State column, and finds them by those words.
    await tree.getByRole('button', { name: 'Table', exact: true }).click();
    await tree.getByLabel('Search processes').fill('GIL wait');
    await expect(tree.locator('tr.line-thread', { hasText: 'GIL wait' }).first()).toBeVisible({ timeout: 60_000 });
    await screenshot(page, 'gil-table');
  } finally {
    await server.stop();
  }
});
