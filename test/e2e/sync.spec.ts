import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { fillAll, newPrimitive, region, startThread, workerIdOf } from './sync-helpers';

/**
 * The synchronisation lesson as a user runs it in browser mode: two locks taken in opposite orders
 * deadlock, the lab says so and draws the cycle, terminating one worker lets the other finish; a bounded
 * queue fills while a fast producer outruns a slow consumer; bad input is refused in words.
 */

const HOLD_MS = 1000;

test('sync: a deadlock is named, drawn and broken; a queue fills; bad input is refused', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') console.log(`page: ${message.type()}: ${message.text()}`);
    });
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();

    // One click (or "s") shows Locks, Wait-for graph and Queues together.
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const locks = region(page, 'Locks');
    const graph = region(page, 'Wait-for graph');
    await expect(locks).toBeVisible();
    await expect(graph).toBeVisible();
    await expect(region(page, 'Queues')).toBeVisible();

    for (const name of ['lockA', 'lockB']) {
      const dialog = await newPrimitive(page, { kind: 'Lock', name });
      await expect(dialog).toBeHidden();
    }
    await expect(locks.locator('[data-primitive="lockA"]')).toContainText('free');
    await expect(locks.locator('[data-primitive="lockB"]')).toContainText('free');

    // Opposite orders: each takes its first lock, holds it, then blocks on its second for ever. The second
    // worker must take its first lock while the first still holds its own: the dialog stays open after the
    // first start and only the name and the two locks change, yet that still takes a browser 150-250 ms
    // here, so a 300 ms hold deadlocked in only 3 runs of 5. A 1000 ms hold leaves a wide margin and the
    // banner still comes within 2 s of the second start.
    await page.getByRole('button', { name: 'Start workers' }).click();
    const start = page.getByRole('dialog', { name: 'Start workers' });
    await start.getByLabel('Kind', { exact: true }).selectOption('thread');
    await start.getByLabel('Task', { exact: true }).selectOption('acquire-in-order');
    await fillAll(start, { 'Name prefix': 'dl-a', 'First lock': 'lockA', 'Second lock': 'lockB', 'Hold (ms)': String(HOLD_MS) });
    await screenshot(page, 'sync-0-start-dialog');
    await start.getByRole('button', { name: 'Start, keep open' }).click();
    await fillAll(start, { 'Name prefix': 'dl-b', 'First lock': 'lockB', 'Second lock': 'lockA' });
    await start.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(start).toBeHidden();
    const started = Date.now();
    const banner = page.locator('.deadlock-banner[role="alert"]');
    await expect(banner).toContainText(/Deadlock: dl-a-1 waits for lockB held by dl-b-1; dl-b-1 waits for lockA held by dl-a-1/, { timeout: 2_000 });
    const readyAt = (name: string) => server.events.find((event) => event.type === 'worker.ready' && event.workerId === workerIdOf(server.events, name))?.t ?? NaN;
    console.log(`deadlock shown ${Date.now() - started} ms after the second start; dl-b-1 ready ${readyAt('dl-b-1') - readyAt('dl-a-1')} ms after dl-a-1`);
    // The cycle in red: both arrows and both workers.
    await expect(graph.locator('.arrow.in-cycle')).toHaveCount(2);
    await expect(graph.locator('.node.in-cycle')).toHaveCount(2);
    await expect(graph.getByRole('img')).toHaveAttribute('aria-label', /dl-a-1 waits for lockB held by dl-b-1/);
    await expect(locks.locator('[data-primitive="lockA"]')).toContainText('dl-b-1 waits (acquire)');
    await screenshot(page, 'sync-1-deadlock');

    // What each is blocked on, in the tree and in the details.
    await page.getByRole('button', { name: 'Processes', exact: true }).click();
    const tree = region(page, 'Process tree');
    const dlA = workerIdOf(server.events, 'dl-a-1')!;
    const dlB = workerIdOf(server.events, 'dl-b-1')!;
    await expect(tree.locator(`tr[data-worker-id="${dlA}"]`)).toContainText('waits lockB');
    await expect(tree.locator(`tr[data-worker-id="${dlB}"]`)).toContainText('waits lockA');
    await tree.locator(`tr[data-worker-id="${dlA}"]`).click();
    const details = region(page, 'Worker details');
    await expect(details.locator('.fact').filter({ hasText: 'Blocked on' })).toContainText(/acquire lockB \(held by dl-b-1\) for [\d.]+ (ms|s)/);
    await expect(banner).toBeVisible();
    await screenshot(page, 'sync-2-blocked-on');

    // The way out: terminate one; the other gets its lock (told the owner died), finishes, exits 0.
    await banner.getByRole('button', { name: 'Terminate dl-a-1' }).click();
    await expect(banner).toBeHidden();
    const log = region(page, 'Event log');
    await expect(log.locator('.log-line').filter({ hasText: 'dl-b-1' }).filter({ hasText: 'exited with code 0 (ok)' })).toHaveCount(1);
    await expect(tree.locator(`tr[data-worker-id="${dlB}"]`)).toHaveAttribute('data-state', 'exited');
    await expect(log.getByText('deadlock cleared')).toBeVisible();
    await screenshot(page, 'sync-3-deadlock-broken');

    // A fast producer and a slow consumer on a bounded queue: the depth rises to maxsize.
    await page.keyboard.press('s');
    await expect(locks).toBeVisible();
    await expect(await newPrimitive(page, { kind: 'Queue', name: 'q', maxsize: '5' })).toBeHidden();
    await startThread(page, 'producer', 'produce', { Queue: 'q', 'Items (n)': '30', 'Delay (ms)': '50' });
    await startThread(page, 'consumer', 'consume', { Queue: 'q', 'Items (n)': '0', 'Delay (ms)': '150' });
    const queue = region(page, 'Queues').locator('[data-queue="q"]');
    await expect.poll(async () => Number(await queue.locator('.queue-depth-now').textContent()), { timeout: 5_000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await queue.locator('.queue-depth-now').textContent()), { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    await expect(queue).toContainText('producer-1');
    await expect(queue).toContainText('consumer-1');
    await expect(queue.locator('.recharts-reference-line')).toHaveCount(1);
    await page.waitForTimeout(1_500);
    await screenshot(page, 'sync-4-queue');

    // Bad input: refused word for word, nothing created.
    const bad = await newPrimitive(page, { kind: 'Queue', name: 'q2', maxsize: '-1' });
    await expect(bad.getByRole('alert')).toContainText('maxsize must be a whole number from 0 to 1000000 (0 = unbounded)');
    await screenshot(page, 'sync-5-bad-input');
    await bad.getByRole('button', { name: 'Cancel' }).click();
    await expect(bad).toBeHidden();
    await expect(locks.locator('[data-primitive="q2"]')).toHaveCount(0);
    expect(server.events.some((event) => event.type === 'sync.created' && event.primitive.name === 'q2')).toBe(false);

    await page.getByRole('button', { name: 'Terminate all' }).click();
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
