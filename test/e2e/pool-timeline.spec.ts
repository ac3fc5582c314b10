import { expect, test, type Locator } from '@playwright/test';
import type { LabEvent } from '../../src/shared/protocol';
import type { TaskStepFact } from '../../src/shared/pools';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * A pool's tasks on the timeline (issue 9): map sleep tasks over a pool of two thread workers and see,
 * on each worker's lane ("pool worker 1 of 2"), the tasks it ran: counted in the canvas's accessible text,
 * named under the pointer ("task 1 sleep (ran 300 ms)"), written on the lane once zoomed in; and a page
 * that connects while the map runs draws them too.
 */

const TASK_MS = 300;
const TASKS = 12;

type PoolTasks = Extract<LabEvent, { type: 'pool.tasks' }>;

const stepsOf = (events: readonly LabEvent[], pool: string): TaskStepFact[] =>
  events.filter((event): event is PoolTasks => event.type === 'pool.tasks' && event.pool === pool).flatMap((event) => event.steps);
const finished = (events: readonly LabEvent[], pool: string): number =>
  events.filter((event): event is PoolTasks => event.type === 'pool.tasks' && event.pool === pool).reduce((sum, event) => sum + event.counts.done, 0);

/** The canvas's x (CSS px) of lab time `t`, from the window on its data attributes. */
async function xAt(canvas: Locator, t: number): Promise<number> {
  const start = Number(await canvas.getAttribute('data-window-start'));
  const end = Number(await canvas.getAttribute('data-window-end'));
  const labelWidth = Number(await canvas.getAttribute('data-label-width'));
  const box = (await canvas.boundingBox())!;
  expect(t).toBeGreaterThan(start);
  expect(t).toBeLessThan(end);
  return labelWidth + ((t - start) / (end - start)) * (box.width - labelWidth);
}

/** Tasks per lane the accessible text counts: "sleepers-1 (pool worker 1 of 2): 6 tasks". */
function countedTasks(label: string, pool: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of label.matchAll(new RegExp(`(${pool}-\\d+) \\(pool worker (\\d+) of 2\\): ([\\d,]+) tasks?`, 'g'))) counts.set(match[1]!, Number(match[3]!.replaceAll(',', '')));
  return counts;
}

test('pool timeline: a map\'s sleep tasks are spans on its two workers\' lanes, named under the pointer', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    expect(await server.execute({ type: 'pool.create', pool: { name: 'sleepers', api: 'pool', runtime: 'thread', size: 2 } })).toMatchObject({ ok: true });
    const slots = () => server.events.filter((event): event is Extract<LabEvent, { type: 'pool.slot' }> => event.type === 'pool.slot' && event.pool === 'sleepers');
    await expect.poll(() => slots().length).toBe(2);
    expect(await server.execute({ type: 'pool.map', pool: 'sleepers', fn: 'sleep', items: Array.from({ length: TASKS }, () => TASK_MS), chunksize: 1 })).toMatchObject({ ok: true });
    await expect.poll(() => finished(server.events, 'sleepers'), { timeout: 20_000 }).toBe(TASKS);

    const timeline = region(page, 'Timeline');
    const canvas = timeline.locator('canvas.timeline-canvas');
    // Each worker ran some of the twelve, and the two lanes' counts add up to the map.
    await expect.poll(async () => [...countedTasks((await canvas.getAttribute('aria-label'))!, 'sleepers').values()].reduce((a, b) => a + b, 0)).toBe(TASKS);
    const counts = countedTasks((await canvas.getAttribute('aria-label'))!, 'sleepers');
    expect([...counts.keys()].sort()).toEqual(['sleepers-1', 'sleepers-2']);
    for (const tasks of counts.values()) expect(tasks).toBeGreaterThanOrEqual(3);

    // Task 1's span, from its kept steps (12 tasks in 2 s are well under explain mode's rate).
    const steps = stepsOf(server.events, 'sleepers');
    const running = steps.find((step) => step.id === 1 && step.step === 'running')!;
    const done = steps.find((step) => step.id === 1 && step.step === 'done')!;
    const slot1 = slots().find((event) => event.slot === running.slot)!.workerId!;
    const starts = server.events.filter((event): event is Extract<LabEvent, { type: 'worker.starting' }> => event.type === 'worker.starting').map((event) => event.worker);
    const name = starts.find((worker) => worker.id === slot1)!.name;
    // Its lane's row: under the ruler (22) and the host's heading (18), one 16 px row per lane before it.
    const y = 22 + 18 + starts.findIndex((worker) => worker.id === slot1) * 16 + 8;
    const middle = (running.t + done.t) / 2;

    await timeline.getByRole('button', { name: 'Pause timeline' }).click();
    await expect(timeline.getByRole('status')).toContainText('Viewing the past');
    await canvas.click({ position: { x: await xAt(canvas, middle), y } });
    // Zoomed in around that moment until a task is wide enough for its words.
    await canvas.focus();
    for (let i = 0; i < 14; i++) await page.keyboard.press('+');
    await expect.poll(async () => Number(await canvas.getAttribute('data-window-end')) - Number(await canvas.getAttribute('data-window-start'))).toBeLessThan(1_500);
    // Panned on, so that task 1 and those after it are in view (the zoom kept the moment where it was clicked).
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await canvas.hover({ position: { x: await xAt(canvas, middle), y } });
    const ran = Math.round(done.t - running.t);
    await expect(canvas).toHaveAttribute('title', new RegExp(`^${name} \\(pool worker ${running.slot} of 2\\): task 1 sleep \\(ran (${ran - 1}|${ran}|${ran + 1}) ms\\)$`));
    await screenshot(page, 'pool-timeline-zoomed');
    await timeline.getByRole('button', { name: 'Expand timeline' }).click();
    await screenshot(page, 'pool-timeline-expanded');

    // Back to live and out to 30 s: the whole map, merged where the tasks are narrower than a pixel.
    await timeline.getByRole('button', { name: 'Shrink timeline' }).click();
    await timeline.getByRole('button', { name: 'Back to live' }).click();
    await canvas.focus();
    for (let i = 0; i < 14; i++) await page.keyboard.press('-');
    await expect.poll(async () => Number(await canvas.getAttribute('data-window-end')) - Number(await canvas.getAttribute('data-window-start'))).toBeGreaterThan(20_000);
    await expect.poll(async () => [...countedTasks((await canvas.getAttribute('aria-label'))!, 'sleepers').values()].reduce((a, b) => a + b, 0)).toBe(TASKS);
    await screenshot(page, 'pool-timeline-live');
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});

test('pool timeline: a page that connects while a map runs draws the spans of its workers from where it joined', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    expect(await server.execute({ type: 'pool.create', pool: { name: 'late', api: 'pool', runtime: 'thread', size: 2 } })).toMatchObject({ ok: true });
    expect(await server.execute({ type: 'pool.map', pool: 'late', fn: 'sleep', items: Array.from({ length: 16 }, () => 400), chunksize: 1 })).toMatchObject({ ok: true });
    await expect.poll(() => finished(server.events, 'late'), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await page.reload();
    const canvas = region(page, 'Timeline').locator('canvas.timeline-canvas');
    await expect(canvas).toHaveAttribute('aria-label', /late-1 \(pool worker \d of 2\): \d+ tasks?; late-2 \(pool worker \d of 2\): \d+ tasks?/);
    await expect.poll(() => finished(server.events, 'late'), { timeout: 20_000 }).toBe(16);
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});

test('pool timeline: fifteen thousand trivial tasks merge below a pixel, and every one of them is counted on its lane', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    expect(await server.execute({ type: 'pool.create', pool: { name: 'fast', api: 'pool', runtime: 'thread', size: 2 } })).toMatchObject({ ok: true });
    // A command frame holds at most 20,000 values (the socket's bound): fifteen thousand items fit.
    const items = 15_000;
    const mapped = await server.execute({ type: 'pool.map', pool: 'fast', fn: 'square', items: Array.from({ length: items }, (_, i) => i), chunksize: 1 });
    expect(mapped, JSON.stringify(mapped)).toMatchObject({ ok: true });
    await expect.poll(() => finished(server.events, 'fast'), { timeout: 60_000 }).toBe(items);
    // Far over explain mode's rate: most tasks' steps were skipped, yet the lanes count every task (marks of
    // the tasks finished between two batches, from doneBySlot).
    const skipped = server.events.reduce((sum, event) => sum + (event.type === 'pool.tasks' && event.pool === 'fast' ? event.skipped : 0), 0);
    const canvas = region(page, 'Timeline').locator('canvas.timeline-canvas');
    await expect.poll(async () => [...countedTasks((await canvas.getAttribute('aria-label'))!, 'fast').values()].reduce((a, b) => a + b, 0)).toBe(items);
    const batches = server.events.filter((event) => event.type === 'pool.tasks' && event.pool === 'fast');
    const first = batches[0]!.t;
    const last = batches.at(-1)!.t;
    await region(page, 'Timeline').getByRole('button', { name: 'Expand timeline' }).click();
    // Held still first: following live, the window moves on between reading it and the hover.
    await region(page, 'Timeline').getByRole('button', { name: 'Pause timeline' }).click();
    await expect(region(page, 'Timeline').getByRole('status')).toContainText('Viewing the past');
    const onFast1 = async (t: number) => ({ x: await xAt(canvas, t), y: (22 + 18 + 8) * 1.35 });
    await canvas.hover({ position: await onFast1((first + last) / 2) });
    await expect(canvas).toHaveAttribute('title', /^fast-\d \(pool worker \d of 2\): [\d,]+ tasks here \(below a pixel at this zoom: zoom in to see each\)$/);
    await screenshot(page, 'pool-timeline-fast');
    // The map's second or so, zoomed in around its middle: at 2 px per ms the tasks are still merged.
    await canvas.click({ position: await onFast1((first + last) / 2) });
    await canvas.focus();
    for (let i = 0; i < 11; i++) await page.keyboard.press('+');
    await screenshot(page, 'pool-timeline-fast-zoomed');
    expect(skipped).toBeGreaterThan(0);
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
