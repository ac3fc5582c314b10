import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { apart, boxesOf, newPrimitive, region, startThread } from './sync-helpers';

/**
 * The seeds' connection pool: Semaphore(5) and 20 workers that each take a unit, work, and give it back.
 * The Wait-for graph draws the pool as a node between the 15 waiting and the 5 holding, folded to what fits
 * at 1280x720; the event log says in words what the lab's buttons did.
 */
test('sync: Semaphore(5) with 20 workers is drawn waiters -> pool -> holders, readable; the log says what Set and Release did', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.keyboard.press('s');
    await expect(await newPrimitive(page, { kind: 'Semaphore', name: 'pool', value: '5' })).toBeHidden();
    await startThread(page, 'sem', 'semaphore-work', { Semaphore: 'pool', 'Work (ms)': '120000' }, 20);

    const graph = region(page, 'Wait-for graph');
    const pool = graph.locator('.primitive-node[data-primitive="pool"]');
    await expect(pool).toContainText('0 of 5 free');
    const waiting = graph.locator('.group-node[data-group="waiting"]');
    await expect(waiting.locator('text')).toHaveText(/^\+\d+ waiting$/);
    const folded = Number(await waiting.getAttribute('data-count'));
    const drawnWorkers = await graph.locator('.worker-node').count();
    // Every one of the 20 is drawn or counted in a fold; nobody twice.
    const holdingFold = graph.locator('.group-node[data-group="holding"]');
    const foldedHolders = (await holdingFold.count()) === 0 ? 0 : Number(await holdingFold.getAttribute('data-count'));
    expect(drawnWorkers + folded + foldedHolders).toBe(20);
    // One arrow per node around the pool, not one per waiter and holder pair (75 before).
    const arrows = await graph.locator('.arrow').count();
    expect(arrows).toBe(drawnWorkers + (await graph.locator('.group-node').count()));
    expect(arrows).toBeLessThan(15);
    // Readable: every node inside the panel, none over another, text at the page's size (no shrinking).
    const body = (await graph.locator('.graph-body').boundingBox())!;
    const nodes = await boxesOf(graph.locator('.node'));
    for (const node of nodes) {
      expect(node.x).toBeGreaterThanOrEqual(body.x);
      expect(node.x + node.width).toBeLessThanOrEqual(body.x + body.width + 0.5);
      expect(node.y).toBeGreaterThanOrEqual(body.y);
      expect(node.y + node.height).toBeLessThanOrEqual(body.y + body.height + 0.5);
    }
    for (const [index, a] of nodes.entries()) for (const b of nodes.slice(index + 1)) expect(apart(a, b), `${JSON.stringify(a)} / ${JSON.stringify(b)}`).toBe(true);
    await expect(graph.locator('svg > g')).not.toHaveAttribute('transform', /scale/);
    await expect(graph.getByRole('img')).toHaveAttribute('aria-label', /wait for pool held by sem-\d+, sem-\d+, sem-\d+, sem-\d+ and sem-\d+/);
    await screenshot(page, 'sync-pool-1-graph');

    // The lab gives a unit back: one waiter takes it at once, and the log says so.
    const log = region(page, 'Event log');
    await region(page, 'Locks').locator('[data-primitive="pool"]').getByRole('button', { name: 'Release' }).click();
    await expect(log.locator('.log-line').filter({ hasText: 'release pool: a unit given back, taken at once by 1 waiter (0 free)' })).toHaveCount(1);

    // An Event three workers wait for: Set wakes them, in words.
    await expect(await newPrimitive(page, { kind: 'Event', name: 'redis_ready' })).toBeHidden();
    await startThread(page, 'app', 'wait-event', { Event: 'redis_ready' }, 3);
    await expect(region(page, 'Locks').locator('[data-primitive="redis_ready"]')).toContainText('app-3 waits');
    await region(page, 'Locks').locator('[data-primitive="redis_ready"]').getByRole('button', { name: 'Set' }).click();
    await expect(log.locator('.log-line').filter({ hasText: 'set redis_ready: the flag is now set, 3 waiters woken' })).toHaveCount(1);
    await expect(log.locator('.log-line').filter({ hasText: 'gave null' })).toHaveCount(0);
    await screenshot(page, 'sync-pool-2-log');

    await page.getByRole('button', { name: 'Terminate all' }).click();
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
