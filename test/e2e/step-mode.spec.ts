import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { fillAll, newPrimitive, region, startThread, workerIdOf } from './sync-helpers';

/**
 * "Be the scheduler" as a teacher runs it in browser mode: step mode on, two threads that take lockA and
 * lockB in opposite orders are held before each acquire, and the teacher releases them one at a time (from
 * the strip, from the wait-for graph, from a worker's details) so that the deadlock forms on purpose; the
 * tree says where each is held; "Again with this schedule" makes the same deadlock with fresh workers.
 */
test('step mode: the person releases workers one operation at a time and forces the deadlock; again replays it', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') console.log(`page: ${message.type()}: ${message.text()}`);
    });
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const graph = region(page, 'Wait-for graph');
    for (const name of ['lockA', 'lockB']) await expect(await newPrimitive(page, { kind: 'Lock', name })).toBeHidden();

    const strip = region(page, 'Step mode');
    await strip.getByRole('button', { name: 'Step mode: off' }).click();
    await expect(strip.getByRole('button', { name: 'Step mode: on' })).toHaveAttribute('aria-pressed', 'true');

    // No hold between the two acquires: without step mode these two would rarely deadlock.
    await page.getByRole('button', { name: 'Start workers' }).click();
    const start = page.getByRole('dialog', { name: 'Start workers' });
    await start.getByLabel('Kind', { exact: true }).selectOption('thread');
    await start.getByLabel('Task', { exact: true }).selectOption('acquire-in-order');
    await fillAll(start, { 'Name prefix': 'dl-a', 'First lock': 'lockA', 'Second lock': 'lockB', 'Hold (ms)': '0' });
    await start.getByRole('button', { name: 'Start, keep open' }).click();
    await fillAll(start, { 'Name prefix': 'dl-b', 'First lock': 'lockB', 'Second lock': 'lockA' });
    await start.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(start).toBeHidden();

    const held = strip.getByRole('list', { name: 'Held by you' });
    const heldItem = (name: string) => held.getByRole('listitem').filter({ hasText: name });
    await expect(heldItem('dl-a-1')).toContainText('at lockA.acquire');
    await expect(heldItem('dl-b-1')).toContainText('at lockB.acquire');
    // Held before it takes effect: both locks are still free.
    const locks = region(page, 'Locks');
    await expect(locks.locator('[data-primitive="lockA"]')).toContainText('free');

    // The teacher's order: dl-a-1 takes lockA, dl-b-1 takes lockB (from the strip).
    await heldItem('dl-a-1').getByRole('button', { name: 'Release' }).click();
    await expect(heldItem('dl-a-1')).toContainText('at lockB.acquire');
    await heldItem('dl-b-1').getByRole('button', { name: 'Release' }).click();
    await expect(heldItem('dl-b-1')).toContainText('at lockA.acquire');

    // The tree says where each is held.
    await page.getByRole('button', { name: 'Processes', exact: true }).click();
    const tree = region(page, 'Process tree');
    const dlA = workerIdOf(server.events, 'dl-a-1')!;
    const dlB = workerIdOf(server.events, 'dl-b-1')!;
    await expect(tree.locator(`tr[data-worker-id="${dlA}"]`)).toContainText('held by you at lockB.acquire');
    await expect(tree.locator(`tr[data-worker-id="${dlB}"]`)).toContainText('held by you at lockA.acquire');

    // dl-a-1 released from its details: it now waits in the broker for lockB, which dl-b-1 holds.
    await tree.locator(`tr[data-worker-id="${dlA}"]`).click();
    await region(page, 'Worker details').getByRole('button', { name: 'Release: lockB.acquire' }).click();
    await expect(tree.locator(`tr[data-worker-id="${dlA}"]`)).toContainText('waits lockB');

    // The last choice from the wait-for graph: dl-b-1's node is held; a click lets its acquire of lockA through.
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const heldNode = graph.getByRole('button', { name: 'Release dl-b-1: held by you at lockA.acquire' });
    await expect(heldNode).toBeVisible();
    await expect(strip).toContainText('Schedule (3): dl-a-1 lockA.acquire → dl-b-1 lockB.acquire → dl-a-1 lockB.acquire');
    await screenshot(page, 'step-mode');
    await heldNode.click();

    const banner = page.locator('.deadlock-banner[role="alert"]');
    await expect(banner).toContainText(/Deadlock: dl-a-1 waits for lockB held by dl-b-1; dl-b-1 waits for lockA held by dl-a-1/);
    await expect(strip).toContainText('Schedule (4)');
    await screenshot(page, 'step-mode-deadlock');

    // The same schedule again, on fresh workers: the same deadlock, with nobody clicking.
    await strip.getByRole('button', { name: 'Again with this schedule' }).click();
    await expect(banner).toContainText(/Deadlock: dl-a-2 waits for lockB held by dl-b-2; dl-b-2 waits for lockA held by dl-a-2/, { timeout: 10_000 });
    await expect(strip.getByRole('status')).toContainText('the schedule was replayed: all 4 choices made');

    // Run freely: step mode off; nothing is held any more.
    await strip.getByRole('button', { name: 'Run freely' }).click();
    await expect(strip.getByRole('button', { name: 'Step mode: off' })).toBeVisible();
    await expect(held).toBeHidden();
  } finally {
    await server.stop();
  }
});

test('step mode: the lost update of counter -= 1 on purpose, both reads before both writes', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const locks = region(page, 'Locks');
    await expect(await newPrimitive(page, { kind: 'Value', name: 'counter', value: '2' })).toBeHidden();
    const counter = locks.locator('[data-primitive="counter"]');
    await expect(counter).toContainText('value 2');
    const strip = region(page, 'Step mode');
    await strip.getByRole('button', { name: 'Step mode: off' }).click();
    await startThread(page, 'race', 'decrement', { Counter: 'counter', 'Lock (empty = none)': '' }, 2);

    const held = strip.getByRole('list', { name: 'Held by you' });
    const item = (name: string) => held.getByRole('listitem').filter({ hasText: name });
    for (const at of ['counter.value read', 'counter.value write']) {
      for (const name of ['race-1', 'race-2']) await expect(item(name)).toContainText(`at ${at}`);
      for (const name of ['race-1', 'race-2']) {
        await item(name).getByRole('button', { name: 'Release' }).click();
        // Held at its next point, or gone from the list once it has ended.
        await expect(item(name).filter({ hasText: `at ${at}` })).toHaveCount(0);
      }
    }
    // Both read 2, both wrote 1: one decrement lost, every time.
    await expect(counter).toContainText('value 1');
    await expect(strip).toContainText('Schedule (4): race-1 counter.value read → race-2 counter.value read → race-1 counter.value write → race-2 counter.value write');
    await screenshot(page, 'step-mode-race');
  } finally {
    await server.stop();
  }
});
