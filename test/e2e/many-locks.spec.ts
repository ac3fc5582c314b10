import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

const LOCKS = 1_000; // the lab's limit of primitives

/**
 * The Sync view at the lab's limit: the Locks panel draws only the cards in view, scrolling reaches the
 * last ones, and a card drawn there follows its lock (two threads deadlocked on the last two locks).
 */
test('1,000 locks: the Locks panel draws the cards in view, and the last ones show their deadlock', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await ServerProcess.start();
  try {
    for (let i = 0; i < LOCKS; i++) expect(await server.execute({ type: 'sync.create', primitive: { kind: 'Lock', name: `lock${i}` } })).toMatchObject({ ok: true });
    await page.goto(server.url);
    await page.getByRole('group', { name: 'Main view' }).getByRole('button', { name: 'Sync' }).click();
    const locks = region(page, 'Locks');
    await expect(locks.locator('.panel-note')).toHaveText(`${LOCKS} primitives · 0 waiting`);
    await expect(locks.locator('[data-primitive="lock0"]')).toBeVisible();
    expect(await locks.locator('li.primitive').count()).toBeLessThan(100);
    await expect(locks.locator('[data-primitive="lock999"]')).toHaveCount(0);

    const [a, b] = [`lock${LOCKS - 2}`, `lock${LOCKS - 1}`];
    await server.start({ kind: 'thread', namePrefix: 'dl-a', task: { name: 'acquire-in-order', first: a, second: b, holdMs: 300 } });
    await server.start({ kind: 'thread', namePrefix: 'dl-b', task: { name: 'acquire-in-order', first: b, second: a, holdMs: 300 } });
    await expect(locks.locator('.panel-note')).toHaveText(`${LOCKS} primitives · 2 waiting`, { timeout: 30_000 });
    await locks.locator('.panel-body').hover();
    await page.mouse.wheel(0, 100_000);
    const last = locks.locator(`[data-primitive="${b}"]`);
    await expect(last).toBeInViewport();
    await expect(last).toContainText('dl-a-1 waits (acquire)');
    await expect(locks.locator(`[data-primitive="${a}"]`)).toContainText('dl-b-1 waits (acquire)');
    await expect(region(page, 'Wait-for graph').locator('.graph-deadlock')).toBeVisible();
    // The two cards measured taller than their estimate (their people): the end moved; scrolled again, it shows whole.
    await page.mouse.wheel(0, 100_000);
    await expect(last).toBeInViewport({ ratio: 1 });
    expect(await locks.locator('li.primitive').count()).toBeLessThan(100);
    await screenshot(page, 'many-locks-1000');
    // The timeline's lock lanes: the two deadlocked locks first (lock-order.ts), not 998 rows down.
    const timeline = region(page, 'Timeline');
    await timeline.getByRole('button', { name: 'Expand timeline' }).click();
    await expect(timeline.getByRole('button', { name: 'Shrink timeline' })).toBeVisible();
    await screenshot(page, 'many-locks-1000-timeline');
    await timeline.getByRole('button', { name: 'Shrink timeline' }).click();
    await page.getByRole('button', { name: 'Terminate all' }).click();
    await expect(locks.locator('.panel-note')).toHaveText(`${LOCKS} primitives · 0 waiting`, { timeout: 30_000 });
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
