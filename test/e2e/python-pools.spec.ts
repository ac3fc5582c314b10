import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * A Python program's own Pool in the Pools view (issue 10): its card named by its variable, Python's class,
 * its two worker processes in their slots, its counts as the map drains, explain mode's steps, and no lab
 * controls (its program controls it).
 */
const MAP = `import multiprocessing, time
def slow_square(x):
    time.sleep(0.2)
    return x * x
if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    squares = multiprocessing.Pool(2)
    print(sum(squares.map(slow_square, range(60), chunksize=1)))
    squares.close()
    squares.join()
    time.sleep(600)
`;

test("python pools: a program's own Pool(2).map drains in the Pools view, read-only", async ({ page }) => {
  test.setTimeout(120_000);
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.getByRole('button', { name: 'Start workers' }).click();
    const start = page.getByRole('dialog', { name: 'Start workers' });
    await start.getByLabel('Kind', { exact: true }).selectOption('python');
    await start.getByLabel('Name prefix', { exact: true }).fill('mapper');
    await start.getByLabel('Code', { exact: true }).fill(MAP);
    await start.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(start).toBeHidden();

    await page.keyboard.press('p');
    const pools = region(page, 'Pools');
    const card = pools.locator('.pool-card[data-pool="squares"]');
    await expect(card).toBeVisible({ timeout: 15_000 });
    await expect(card.locator('.pool-head')).toContainText('Pool');
    await expect(card.locator('.pool-head')).toContainText('process');
    await expect(card.locator('.pool-observed')).toHaveText("Python program's pool at <string>:7 · controlled by its program");
    // The lab's lifecycle and work controls are not a Python pool's.
    await expect(card.getByRole('button', { name: 'Terminate' })).toHaveCount(0);
    await expect(card.getByRole('button', { name: 'Map' })).toHaveCount(0);
    await expect(card.locator('tr.slot')).toHaveCount(2);
    await expect(card.locator('[data-count="submitted"]')).toHaveText('60');
    // Both worker processes busy with the program's function while the map drains.
    await expect(card.locator('tr.slot.busy')).toHaveCount(2, { timeout: 10_000 });
    await screenshot(page, 'python-pools-1-map-running');

    await expect(card.locator('[data-count="done"]')).toHaveText('60', { timeout: 30_000 });
    await expect(card).toHaveAttribute('data-state', 'ended', { timeout: 10_000 });
    await card.getByRole('button', { name: 'Explain' }).click();
    await expect(card.locator('.explain-line').first()).toContainText(/slow_square · map \d+ chunk 60/);
    await expect(card.locator('.explain-line').first()).toContainText(/submitted → queued → sent → running on worker [12] → done/);
    await screenshot(page, 'python-pools-2-ended-explained');
  } finally {
    await server.stop();
  }
});
