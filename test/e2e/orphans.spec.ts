import { expect, test } from '@playwright/test';
import { isRunning } from '../support/procfs';
import { ServerProcess } from '../support/server-process';
import { waitFor } from '../support/wait';
import { screenshot } from './lab-scenario';

/**
 * A process the lab did not start itself (here, grandchildren left as orphans when their parent was
 * killed) is seen in the tree, and can be terminated, killed (after a confirmation) and signalled from it.
 */
test('an orphaned grandchild is terminated and killed from its row in the tree', async ({ page }) => {
  const server = await ServerProcess.start(['--sample-period', '200']);
  try {
    await page.goto(server.url);
    const tree = page.getByRole('region', { name: 'Process tree' });
    await expect(tree.locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();

    const [parent] = await server.start({
      kind: 'process',
      method: 'fork',
      namePrefix: 'parent',
      task: { name: 'spawn-children', n: 2, kind: 'process', method: 'fork', task: { name: 'hang' } },
    });
    const parentPid = (await server.ready(parent!)).pid;
    const orphans = await waitFor('two grandchildren sampled', () => {
      const last = server.events.filter((e) => e.type === 'metrics.processes').at(-1);
      const kids = last?.type === 'metrics.processes' ? last.processes.filter((p) => p.ppid === parentPid).map((p) => p.pid) : [];
      return kids.length === 2 ? kids : undefined;
    });
    const outcome = await server.execute({ type: 'kill', workerIds: [parent] });
    expect(outcome.ok).toBe(true);
    const [first, second] = orphans as [number, number];
    const row = (pid: number) => tree.locator(`tr[data-pid="${pid}"]`);
    await expect(row(first)).toContainText('orphan, reparented');

    const details = page.getByRole('region', { name: 'Worker details' });
    await row(first).click();
    await expect(details.getByText(`process ${first}`, { exact: true })).toBeVisible();
    await details.getByRole('button', { name: 'Kill', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm kill' });
    await expect(confirm).toContainText(`Kill process ${first} (node) with SIGKILL?`);
    await screenshot(page, 'orphans-1-confirm-kill');
    await confirm.getByRole('button', { name: 'Kill', exact: true }).click();
    const log = page.getByRole('region', { name: 'Event log' });
    await expect(log.getByText(`pid ${first} killed (SIGKILL sent)`)).toBeVisible();
    await waitFor('the first orphan to end', () => !isRunning(first));
    await expect(row(first)).toHaveCount(0);

    await row(second).click();
    await details.getByRole('button', { name: 'Terminate', exact: true }).click();
    await expect(log.getByText(`signal SIGTERM sent to pid ${second}`)).toBeVisible();
    await waitFor('the second orphan to end', () => !isRunning(second));
    await expect(row(second)).toHaveCount(0);
    await expect(details.getByText('the process is gone')).toBeVisible();
    await screenshot(page, 'orphans-2-ended');

    // The host's own row offers no way to signal the lab itself.
    await tree.locator(`tr[data-pid="${server.child.pid}"]`).click();
    await expect(details.getByRole('button', { name: 'Kill', exact: true })).toBeDisabled();
    await expect(details.getByText('this is the lab itself: quit the lab to stop it')).toBeVisible();
  } finally {
    server.child.kill('SIGKILL');
  }
});
