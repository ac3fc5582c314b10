import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * The seeds' race uses 100 threads: one start from the dialog, and the window stays usable while they boot;
 * the tree draws only the rows in view, and scrolling or the arrow keys reach every one.
 */
test('100 threads from one start: all run, and the window answers while they start', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    const tree = region(page, 'Process tree');
    await expect(tree.locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.getByRole('button', { name: 'Start workers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start workers' });
    await dialog.getByLabel('Kind', { exact: true }).selectOption('thread');
    await dialog.getByLabel('Count', { exact: true }).fill('100');
    await dialog.getByLabel('Name prefix', { exact: true }).fill('racer');
    await dialog.getByLabel('Task', { exact: true }).selectOption('hang');
    await dialog.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(dialog).toBeHidden();
    // While they boot, the window switches views and the lab answers a command.
    await page.keyboard.press('s');
    await expect(region(page, 'Locks')).toBeVisible();
    await page.keyboard.press('s');
    await expect(tree).toBeVisible();
    expect(await server.execute({ type: 'sync.create', primitive: { kind: 'Event', name: 'go' } })).toMatchObject({ ok: true });
    await expect(tree.locator('.panel-note')).toContainText('100 live workers', { timeout: 30_000 });
    await expect.poll(() => server.events.filter((event) => event.type === 'worker.ready').length, { timeout: 60_000 }).toBe(100);
    expect(server.events.filter((event) => event.type === 'worker.startFailed')).toEqual([]);
    // The tree draws the rows in view and some either side, not all 100; scrolled to the bottom, the last.
    const running = tree.locator('tr[data-worker-id][data-state="sleeping"], tr[data-worker-id][data-state="running"]');
    await expect(running.first()).toBeVisible();
    expect(await running.count()).toBeLessThan(100);
    await screenshot(page, 'many-100-threads');
    await tree.locator('.panel-body').hover();
    await page.mouse.wheel(0, 100_000);
    const last = tree.locator('tr[data-worker-id]', { hasText: 'racer-100' });
    await expect(last).toBeInViewport();
    await expect(last).toHaveAttribute('data-state', /^(sleeping|running)$/);
    // Arrow keys move the selection onto rows not drawn yet: the row comes into view, selected.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(tree.locator('tr[aria-selected="true"]')).toBeInViewport();
    await page.getByRole('button', { name: 'Terminate all' }).click();
    await expect(tree.locator('.panel-note')).toContainText('0 live workers', { timeout: 30_000 });
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
