import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { waitFor } from '../support/wait';

/**
 * A long event log stays light: while it follows the newest line it draws only the newest 200 (a full log
 * of 2,000 drawn again on every new line made each worker's exit four times slower to reach the screen),
 * and scrolled up it shows every line.
 */
test('event log: a long log draws its newest lines while following, and all of them scrolled up', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(page.getByRole('region', { name: 'Process tree' }).locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    // 64 threads started and killed: four lines each (starting, spawned, ready, exited), 256 in all.
    const ids = await server.start({ kind: 'thread', count: 64, task: { name: 'hang' } });
    await Promise.all(ids.map((id) => server.ready(id)));
    await server.execute({ type: 'kill', workerIds: ids });
    await waitFor('every thread exited', () => ids.every((id) => server.events.some((e) => e.type === 'worker.exited' && e.workerId === id)));

    const log = page.getByRole('region', { name: 'Event log' });
    const lines = log.locator('.log-line');
    await expect(log.locator('.panel-note')).toHaveText(/^(2[6-9]\d|[3-9]\d\d) lines$/);
    const total = Number((await log.locator('.panel-note').textContent())!.split(' ')[0]);
    await expect(lines).toHaveCount(200);
    // The newest line is the last drawn, and in view.
    await expect(lines.last()).toContainText('exited with code');
    await expect(lines.last()).toBeInViewport();

    // Scrolled to the top, the log stops following and draws every line, the first one included.
    await log.locator('ol.log').hover();
    await page.mouse.wheel(0, -100_000);
    await expect(log.getByRole('button', { name: '↓ Follow' })).toBeVisible();
    await expect(lines).toHaveCount(total);
    await expect(lines.first()).toContainText('started (host pid');
  } finally {
    await server.stop();
  }
});
