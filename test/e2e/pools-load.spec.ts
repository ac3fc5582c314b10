/// <reference lib="dom" />
// Code passed to evaluate() runs in the page, with the DOM.
import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * A ThreadPool(2) maps square over range(100,000) with explain mode open: every task is counted, the
 * explain list keeps its last 300 tasks but draws only the rows in view, and the page stays responsive
 * (its long tasks are printed: the machine is shared, so they are told, not judged).
 */
test('pools: 100,000 tasks with explain open; only the rows in view are drawn', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.keyboard.press('p');
    await region(page, 'Pools').getByRole('button', { name: 'New pool' }).click();
    const dialog = page.getByRole('dialog', { name: 'New pool' });
    await dialog.getByLabel('Name', { exact: true }).fill('t');
    await dialog.getByLabel('Runtime', { exact: true }).selectOption('thread');
    await dialog.getByLabel('Size', { exact: true }).fill('2');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const card = region(page, 'Pools').locator('.pool-card[data-pool="t"]');
    await expect(card.locator('tr.slot[data-worker-id]')).toHaveCount(2, { timeout: 20_000 });
    await card.getByRole('button', { name: 'Explain' }).click();
    const work = card.getByRole('group', { name: /work$/ });
    await work.getByLabel('fn', { exact: true }).selectOption('square');
    await work.getByLabel('items', { exact: true }).fill('100000');
    await work.getByLabel('chunksize', { exact: true }).fill('1');
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { longTasks: number[] }).longTasks = seen;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) seen.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const started = Date.now();
    await work.getByRole('button', { name: 'Map square over 100000' }).click();
    await expect(card.locator('.pool-counts dd[data-count="done"]')).toHaveText('100000', { timeout: 90_000 });
    const long = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    console.log(`100,000 tasks in ${Date.now() - started} ms; page long tasks: ${long.length}, ${Math.round(long.reduce((a, b) => a + b, 0))} ms in all, longest ${Math.round(Math.max(0, ...long))} ms`);
    await expect(card.locator('.explain-note')).toContainText('the last 300 tasks');
    const drawn = await card.locator('.explain-line').count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(60);
    await expect(card.locator('.explain-line').first()).toContainText(/task \d+/);
    await screenshot(page, 'pools-7-100k-explained');
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
