import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

test('presentation mode without a scenario: the Sync view\'s locks and wait-for graph, large; Esc leaves', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    for (const name of ['lockA', 'lockB']) expect((await server.execute({ type: 'sync.create', primitive: { kind: 'Lock', name } })).ok).toBe(true);
    await server.start({ kind: 'thread', namePrefix: 'first', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 1000 } });
    await server.start({ kind: 'thread', namePrefix: 'second', task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: 1000 } });
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await page.getByRole('button', { name: 'Present' }).click();
    const presentation = region(page, 'Presentation');
    await expect(presentation).toBeVisible();
    await expect(presentation.getByRole('region', { name: 'Wait-for graph' }).locator('.arrow.in-cycle')).toHaveCount(2);
    await screenshot(page, 'present-sync');
    await page.keyboard.press('Escape');
    await expect(presentation).toBeHidden();
    await expect(region(page, 'Locks')).toBeVisible();
    await page.keyboard.press('e');
    await page.keyboard.press('F5');
    await expect(presentation.getByRole('region', { name: 'Timeline' })).toBeVisible();
    await screenshot(page, 'present-timeline');
    await page.keyboard.press('Escape');
    await page.keyboard.press('e');
    await page.getByRole('button', { name: 'Processes', exact: true }).click();
    await page.keyboard.press('F5');
    await screenshot(page, 'present-processes');
    await page.keyboard.press('Escape');
    await expect(presentation).toBeHidden();
  } finally {
    await server.stop();
  }
});
