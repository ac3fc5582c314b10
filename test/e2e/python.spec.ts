import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * A Python program as a person runs it in browser mode (issue 10): inline code with two threads that take
 * two Locks in opposite orders. The tree shows the program with its role and its two threads by their
 * Python names, and its `python -I` child as "unobserved"; the Sync view names the deadlock in the threads'
 * and the locks' own names.
 */

const DEADLOCK = `import subprocess, sys, threading, time
# A child the shim cannot see into: -I skips site, and so sitecustomize.
subprocess.Popen([sys.executable, "-I", "-c", "import time; time.sleep(600)"])
mutexA = threading.Lock()
mutexB = threading.Lock()
def one():
    with mutexA:
        time.sleep(0.3)
        with mutexB:
            pass
def two():
    with mutexB:
        time.sleep(0.3)
        with mutexA:
            pass
a = threading.Thread(target=one, name="first")
b = threading.Thread(target=two, name="second")
a.start(); b.start()
a.join(); b.join()
`;

test('python: inline code deadlocks two threads; the tree and the Sync view show it in Python names', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    const tree = region(page, 'Process tree');
    await expect(tree.locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();

    await page.getByRole('button', { name: 'Start workers' }).click();
    const start = page.getByRole('dialog', { name: 'Start workers' });
    await start.getByLabel('Kind', { exact: true }).selectOption('python');
    // The interpreters the lab found are offered, python3 first.
    await expect(start.getByLabel('Interpreter', { exact: true }).locator('option').first()).toHaveText(/^python3 \(3\.\d+\.\d+\)$/);
    await start.getByLabel('Name prefix', { exact: true }).fill('dl');
    await start.getByLabel('Code', { exact: true }).fill(DEADLOCK);
    await start.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(start).toBeHidden();

    // The program, observed: its role, and its threads inside it by their Python names.
    const program = tree.locator('tr.line', { hasText: 'dl-1' }).first();
    await expect(program).toContainText('main', { timeout: 10_000 });
    await expect(program).toContainText('python');
    // A thread's row by its name ("first" is also in MainThread's row once it says "joins first").
    const thread = (name: string) => tree.locator('tr.line-thread', { hasText: name }).filter(name === 'MainThread' ? {} : { hasNotText: 'MainThread' });
    for (const name of ['MainThread', 'first', 'second']) await expect(thread(name)).toBeVisible();
    // Its python -I child is in the tree as a process the lab sees from the OS only.
    await expect(tree.locator('tr.line-process', { hasText: 'unobserved' })).toHaveCount(1, { timeout: 5_000 });
    // Each deadlocked thread's row says what it waits for.
    await expect(thread('first')).toContainText('waits mutexB', { timeout: 5_000 });
    await expect(thread('second')).toContainText('waits mutexA');
    // The main thread waits in a.join(): its row says whom it joins.
    await expect(thread('MainThread')).toContainText('joins first');
    await screenshot(page, 'python-1-tree');

    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const banner = page.locator('.deadlock-banner[role="alert"]');
    await expect(banner).toContainText('Deadlock: first waits for mutexB held by second; second waits for mutexA held by first', { timeout: 5_000 });
    // The main thread waits in a.join() for first: the Wait-for graph draws that join too (an arrow "join"),
    // outside the cycle (first and second wait for each other; the main thread only waits for first).
    await expect(region(page, 'Wait-for graph').locator('svg.wait-graph')).toHaveAttribute('aria-label', /MainThread waits to join first/);
    await expect(region(page, 'Wait-for graph').locator('text', { hasText: /^join$/ })).toHaveCount(1);
    const locks = region(page, 'Locks');
    await expect(locks.locator('[data-primitive="mutexA"]')).toBeVisible();
    await expect(locks.locator('[data-primitive="mutexB"]')).toBeVisible();
    await screenshot(page, 'python-2-deadlock');
  } finally {
    await server.stop();
  }
});
