import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * "Be the scheduler" with a Python program, as a teacher runs it in browser mode: step mode on, then a
 * program whose threads `one` and `two` take lockA and lockB in opposite orders; each is held by the shim
 * before its acquire, shown "at lockA.acquire" in the Step mode list, and released from there in the order
 * that makes the deadlock: the banner names it.
 */
const TWO_LOCKS = `import threading
lockA = threading.Lock()
lockB = threading.Lock()
def one():
    with lockA:
        with lockB:
            pass
def two():
    with lockB:
        with lockA:
            pass
t1 = threading.Thread(target=one, name='one')
t2 = threading.Thread(target=two, name='two')
t1.start(); t2.start(); t1.join(); t2.join()
print('both done')
`;

test('step mode with a Python program: its threads are held at each acquire and released in the order that forms the deadlock', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const strip = region(page, 'Step mode');
    await strip.getByRole('button', { name: 'Step mode: off' }).click();
    await expect(strip.getByRole('button', { name: 'Step mode: on' })).toHaveAttribute('aria-pressed', 'true');

    await page.getByRole('button', { name: 'Start workers' }).click();
    const start = page.getByRole('dialog', { name: 'Start workers' });
    await start.getByLabel('Kind', { exact: true }).selectOption('python');
    await start.getByLabel('Name prefix', { exact: true }).fill('two-locks');
    await start.getByLabel('Code', { exact: true }).fill(TWO_LOCKS);
    await start.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(start).toBeHidden();

    const held = strip.getByRole('list', { name: 'Held by you' });
    const heldItem = (name: string) => held.getByRole('listitem').filter({ hasText: new RegExp(`^${name} `) });
    await expect(heldItem('one')).toContainText('at lockA.acquire', { timeout: 20_000 });
    await expect(heldItem('two')).toContainText('at lockB.acquire');
    await expect(strip).toContainText('Python threads are held at their threading primitives');
    // Held before it takes effect: both locks are still free.
    await expect(region(page, 'Locks').locator('[data-primitive="lockA"]')).toContainText('free');

    await heldItem('one').getByRole('button', { name: 'Release' }).click();
    await expect(heldItem('one')).toContainText('at lockB.acquire');
    await heldItem('two').getByRole('button', { name: 'Release' }).click();
    await expect(heldItem('two')).toContainText('at lockA.acquire');
    await screenshot(page, 'step-mode-python');
    await heldItem('one').getByRole('button', { name: 'Release' }).click();
    await heldItem('two').getByRole('button', { name: 'Release' }).click();

    const banner = page.locator('.deadlock-banner[role="alert"]');
    await expect(banner).toContainText(/Deadlock: (one waits for lockB held by two; two waits for lockA held by one|two waits for lockA held by one; one waits for lockB held by two)/, { timeout: 20_000 });
    await expect(strip).toContainText('Schedule (4)');
  } finally {
    await server.stop();
  }
});
