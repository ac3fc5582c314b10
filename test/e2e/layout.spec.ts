/// <reference lib="dom" />
// Code passed to evaluate() runs in the page, with the DOM.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { apart, boxesOf, region } from './sync-helpers';

/**
 * The window as a teacher sees it at a projector (1280x720) and on a narrower screen (1024): nothing jumps
 * when the view changes, nothing that matters is cut, and rows stay where they were when a worker exits.
 */

const WIDTHS = [1280, 1024] as const;

/** Texts that are cut (their content is wider than their box), among the elements `selector` finds. */
async function cutTexts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements.flatMap((element) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || getComputedStyle(element).visibility === 'hidden') return [];
      return element.scrollWidth > element.clientWidth + 1 ? [`${element.textContent ?? ''} (${element.scrollWidth} > ${element.clientWidth})`] : [];
    }),
  );
}

/** The header's parts side by side, none over another, all inside the window. */
async function expectHeaderInOrder(page: Page, width: number): Promise<void> {
  const parts = await boxesOf(page.locator('.app-header > .brand, .host-facts > div:visible, .header-status > *, .header-actions > *'));
  for (const part of parts) {
    expect(part.x).toBeGreaterThanOrEqual(0);
    expect(part.x + part.width).toBeLessThanOrEqual(width);
  }
  for (const [index, a] of parts.entries()) for (const b of parts.slice(index + 1)) expect(apart(a, b), `${JSON.stringify(a)} / ${JSON.stringify(b)}`).toBe(true);
  // Every host fact whole: the CPU's core count, its memory, the host's PID (where shown).
  expect(await cutTexts(page, '.host-facts dd')).toEqual([]);
  await expect(page.locator('.host-facts .cpu-model dd .mono')).toBeVisible();
  // What observing costs, where there is room for it (its whole story is in its accessible name).
  if (width >= 1280) await expect(page.locator('.host-facts .lab-cost dd')).toHaveText(/^(\d+% · [\d.k]+ facts\/s|lowered to [\d.]+ m?s)$/);
  expect(await cutTexts(page, '.header-actions button, .connection, .paused-badge')).toEqual([]);
}

function workerRow(page: Page, name: string): Locator {
  return region(page, 'Process tree').locator('tr[data-worker-id]').filter({ hasText: name });
}

async function yOf(locator: Locator): Promise<number> {
  return (await locator.boundingBox())!.y;
}

test('layout: a steady header, stable rows, and nothing cut, at 1280 and 1024', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    const tree = region(page, 'Process tree');
    await expect(tree.locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await server.start({ kind: 'process', method: 'fork', count: 3, namePrefix: 'forked', task: { name: 'sleep', ms: 120_000 } });
    await server.start({ kind: 'thread', count: 2, namePrefix: 'threaded', task: { name: 'hang' } });
    await server.start({ kind: 'command', command: 'sleep 300', namePrefix: 'cmd' });
    await expect(tree.locator('tr[data-worker-id][data-state="sleeping"], tr[data-worker-id][data-state="running"]')).toHaveCount(6);

    const header = page.locator('.app-header');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 720 });
      const heights = new Map<string, number>();
      const measure = async (what: string) => {
        heights.set(what, (await header.boundingBox())!.height);
        await expectHeaderInOrder(page, width);
      };
      await measure('tree');
      await screenshot(page, `layout-${width}-tree`);
      // A table taller than its panel once squeezed the header by 18 px, and every panel jumped.
      await tree.getByRole('button', { name: 'Table', exact: true }).click();
      await expect(tree.locator('table.flat-grid')).toBeVisible();
      await measure('table');
      await screenshot(page, `layout-${width}-table`);
      await tree.getByRole('button', { name: 'Tree', exact: true }).click();
      await page.getByRole('button', { name: 'Sync', exact: true }).click();
      await expect(region(page, 'Locks')).toBeVisible();
      await measure('sync');
      await page.getByRole('button', { name: 'Processes', exact: true }).click();
      await page.keyboard.press(' ');
      await expect(page.locator('.paused-badge')).toHaveText('Paused');
      await measure('paused');
      await screenshot(page, `layout-${width}-paused`);
      await page.keyboard.press(' ');
      await expect(page.locator('.paused-badge')).toHaveText('');
      expect(new Set(heights.values()), JSON.stringify([...heights])).toEqual(new Set([54]));
    }
    await page.setViewportSize({ width: 1280, height: 720 });

    // Select forked-3, then end forked-2 (drawn above it) and cmd-1: forked-3 stays where it was, in the
    // tree and in the table, and the exited rows keep their places, greyed.
    const forked = (n: number) => workerRow(page, `forked-${n}`);
    await forked(3).click();
    const selectedAt = await yOf(forked(3));
    const exitedAt = await yOf(forked(2));
    await tree.getByRole('button', { name: 'Table', exact: true }).click();
    const selectedInTableAt = await yOf(forked(3));
    await tree.getByRole('button', { name: 'Tree', exact: true }).click();
    const ids = server.events.flatMap((event) => (event.type === 'worker.starting' ? [event.worker] : []));
    await server.execute({ type: 'terminate', workerIds: [ids.find((worker) => worker.name === 'forked-2')!.id] });
    await server.execute({ type: 'kill', workerIds: [ids.find((worker) => worker.name === 'cmd-1')!.id] });
    await expect(forked(2)).toHaveAttribute('data-state', 'exited');
    await expect(workerRow(page, 'cmd-1')).toHaveAttribute('data-state', 'exited');
    // A process sample after the exits, so that the tree is drawn from it.
    const samples = server.events.filter((event) => event.type === 'metrics.processes').length;
    await expect.poll(() => server.events.filter((event) => event.type === 'metrics.processes').length).toBeGreaterThan(samples + 1);
    expect(await yOf(forked(3))).toBe(selectedAt);
    expect(await yOf(forked(2))).toBe(exitedAt);
    await expect(forked(3)).toHaveAttribute('aria-selected', 'true');
    // The command line of an exited worker keeps its room ("sleep 300", not "s").
    await expect(workerRow(page, 'cmd-1').locator('.process-text')).toHaveText('sleep 300');
    expect(await cutTexts(page, '.tree-grid tr.ghost .process-text')).toEqual([]);
    await screenshot(page, 'layout-1280-after-exit');
    await tree.getByRole('button', { name: 'Table', exact: true }).click();
    expect(await yOf(forked(3))).toBe(selectedInTableAt);
    await tree.getByRole('button', { name: 'Tree', exact: true }).click();

    // Worker details and the queues: no fact cut short, at either width.
    await server.execute({ type: 'sync.create', primitive: { kind: 'Queue', name: 'jobs_waiting_for_workers', maxsize: 5 } });
    await server.start({ kind: 'thread', namePrefix: 'producer', task: { name: 'produce', queue: 'jobs_waiting_for_workers', n: 100, delayMs: 50 } });
    await server.start({ kind: 'thread', namePrefix: 'consumer', task: { name: 'consume', queue: 'jobs_waiting_for_workers', n: 0, delayMs: 150 } });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 720 });
      await forked(1).click();
      const details = region(page, 'Worker details');
      await expect(details.locator('.fact').filter({ hasText: 'Start latency' })).toContainText(/\d ms/);
      const facts = details.locator('.facts');
      await facts.evaluate((element) => element.closest('.scroll')?.scrollTo(0, 1e6));
      expect(await cutTexts(page, '.fact dd, .fact dt')).toEqual([]);
      const overhanging = await facts.locator('.fact').evaluateAll((elements) =>
        elements.flatMap((fact) => {
          const dd = fact.querySelector('dd')!.getBoundingClientRect();
          return dd.right > fact.getBoundingClientRect().right + 1 ? [fact.textContent] : [];
        }),
      );
      expect(overhanging).toEqual([]);
      await screenshot(page, `layout-${width}-details`);
      await page.getByRole('button', { name: 'Sync', exact: true }).click();
      const queue = region(page, 'Queues').locator('[data-queue="jobs_waiting_for_workers"]');
      await expect(queue).toContainText('producer-1');
      expect(await cutTexts(page, '.queue-facts dd, .queue-facts dt, .queue-title')).toEqual([]);
      await screenshot(page, `layout-${width}-sync`);
      await page.getByRole('button', { name: 'Processes', exact: true }).click();
    }

    // Disconnected: the pill says so in the same place, and the header keeps every fact.
    await server.stop('SIGTERM');
    await expect(page.locator('.connection')).toHaveText('reconnecting…');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 720 });
      await page.keyboard.press(' ');
      await expect(page.locator('.paused-badge')).toHaveText('Paused');
      expect((await header.boundingBox())!.height).toBe(54);
      await expectHeaderInOrder(page, width);
      await screenshot(page, `layout-${width}-disconnected-paused`);
      await page.keyboard.press(' ');
    }
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});

test('start dialog: a thread is not offered crash or ignore-sigterm, and limits are said in words', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.getByRole('button', { name: 'Start workers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start workers' });
    const task = dialog.getByLabel('Task', { exact: true });
    const options = () => task.locator('option').allTextContents();
    await dialog.getByLabel('Kind', { exact: true }).selectOption('process');
    await task.selectOption('crash');
    expect(await options()).toEqual(expect.arrayContaining(['crash', 'ignore-sigterm']));
    await dialog.getByLabel('Kind', { exact: true }).selectOption('thread');
    expect(await options()).not.toContain('crash');
    expect(await options()).not.toContain('ignore-sigterm');
    // The task chosen for a process gave way to one a thread can run.
    await expect(task).toHaveValue('hang');
    // Spawn-children's child kind follows the same rule.
    await task.selectOption('spawn-children');
    await dialog.getByLabel('Child kind', { exact: true }).selectOption('thread');
    expect(await dialog.getByLabel('Child task', { exact: true }).locator('option').allTextContents()).not.toContain('crash');
    await task.selectOption('hang');
    // The count's limit is the lab's live-worker limit, said next to the field.
    await expect(dialog.getByText('1 to 256 live workers in all (the lab\'s limit); 0 live now')).toBeVisible();
    await dialog.getByLabel('Count', { exact: true }).fill('300');
    await dialog.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('the lab allows at most 256 live workers');
    await screenshot(page, 'start-dialog-thread-limit');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // A number out of range says the range (10^12 once read "maxsize must be a number").
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await region(page, 'Locks').getByRole('button', { name: 'New primitive' }).click();
    const create = page.getByRole('dialog', { name: 'New primitive' });
    await create.getByLabel('Kind', { exact: true }).selectOption('Queue');
    await create.getByLabel('Name', { exact: true }).fill('q');
    await create.getByLabel('Maxsize', { exact: true }).fill('1000000000000');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(create.getByRole('alert')).toContainText('maxsize must be a whole number from 0 to 1000000 (0 = unbounded)');
    await screenshot(page, 'new-primitive-maxsize-limit');
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
