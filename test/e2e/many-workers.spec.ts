import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/** The seeds' race uses 100 threads: one start from the dialog, and the window stays usable while they boot. */
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
    await expect(tree.locator('tr[data-worker-id][data-state="sleeping"], tr[data-worker-id][data-state="running"]')).toHaveCount(100);
    await screenshot(page, 'many-100-threads');
    await page.getByRole('button', { name: 'Terminate all' }).click();
    await expect(tree.locator('.panel-note')).toContainText('0 live workers', { timeout: 30_000 });
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
