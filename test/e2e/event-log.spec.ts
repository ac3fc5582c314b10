import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';

/**
 * A full event log (2,000 lines) stays light: only the lines in view and a few either side are in the
 * page, the newest at the bottom while it follows; scrolled to the top it shows the oldest line kept, and
 * the filter finds lines wherever they are in the log, drawn or not.
 */

const LOCKS = 40;
/** Lines enough with the locks' and the lab's own to pass the 2,000 the log keeps. */
const OPERATIONS = 1_975;
const name = (i: number) => `lock-${String(i).padStart(4, '0')}`;

test('event log: 2,000 lines draw only a window, scroll to the oldest line, and filter over all of them', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(page.getByRole('region', { name: 'Process tree' }).locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    // One line each: "created Lock lock-0000" ... "created Lock lock-0039", then an Event set and cleared
    // over and over: with the lab's own first lines, more than the log keeps (2,000), so that the lab's
    // lines and the first creations are dropped, and the oldest line kept is a creation.
    const run = async (command: Parameters<ServerProcess['execute']>[0]) => {
      const outcome = await server.execute(command);
      if (!outcome.ok) throw new Error(outcome.error);
    };
    for (let i = 0; i < LOCKS; i++) await run({ type: 'sync.create', primitive: { kind: 'Lock', name: name(i) } });
    await run({ type: 'sync.create', primitive: { kind: 'Event', name: 'bell' } });
    for (let i = 0; i < OPERATIONS; i++) await run({ type: 'sync.operate', request: { op: i % 2 === 0 ? 'set' : 'clear', name: 'bell' } });
    const last = OPERATIONS % 2 === 0 ? 'clear' : 'set';

    const log = page.getByRole('region', { name: 'Event log' });
    const lines = log.locator('.log-line');
    await expect(log.locator('.panel-note')).toHaveText('2000 lines');
    await expect(lines.last()).toContainText(last);
    await expect(lines.last()).toBeInViewport();
    const drawn = await lines.count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(80);
    await screenshot(page, 'event-log-1-full-following');

    // Scrolled to the top: the log stops following and draws its oldest lines (the lab's own first
    // lines and the first creations were dropped to keep 2,000), still only a window of them.
    await log.locator('ol.log').hover();
    await page.mouse.wheel(0, -1_000_000);
    await expect(log.getByRole('button', { name: '↓ Follow' })).toBeVisible();
    await expect(lines.first()).toHaveText(/created Lock lock-00\d\d$/);
    await expect(lines.first()).toBeInViewport();
    expect(await lines.count()).toBeLessThan(80);
    await expect(log.locator('.panel-note')).toHaveText('2000 lines');

    // The filter looks at every line, drawn or not: the newest Lock's creation, far above the window.
    const filter = log.getByRole('searchbox', { name: 'Filter the event log' });
    await filter.fill(name(LOCKS - 1));
    await expect(log.locator('.panel-note')).toHaveText('1 line');
    await expect(lines).toHaveCount(1);
    await expect(lines.first()).toContainText(`created Lock ${name(LOCKS - 1)}`);
    await filter.fill('');
    await expect(log.locator('.panel-note')).toHaveText('2000 lines');

    // Back to following: the newest line at the bottom again, in view.
    await log.getByRole('button', { name: '↓ Follow' }).click();
    await expect(lines.last()).toContainText(last);
    await expect(lines.last()).toBeInViewport();
    expect(await lines.count()).toBeLessThan(80);
  } finally {
    await server.stop();
  }
});
