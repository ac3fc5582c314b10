import { expect, test } from '@playwright/test';
import type { LabEvent } from '../../src/shared/protocol';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

type Counted = Extract<LabEvent, { type: 'sync.fastPathCounted' }>;

/**
 * A thread in a tight acquire/release loop makes fast-path ops faster than the recording keeps them: what
 * is over the rate is counted, not kept. The timeline draws that gap on the thread's lane, hatched, and
 * says how many ops it stands for (tooltip, accessible text).
 */
test('timeline: fast-path ops counted, not kept, are a hatched span on the thread lane that says how many', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    expect(await server.execute({ type: 'sync.create', primitive: { kind: 'Lock', name: 'spin' } })).toMatchObject({ ok: true });
    const [id] = await server.start({ kind: 'thread', namePrefix: 'loop', task: { name: 'contend', lock: 'spin', n: 10_000_000 } });
    const counted = () => server.events.filter((event): event is Counted => event.type === 'sync.fastPathCounted' && event.workerId === id);
    await expect.poll(() => counted().length, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => server.events.some((event) => event.type === 'worker.exited' && event.workerId === id), { timeout: 60_000 }).toBe(true);

    const canvas = region(page, 'Timeline').locator('canvas.timeline-canvas');
    await expect(canvas).toHaveAttribute('aria-label', /Hatched, fast-path ops over the recording rate: loop-1: [\d,]+ ops counted, not kept\./);
    const total = counted().at(-1)!.total;
    const inText = Number(/loop-1: ([\d,]+) ops counted/.exec((await canvas.getAttribute('aria-label'))!)![1]!.replaceAll(',', ''));
    expect(inText).toBe(total);

    // The pointer in the middle of the first gap, on loop-1's lane (below the ruler and the host's heading):
    // it spans from the thread's start (ready), or 1.2 s back if later, to the event.
    const first = counted()[0]!;
    const started = server.events.find((event) => event.type === 'worker.ready' && event.workerId === id)!.t;
    const middle = (Math.max(started, first.t - 1_200) + first.t) / 2;
    // Held still first: following live, the window moves on between reading it and the hover, and a first
    // gap 250 ms long was missed on a busy machine (the pointer landed in the second).
    await region(page, 'Timeline').getByRole('button', { name: 'Pause timeline' }).click();
    await expect(region(page, 'Timeline').getByRole('status')).toContainText('Viewing the past');
    const start = Number(await canvas.getAttribute('data-window-start'));
    const end = Number(await canvas.getAttribute('data-window-end'));
    const labelWidth = Number(await canvas.getAttribute('data-label-width'));
    const box = (await canvas.boundingBox())!;
    await canvas.hover({ position: { x: labelWidth + ((middle - start) / (end - start)) * (box.width - labelWidth), y: 22 + 18 + 8 } });
    await expect(canvas).toHaveAttribute('title', `loop-1: ${first.ops.toLocaleString('en')} ops counted, not kept (${first.total.toLocaleString('en')} so far; over the recording rate of its fast path)`);
    await screenshot(page, 'timeline-counted');
    // The moment in the gap viewed, expanded and zoomed in around it: a gap has room for its words.
    await canvas.click({ position: { x: labelWidth + ((middle - start) / (end - start)) * (box.width - labelWidth), y: 22 + 18 + 8 } });
    await expect(region(page, 'Timeline').getByRole('status')).toContainText('Viewing the past');
    await page.getByRole('button', { name: 'Expand timeline' }).click();
    for (let i = 0; i < 12; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    // Panned on a little: the thread's last second, where its later gaps are.
    for (let i = 0; i < 4; i++) await canvas.press('ArrowRight');
    await expect.poll(async () => Number(await canvas.getAttribute('data-window-end')) - Number(await canvas.getAttribute('data-window-start'))).toBeLessThan(2_500);
    await screenshot(page, 'timeline-counted-expanded');
  } finally {
    await server.stop('SIGTERM').catch(() => undefined);
    server.child.kill('SIGKILL');
  }
});
