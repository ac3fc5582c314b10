import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { apart, boxesOf, fillAll, newPrimitive, region, startThread } from './sync-helpers';

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

    // All 20 booted: 5 hold a unit, 15 wait for one (they start a few at a time).
    await expect(region(page, 'Locks').locator('.panel-note')).toHaveText('1 primitive · 15 waiting', { timeout: 30_000 });
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

test('sync: a deadlock through a semaphore is drawn in full and in red, however many others wait on it', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.keyboard.press('s');
    await expect(await newPrimitive(page, { kind: 'Semaphore', name: 'pool', value: '1' })).toBeHidden();
    await expect(await newPrimitive(page, { kind: 'Lock', name: 'lockB' })).toBeHidden();
    // dl-a takes the pool's one unit then wants lockB; dl-b takes lockB then wants a unit of the pool.
    await page.getByRole('button', { name: 'Start workers' }).click();
    const start = page.getByRole('dialog', { name: 'Start workers' });
    await start.getByLabel('Kind', { exact: true }).selectOption('thread');
    await start.getByLabel('Task', { exact: true }).selectOption('acquire-in-order');
    await fillAll(start, { 'Name prefix': 'dl-a', 'First lock': 'pool', 'Second lock': 'lockB', 'Hold (ms)': '1000' });
    await start.getByRole('button', { name: 'Start, keep open' }).click();
    await fillAll(start, { 'Name prefix': 'dl-b', 'First lock': 'lockB', 'Second lock': 'pool' });
    await start.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(start).toBeHidden();
    const banner = page.locator('.deadlock-banner[role="alert"]');
    await expect(banner).toContainText('Deadlock: dl-a-1 waits for lockB held by dl-b-1; dl-b-1 waits for pool held by dl-a-1');
    // Twelve more queue up for the pool: folded, while the cycle stays drawn whole.
    await startThread(page, 'sem', 'semaphore-work', { Semaphore: 'pool', 'Work (ms)': '1000' }, 12);
    const graph = region(page, 'Wait-for graph');
    await expect(graph.locator('.group-node[data-group="waiting"] text')).toHaveText(/^\+\d+ waiting$/);
    await expect(graph.locator('.arrow.in-cycle')).toHaveCount(3);
    await expect(graph.locator('.node.in-cycle')).toHaveCount(3);
    await expect(graph.locator('.primitive-node.in-cycle[data-primitive="pool"]')).toBeVisible();
    for (const name of ['dl-a-1', 'dl-b-1']) await expect(graph.locator('.worker-node.in-cycle').filter({ hasText: name })).toBeVisible();
    await expect(graph.locator('.arrow.in-cycle').filter({ hasText: 'lockB' })).toHaveCount(1);
    await screenshot(page, 'sync-pool-3-deadlock');
    await banner.getByRole('button', { name: 'Terminate dl-a-1' }).click();
    await expect(banner).toBeHidden();
    await page.getByRole('button', { name: 'Terminate all' }).click();
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
