import { expect, test, type Locator } from '@playwright/test';
import type { LabEvent } from '../../src/shared/protocol';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { fillAll, newPrimitive, region, workerIdOf } from './sync-helpers';

/**
 * The timeline as a teacher uses it: run the two-lock deadlock, see it on the timeline (both workers
 * blocked, the locks' holders), pause the timeline, click a moment before the deadlock and see both locks
 * free in the Locks view, click one after it and see the cycle, then go back to live: the lab ran on.
 */

const HOLD_MS = 1000;

/** Clicks the timeline's canvas at lab time `t` (its window is on the canvas's data attributes). */
async function clickMoment(canvas: Locator, t: number): Promise<void> {
  const start = Number(await canvas.getAttribute('data-window-start'));
  const end = Number(await canvas.getAttribute('data-window-end'));
  const labelWidth = Number(await canvas.getAttribute('data-label-width'));
  const box = (await canvas.boundingBox())!;
  expect(t).toBeGreaterThan(start);
  expect(t).toBeLessThan(end);
  const x = labelWidth + ((t - start) / (end - start)) * (box.width - labelWidth);
  await canvas.click({ position: { x, y: box.height * 0.6 } });
}

const firstT = (events: readonly LabEvent[], match: (event: LabEvent) => boolean) => events.find(match)?.t ?? NaN;

test('timeline: the two-lock deadlock, viewed before and after while the lab runs, then back to live', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    const timeline = region(page, 'Timeline');
    await expect(timeline).toBeVisible();
    await expect(timeline.getByRole('status')).toHaveText('live');

    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const locks = region(page, 'Locks');
    const graph = region(page, 'Wait-for graph');
    for (const name of ['lockA', 'lockB']) await expect(await newPrimitive(page, { kind: 'Lock', name })).toBeHidden();

    // Opposite orders, as in sync.spec.ts: each holds its first lock for 1 s, then blocks on its second.
    await page.getByRole('button', { name: 'Start workers' }).click();
    const start = page.getByRole('dialog', { name: 'Start workers' });
    await start.getByLabel('Kind', { exact: true }).selectOption('thread');
    await start.getByLabel('Task', { exact: true }).selectOption('acquire-in-order');
    await fillAll(start, { 'Name prefix': 'dl-a', 'First lock': 'lockA', 'Second lock': 'lockB', 'Hold (ms)': String(HOLD_MS) });
    await start.getByRole('button', { name: 'Start, keep open' }).click();
    await fillAll(start, { 'Name prefix': 'dl-b', 'First lock': 'lockB', 'Second lock': 'lockA' });
    await start.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(start).toBeHidden();
    const banner = page.locator('.deadlock-banner[role="alert"]');
    await expect(banner).toContainText('Deadlock: dl-a-1 waits for lockB held by dl-b-1', { timeout: 5_000 });

    // The moments: before either worker started (both locks free), and after the deadlock (both waiting),
    // once the page has heard the lab for a while after it (a CPU sample later than that moment).
    const events = () => server.events;
    const dlA = workerIdOf(events(), 'dl-a-1')!;
    const before = firstT(events(), (event) => event.type === 'worker.starting' && event.worker.id === dlA) - 150;
    const detected = firstT(events(), (event) => event.type === 'deadlock.detected');
    const after = detected + 700;
    await expect.poll(() => events().some((event) => event.type === 'metrics.cpu' && event.t > after + 300)).toBe(true);
    await screenshot(page, 'timeline-1-live-deadlock');

    await timeline.getByRole('button', { name: 'Pause timeline' }).click();
    const marker = timeline.getByRole('status');
    await expect(marker).toHaveText(/^Viewing the past, at T/);
    await expect(page.locator('.paused-badge')).toHaveText('Paused');
    const canvas = timeline.locator('canvas');

    await clickMoment(canvas, before);
    await expect(marker).toHaveText(/^Viewing the past, at T − \d+\.\d s$/);
    await expect(locks.locator('[data-primitive="lockA"]')).toContainText('free');
    await expect(locks.locator('[data-primitive="lockB"]')).toContainText('free');
    await expect(graph.locator('.arrow.in-cycle')).toHaveCount(0);
    await expect(banner).toBeHidden();
    await screenshot(page, 'timeline-2-past-before-deadlock');

    await clickMoment(canvas, after);
    await expect(locks.locator('[data-primitive="lockA"]')).toContainText('dl-b-1 waits (acquire)');
    await expect(graph.locator('.arrow.in-cycle')).toHaveCount(2);
    await expect(banner).toBeVisible();
    await screenshot(page, 'timeline-3-past-deadlock');
    // Expanded for the room: the same moment, the lanes large; Esc returns it with the moment kept.
    await timeline.getByRole('button', { name: 'Expand timeline' }).click();
    await expect(locks).toBeHidden();
    await expect(marker).toHaveText(/^Viewing the past, at T − \d+\.\d s$/);
    await screenshot(page, 'timeline-3b-past-deadlock-expanded');
    await canvas.focus();
    await page.keyboard.press('Escape');
    await expect(timeline.getByRole('button', { name: 'Expand timeline' })).toBeVisible();
    await expect(locks.locator('[data-primitive="lockA"]')).toContainText('dl-b-1 waits (acquire)');

    // Zooming narrows the window; the keyboard steps the moment viewed.
    const spanOf = async () => Number(await canvas.getAttribute('data-window-end')) - Number(await canvas.getAttribute('data-window-start'));
    const wide = await spanOf();
    await timeline.getByRole('button', { name: 'Zoom in' }).click();
    expect(await spanOf()).toBeLessThan(wide);
    const shown = await marker.textContent();
    await canvas.focus();
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(marker).not.toHaveText(shown!);

    // The lab ran on meanwhile: back to live shows it as it is now.
    const foldedBefore = events().length;
    await expect.poll(() => events().length).toBeGreaterThan(foldedBefore);
    await timeline.getByRole('button', { name: 'Back to live' }).click();
    await expect(marker).toHaveText('live');
    await expect(page.locator('.paused-badge')).toHaveText('');
    await expect(locks.locator('[data-primitive="lockA"]')).toContainText('dl-b-1 waits (acquire)');
    await page.getByRole('button', { name: 'Processes', exact: true }).click();
    await screenshot(page, 'timeline-4-back-to-live');
    await page.getByRole('button', { name: 'Terminate all' }).click();
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
