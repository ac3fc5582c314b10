import { expect, test, type Locator, type Page } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * The pools lesson as a user runs it in browser mode: a Pool of 2 processes made in the UI maps 100 tasks,
 * the backlog drains while each worker's row shows it busy, done reaches 100; then a worker killed
 * mid-task, three ways: Python's Pool loses the task (its result never comes) and replaces the worker,
 * ProcessPoolExecutor breaks (BrokenProcessPool on every pending future), and the lab's reject policy
 * fails just that task and replaces the worker.
 */

interface PoolFields {
  readonly name: string;
  readonly api: 'pool' | 'executor';
  readonly runtime: 'thread' | 'process';
  readonly size: string;
  readonly onCrash?: 'python' | 'reject';
}

async function fillNewPool(page: Page, fields: PoolFields): Promise<Locator> {
  await region(page, 'Pools').getByRole('button', { name: 'New pool' }).click();
  const dialog = page.getByRole('dialog', { name: 'New pool' });
  await dialog.getByLabel('Name', { exact: true }).fill(fields.name);
  await dialog.getByLabel('API', { exact: true }).selectOption(fields.api);
  await dialog.getByLabel('Runtime', { exact: true }).selectOption(fields.runtime);
  await dialog.getByLabel('Size', { exact: true }).fill(fields.size);
  await dialog.getByLabel('On crash', { exact: true }).selectOption(fields.onCrash ?? 'python');
  return dialog;
}

async function newPool(page: Page, fields: PoolFields): Promise<Locator> {
  const dialog = await fillNewPool(page, fields);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
  const card = region(page, 'Pools').locator(`.pool-card[data-pool="${fields.name}"]`);
  await expect(card).toBeVisible();
  // Every slot has its worker.
  await expect(card.locator('tr.slot[data-worker-id]')).toHaveCount(Number(fields.size), { timeout: 20_000 });
  return card;
}

async function map(card: Locator, fields: { fn: string; items: string; arg: string; chunksize?: string }): Promise<void> {
  const work = card.getByRole('group', { name: /work$/ });
  await work.getByLabel('fn', { exact: true }).selectOption(fields.fn);
  await work.getByLabel('items', { exact: true }).fill(fields.items);
  await work.getByLabel('ms', { exact: true }).fill(fields.arg);
  await work.getByLabel('chunksize', { exact: true }).fill(fields.chunksize ?? '1');
  await work.getByRole('button', { name: `Map ${fields.fn} over ${fields.items}` }).click();
}

function count(card: Locator, name: string): Locator {
  return card.locator(`.pool-counts dd[data-count="${name}"]`);
}

async function numberIn(locator: Locator): Promise<number> {
  return Number(await locator.textContent());
}

/** Kills the worker in the card's first busy slot through the confirm dialog; its id. */
async function killBusyWorker(page: Page, card: Locator): Promise<string> {
  const busy = card.locator('tr.slot.busy').first();
  await expect(busy).toBeVisible({ timeout: 10_000 });
  const workerId = (await busy.getAttribute('data-worker-id'))!;
  await busy.getByRole('button', { name: 'Kill worker' }).click();
  await page.getByRole('dialog', { name: 'Confirm kill' }).getByRole('button', { name: 'Kill', exact: true }).click();
  return workerId;
}

test('pools: map 100 tasks and watch them drain; a worker killed mid-task, the three outcomes', async ({ page }) => {
  test.setTimeout(180_000);
  const server = await ServerProcess.start();
  try {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') console.log(`page: ${message.type()}: ${message.text()}`);
    });
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.keyboard.press('p');
    await expect(region(page, 'Pools')).toBeVisible();

    // Bad input is refused in the lab's words, and nothing is created.
    const bad = await fillNewPool(page, { name: 'p', api: 'pool', runtime: 'process', size: '0' });
    await bad.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(bad.getByRole('alert')).toContainText('size');
    await screenshot(page, 'pools-0-new-pool-refused');
    await bad.getByRole('button', { name: 'Cancel' }).click();
    await expect(region(page, 'Pools').locator('.pool-card')).toHaveCount(0);

    // A Pool(2) of processes maps sleep(50 ms) over 100 items: the backlog drains, both workers are busy.
    const pool = await newPool(page, { name: 'p', api: 'pool', runtime: 'process', size: '2' });
    await expect(pool.locator('.pool-state')).toHaveText('running');
    await map(pool, { fn: 'sleep', items: '100', arg: '50' });
    await expect.poll(() => numberIn(count(pool, 'backlog')), { timeout: 5_000 }).toBeGreaterThan(50);
    await expect(pool.locator('tr.slot.busy')).toHaveCount(2);
    await expect(pool.locator('tr.slot.busy').first()).toContainText(/busy\s+sleep #\d+/);
    await screenshot(page, 'pools-1-map-running');
    await expect(count(pool, 'done')).toHaveText('100', { timeout: 30_000 });
    await expect(count(pool, 'backlog')).toHaveText('0');
    await expect(pool.locator('tr.slot.busy')).toHaveCount(0);
    // Each worker ran some of them; the run-time histogram has all 100, most near 50 ms.
    const done = await pool.locator('tr.slot td:nth-child(4)').allTextContents();
    expect(done.map(Number).reduce((sum, each) => sum + each, 0)).toBe(100);
    await expect(pool.getByRole('img', { name: /^run time: 100 tasks, most ≤ (50|100) ms/ })).toBeVisible();
    await pool.getByRole('button', { name: 'Explain' }).click();
    await expect(pool.locator('.explain-line').first()).toContainText(/submitted → queued → sent to worker \d → running on worker \d → done.*result .* · waited [\d.]+ m?s, ran [\d.]+ ms/);
    await screenshot(page, 'pools-2-map-done-explained');
    await pool.getByRole('button', { name: 'Explain' }).click();

    // Python's Pool: the killed worker's task is lost (its result never comes), a new worker takes the slot.
    await map(pool, { fn: 'sleep', items: '4', arg: '3000' });
    const killed = await killBusyWorker(page, pool);
    await expect(count(pool, 'lost')).toHaveText('1', { timeout: 10_000 });
    await expect(pool.locator(`tr.slot[data-worker-id="${killed}"]`)).toHaveCount(0);
    await expect(pool.locator('tr.slot[data-worker-id]')).toHaveCount(2, { timeout: 10_000 });
    await expect(pool.locator('.pool-state')).toHaveText('running');
    await pool.getByRole('button', { name: 'Explain' }).click();
    const lostLine = pool.locator('.explain-line.end-lost');
    await expect(lostLine).toContainText("Python's Pool never returns its result (get() would wait for ever)");
    await lostLine.scrollIntoViewIfNeeded();
    await screenshot(page, 'pools-3-pool-lost');
    await expect(count(pool, 'done')).toHaveText('103', { timeout: 15_000 });
    // Close, Join, Delete: the name is free again.
    await pool.getByRole('button', { name: 'Close', exact: true }).click();
    await pool.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(pool.locator('.pool-state')).toHaveText('ended', { timeout: 10_000 });
    await pool.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(pool).toHaveCount(0);

    // ProcessPoolExecutor: the pool breaks; every pending future fails with BrokenProcessPool.
    const executor = await newPool(page, { name: 'ex', api: 'executor', runtime: 'process', size: '2' });
    await map(executor, { fn: 'sleep', items: '6', arg: '3000' });
    await killBusyWorker(page, executor);
    await expect(executor.locator('.pool-state')).toHaveText('broken', { timeout: 10_000 });
    await expect(executor.locator('.pool-reason')).toContainText('BrokenProcessPool');
    await expect(count(executor, 'rejected')).toHaveText('6');
    // The broken executor stopped its workers: each slot says how its worker ended.
    await expect(executor.locator('tr.slot .ended-word')).toHaveCount(2, { timeout: 10_000 });
    await screenshot(page, 'pools-4-executor-broken');
    // Submitting to a broken executor is refused in Python's words.
    await executor.getByRole('group', { name: /work$/ }).getByRole('button', { name: /^Apply/ }).click();
    await expect(page.locator('.toast').filter({ hasText: 'BrokenProcessPool' })).toBeVisible();

    // The lab's reject policy: the killed worker's task is rejected, a new worker takes its place, the rest run.
    const reject = await newPool(page, { name: 'rj', api: 'pool', runtime: 'process', size: '2', onCrash: 'reject' });
    await map(reject, { fn: 'sleep', items: '4', arg: '3000' });
    const replaced = await killBusyWorker(page, reject);
    await expect(count(reject, 'rejected')).toHaveText('1', { timeout: 10_000 });
    await expect(reject.locator(`tr.slot[data-worker-id="${replaced}"]`)).toHaveCount(0);
    await expect(reject.locator('tr.slot[data-worker-id]')).toHaveCount(2, { timeout: 10_000 });
    await expect(reject.locator('.pool-state')).toHaveText('running');
    await screenshot(page, 'pools-5-reject-replaced');
    await expect(count(reject, 'done')).toHaveText('3', { timeout: 15_000 });

    // Resize at run time: a third worker takes slot 3; a click on a worker shows it in the details.
    await reject.getByLabel('rj size', { exact: true }).fill('3');
    await reject.getByRole('button', { name: 'Resize', exact: true }).click();
    await expect(reject.locator('tr.slot[data-worker-id]')).toHaveCount(3, { timeout: 15_000 });
    const third = reject.locator('tr.slot[data-slot="3"]');
    const thirdId = (await third.getAttribute('data-worker-id'))!;
    await third.locator('.worker-link').click();
    await expect(region(page, 'Worker details').getByText(thirdId, { exact: true })).toBeVisible();

    // Pool workers carry their slot in the process tree.
    const slots = reject.locator('tr.slot[data-worker-id]');
    const workers = await Promise.all([0, 1, 2].map(async (index) => (await slots.nth(index).getAttribute('data-worker-id'))!));
    await page.keyboard.press('p');
    const tree = region(page, 'Process tree');
    for (const [index, workerId] of workers.entries()) {
      await expect(tree.locator(`tr[data-worker-id="${workerId}"] .badge-pool-worker`)).toHaveText(`pool worker ${index + 1}`);
    }
    await screenshot(page, 'pools-6-tree-badges');
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});

test('pools: a thread Pool\'s worker killed mid-task is stopped with worker.terminate() (exit code 1), its task lost, the thread replaced', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.keyboard.press('p');
    // Python's thread pools have no worker lifetime: the New pool dialog does not offer one for threads.
    const dialog = await fillNewPool(page, { name: 't', api: 'pool', runtime: 'process', size: '2' });
    const lifetime = dialog.getByLabel('Max tasks per worker', { exact: true });
    await lifetime.fill('3');
    await dialog.getByLabel('Runtime', { exact: true }).selectOption('thread');
    await expect(lifetime).toBeDisabled();
    await expect(lifetime).toHaveValue('');
    await expect(lifetime).toHaveAccessibleDescription("Python's ThreadPool has no maxtasksperchild: its threads are never replaced");
    await dialog.getByLabel('API', { exact: true }).selectOption('executor');
    await expect(lifetime).toHaveAccessibleDescription("Python's ThreadPoolExecutor has no max_tasks_per_child: its threads are never replaced");
    await dialog.getByLabel('Runtime', { exact: true }).selectOption('process');
    await expect(lifetime).toBeEnabled();
    await expect(lifetime).toHaveValue('3');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const pool = await newPool(page, { name: 't', api: 'pool', runtime: 'thread', size: '2' });
    await map(pool, { fn: 'sleep', items: '4', arg: '3000' });
    const busy = pool.locator('tr.slot.busy').first();
    await expect(busy).toBeVisible({ timeout: 10_000 });
    // A thread has no signals: the button and the dialog say what the lab does instead.
    const kill = busy.getByRole('button', { name: 'Kill worker' });
    await expect(kill).toHaveAttribute('title', /worker\.terminate\(\)/);
    await expect(kill).not.toHaveAttribute('title', /SIGKILL/);
    const slot = (await busy.getAttribute('data-slot'))!;
    const killed = await killBusyWorker(page, pool);
    await expect(page.getByRole('dialog', { name: 'Confirm kill' })).toBeHidden();
    await expect(count(pool, 'lost')).toHaveText('1', { timeout: 10_000 });
    await expect(pool.locator(`tr.slot[data-worker-id="${killed}"]`)).toHaveCount(0);
    await expect(pool.locator('tr.slot[data-worker-id]')).toHaveCount(2, { timeout: 10_000 });
    await expect(pool.locator('.pool-state')).toHaveText('running');
    // The exit as the lab tells a thread's everywhere: code 1, terminated.
    await expect(region(page, 'Event log').getByText(/exited with code 1 \(error\) — terminated/)).toBeVisible();
    await pool.getByRole('button', { name: 'Explain' }).click();
    const lostLine = pool.locator('.explain-line.end-lost');
    await expect(lostLine).toContainText("Python's ThreadPool never returns its result (get() would wait for ever)");
    await expect(lostLine).toContainText('worker.terminate()');
    await expect(lostLine).toContainText('exit code 1');
    await expect(lostLine).not.toContainText('SIGKILL');
    await lostLine.scrollIntoViewIfNeeded();
    await screenshot(page, 'pools-thread-1-lost');
    await expect(count(pool, 'done')).toHaveText('3', { timeout: 15_000 });

    // In the tree, the badge moved to the replacement; the ghost says which slot it was, not that it still is.
    const replacement = (await pool.locator(`tr.slot[data-slot="${slot}"]`).getAttribute('data-worker-id'))!;
    expect(replacement).not.toBe(killed);
    await page.keyboard.press('p');
    const tree = region(page, 'Process tree');
    await expect(tree.locator(`tr[data-worker-id="${replacement}"] .badge-pool-worker`)).toHaveText(`pool worker ${slot}`);
    const ghost = tree.locator(`tr[data-worker-id="${killed}"]`);
    const former = ghost.locator('.badge-pool-worker-former');
    await expect(former).toHaveText(`was pool worker ${slot}`);
    await expect(former).toHaveAttribute('title', new RegExp(`^was pool worker ${slot} \\(exited\\): it held slot ${slot} of pool t; another worker holds it now`));
    await expect(ghost.locator('.badge-pool-worker')).toHaveCount(0);
    await screenshot(page, 'pools-thread-2-tree-ghost');
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});

test('pools: what a person types in a pool\'s work form stays while the pool updates live, and across a switch of view', async ({ page }) => {
  test.setTimeout(90_000);
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.keyboard.press('p');
    const pool = await newPool(page, { name: 'w', api: 'pool', runtime: 'thread', size: '2' });
    await map(pool, { fn: 'sleep', items: '60', arg: '50' });
    const work = pool.getByRole('group', { name: /work$/ });
    // Typed while 60 tasks run: every batch redraws the card.
    await work.getByLabel('fn', { exact: true }).selectOption('burn');
    await work.getByLabel('items', { exact: true }).fill('37');
    await work.getByLabel('ms', { exact: true }).fill('20');
    await work.getByLabel('callback ms', { exact: true }).fill('5');
    await pool.getByRole('button', { name: 'Explain' }).click();
    await expect(count(pool, 'done')).toHaveText('60', { timeout: 30_000 });
    const typed = async () => [
      await work.getByLabel('fn', { exact: true }).inputValue(),
      await work.getByLabel('items', { exact: true }).inputValue(),
      await work.getByLabel('ms', { exact: true }).inputValue(),
      await work.getByLabel('callback ms', { exact: true }).inputValue(),
    ];
    expect(await typed()).toEqual(['burn', '37', '20', '5']);
    // To the process tree and back: the card is drawn anew, with what was typed and explain still open.
    await page.keyboard.press('p');
    await expect(region(page, 'Pools')).toHaveCount(0);
    await page.keyboard.press('p');
    await expect(pool.getByRole('button', { name: 'Map burn over 37' })).toBeVisible();
    expect(await typed()).toEqual(['burn', '37', '20', '5']);
    await expect(pool.getByRole('button', { name: 'Explain' })).toHaveAttribute('aria-pressed', 'true');
    // The resize field too, across the header's switch.
    await pool.getByLabel('w size', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Processes', exact: true }).click();
    await expect(region(page, 'Pools')).toHaveCount(0);
    await page.getByRole('button', { name: 'Pools', exact: true }).click();
    await expect(pool.getByLabel('w size', { exact: true })).toHaveValue('3');
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});

test('pools: explain mode at 1280×720 uses the Pools region\'s height, its rows drawn only in view', async ({ page }) => {
  test.setTimeout(90_000);
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.keyboard.press('p');
    const pool = await newPool(page, { name: 'e', api: 'pool', runtime: 'thread', size: '2' });
    await map(pool, { fn: 'sleep', items: '100', arg: '5' });
    await expect(count(pool, 'done')).toHaveText('100', { timeout: 30_000 });
    await pool.getByRole('button', { name: 'Explain' }).click();
    await expect(pool.locator('.explain-note')).toContainText('the last 100 tasks');
    // Rows a person sees at once: inside the explain list's view and the Pools region's, without scrolling.
    const seen = async () =>
      page.evaluate(() => {
        const list = document.querySelector('.explain-scroll')!.getBoundingClientRect();
        const body = document.querySelector('.pools-view .panel-body')!.getBoundingClientRect();
        const top = Math.max(list.top, body.top);
        const bottom = Math.min(list.bottom, body.bottom, window.innerHeight);
        return Array.from(document.querySelectorAll('.explain-line')).filter((row) => {
          const box = row.getBoundingClientRect();
          return box.top >= top - 1 && box.bottom <= bottom + 1;
        }).length;
      });
    await expect.poll(seen, { timeout: 5_000 }).toBeGreaterThanOrEqual(7);
    // Long lists are windowed: far fewer rows drawn than the 100 listed.
    expect(await pool.locator('.explain-line').count()).toBeLessThan(60);
    await screenshot(page, 'pools-explain-height');
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
