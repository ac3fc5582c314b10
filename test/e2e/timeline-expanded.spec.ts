import { expect, test, type Locator, type Page } from '@playwright/test';
import type { LabEvent } from '../../src/shared/protocol';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * The timeline made big for a projector: "Expand timeline" draws it over the main view, larger, with its
 * lanes; pausing and scrubbing work there as in the bottom row (the views show the moment, here the event
 * log and the details); Esc returns it to the bottom row with the moment kept, and "e" or the same button
 * toggles it. The CPU cores' subtitle is whole in both layouts.
 */

/** x on the canvas (its own pixels, from the left of its box) of lab time `t`; the window is on its data attributes. */
async function xOfMoment(canvas: Locator, t: number): Promise<number> {
  const start = Number(await canvas.getAttribute('data-window-start'));
  const end = Number(await canvas.getAttribute('data-window-end'));
  const labelWidth = Number(await canvas.getAttribute('data-label-width'));
  const box = (await canvas.boundingBox())!;
  expect(t).toBeGreaterThan(start);
  expect(t).toBeLessThan(end);
  return labelWidth + ((t - start) / (end - start)) * (box.width - labelWidth);
}

/** Drags along the ruler (the top 22 px of the drawing, larger when expanded) from moment `from` to `to`. */
async function scrub(page: Page, canvas: Locator, from: number, to: number): Promise<void> {
  const box = (await canvas.boundingBox())!;
  const y = box.y + 8;
  await page.mouse.move(box.x + (await xOfMoment(canvas, from)), y);
  await page.mouse.down();
  await page.mouse.move(box.x + (await xOfMoment(canvas, (from + to) / 2)), y, { steps: 4 });
  await page.mouse.move(box.x + (await xOfMoment(canvas, to)), y, { steps: 4 });
  await page.mouse.up();
}

/** Is the panel's note whole (not cut with an ellipsis)? */
const noteIsWhole = (note: Locator) => note.evaluate((element) => element.scrollWidth <= element.clientWidth);

test('timeline expanded: lanes drawn large over the main view, pause and scrub there, Esc returns with the moment kept', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    const tree = region(page, 'Process tree');
    await expect(tree.locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    const cpuNote = region(page, 'CPU cores').locator('.panel-note');
    await expect(cpuNote).toHaveText(/^\d+ cores? · every \d+ ms$/);
    expect(await noteIsWhole(cpuNote)).toBe(true);

    // Two threads, the second started a while after the first: a moment between them has one, not both.
    const [early] = await server.start({ kind: 'thread', namePrefix: 'early', task: { name: 'hang' } });
    await server.ready(early!);
    const earlyReady = server.events.find((e) => e.type === 'worker.ready' && e.workerId === early)!.t;
    await expect.poll(() => server.events.some((e) => e.t > earlyReady + 1_500)).toBe(true);
    const [late] = await server.start({ kind: 'thread', namePrefix: 'late', task: { name: 'hang' } });
    await server.ready(late!);
    const lateStarted = server.events.find((e): e is Extract<LabEvent, { type: 'worker.starting' }> => e.type === 'worker.starting' && e.worker.id === late)!.t;

    const timeline = region(page, 'Timeline');
    const canvas = timeline.locator('canvas');
    await expect(canvas).toHaveAttribute('aria-label', /^Timeline lanes: 2 workers and threads/);
    const small = (await timeline.boundingBox())!;
    await timeline.getByRole('button', { name: 'Expand timeline' }).click();

    // Over the main view: the tree gives its place, the timeline takes it (and is drawn larger).
    await expect(tree).toBeHidden();
    await expect(timeline.getByRole('button', { name: 'Shrink timeline' })).toBeVisible();
    const big = (await timeline.boundingBox())!;
    expect(big.width).toBeGreaterThan(small.width * 1.4);
    expect(big.height).toBeGreaterThan(small.height * 2);
    await expect(canvas).toHaveAttribute('aria-label', /^Timeline lanes: 2 workers and threads.*Esc returns the timeline to the bottom row/);
    await expect(region(page, 'Worker details')).toBeVisible();
    await expect(region(page, 'Event log')).toBeVisible();
    expect(await noteIsWhole(cpuNote)).toBe(true);
    await screenshot(page, 'timeline-expanded-1-live');

    // Pause, then scrub along the ruler to between the two starts: the event log has the first, not the second.
    const marker = timeline.getByRole('status');
    await timeline.getByRole('button', { name: 'Pause timeline' }).click();
    await expect(marker).toHaveText(/^Viewing the past, at T/);
    const log = region(page, 'Event log');
    const lateLine = log.locator('.log-line', { hasText: 'late-1' });
    await expect(lateLine.first()).toBeVisible();
    const between = (earlyReady + lateStarted) / 2;
    await scrub(page, canvas, lateStarted, between);
    await expect(marker).toHaveText(/^Viewing the past, at T − \d+\.\d s$/);
    await expect(lateLine).toHaveCount(0);
    await expect(log.locator('.log-line', { hasText: 'early-1' }).first()).toBeVisible();
    await screenshot(page, 'timeline-expanded-2-past');

    // Esc (focus on the canvas, as after scrubbing) returns the timeline to the bottom row; the moment stays.
    await canvas.focus();
    await page.keyboard.press('Escape');
    await expect(tree).toBeVisible();
    await expect(timeline.getByRole('button', { name: 'Expand timeline' })).toBeVisible();
    await expect(marker).toHaveText(/^Viewing the past, at T − \d+\.\d s$/);
    await expect(tree.getByText('late-1')).toHaveCount(0);
    await expect(tree.getByText('early-1').first()).toBeVisible();

    // "e" expands again; a click there picks a moment as in the small one; the same button returns.
    await page.keyboard.press('e');
    await expect(tree).toBeHidden();
    // The window ends at the moment paused, after the late thread was ready: half way there from its start.
    const afterLate = (lateStarted + Number(await canvas.getAttribute('data-window-end'))) / 2;
    await canvas.click({ position: { x: await xOfMoment(canvas, afterLate), y: (await canvas.boundingBox())!.height * 0.6 } });
    await expect(lateLine.first()).toBeVisible();
    await timeline.getByRole('button', { name: 'Back to live' }).click();
    await expect(marker).toHaveText('live');
    await timeline.getByRole('button', { name: 'Shrink timeline' }).click();
    await expect(tree.getByText('late-1').first()).toBeVisible();
    await screenshot(page, 'timeline-expanded-3-back');
    await server.execute({ type: 'terminateAll' });
  } finally {
    await server.stop();
  }
});
