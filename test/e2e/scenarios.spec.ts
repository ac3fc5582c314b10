import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * The Scenarios view and presentation mode as a teacher uses them in browser mode at 1280x720: pick the
 * lost-update race, run it without a lock and see the verdict (the seeds' real program, under the shim),
 * run it with the Lock and see that verdict, reset it (its workers leave the lists), present it and step
 * its narration with Space and B, Esc to leave. A user's bad scenario file is listed with its line.
 */

/** A scenario file of "the user's" with a mistake on its line 6: a check kind that does not exist. */
const BAD_FILE = ['title: Water', 'seed: none', 'narration:', '  - text: pour', 'variants:', '  - { id: broken, label: Broken, program: { kind: python, code: "print(1)" }, check: { kind: weather } }', ''].join('\n');

function verdictOf(scenarios: Locator): Locator {
  return scenarios.getByRole('status').filter({ has: scenarios.page().locator('.verdict-word') });
}

async function workersOfRun(page: Page): Promise<number> {
  return region(page, 'Process tree').locator('tr[data-worker-id]').count();
}

test('scenarios: pick the race, run it without and with a Lock, see each verdict, reset, present with Space / B / Esc', async ({ page }) => {
  test.setTimeout(240_000);
  const folder = mkdtempSync(join(tmpdir(), 'lab-scenarios-'));
  writeFileSync(join(folder, 'water.yaml'), BAD_FILE);
  // As a teacher starts it: npm run serve -- --scenarios DIR.
  const server = await ServerProcess.start(['--scenarios', folder]);
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Scenarios', exact: true }).click();
    const scenarios = region(page, 'Scenarios');
    const library = scenarios.getByRole('navigation', { name: 'Scenario library' });
    await expect(library.locator('[data-scenario="race"]')).toContainText('The lost update');
    await expect(library.locator('[data-scenario="race"]')).toContainText('000_e6748afd6f81a5c9.txt');
    // The user's bad file, listed with its error naming the line; the library runs regardless.
    const problems = scenarios.getByRole('region', { name: 'Scenario files with errors' });
    await expect(problems).toContainText('water.yaml (your folder)');
    await expect(problems).toContainText(/water\.yaml line 6: .*check\.kind must be one of/);

    // The interpreter the Python scenarios run on: one of those the lab found.
    await expect(scenarios.getByLabel('Python', { exact: true })).toBeVisible();
    await library.locator('[data-scenario="race"]').click();
    const detail = scenarios.getByRole('article', { name: /The lost update/ });
    const verdict = verdictOf(detail);
    await expect(verdict).toHaveAttribute('data-outcome', 'not-run');
    await expect(scenarios.getByRole('list', { name: 'Narration' }).locator('li[aria-current="step"]')).toContainText('num starts at 100');

    // Without a lock: the seeds' program prints its counter, far from 0; the verdict says so in words.
    await detail.getByRole('button', { name: 'Run: Without a lock' }).click();
    await expect(verdict).toHaveAttribute('data-outcome', /pending|pass/);
    await expect(verdict).toHaveAttribute('data-outcome', 'pass', { timeout: 60_000 });
    await expect(verdict).toHaveAccessibleName(/^Without a lock: As expected\. counter ended at [1-9]\d*: the race happened, as expected without a lock$/);
    await expect(library.locator('[data-scenario="race"]')).toContainText('✓');
    await screenshot(page, 'scenario-verdict');

    // Presented: the narration step and the verdict large; Space goes on, B goes back, Esc leaves.
    await scenarios.getByRole('button', { name: 'Present this scenario' }).click();
    const presentation = region(page, 'Presentation');
    await expect(presentation.getByRole('heading', { level: 1 })).toHaveText(/The lost update/);
    const step = presentation.getByRole('region', { name: 'Narration' });
    await expect(step).toContainText('Step 1 of 3');
    await page.keyboard.press(' ');
    await expect(step).toContainText('Step 2 of 3');
    await expect(step).toContainText('Without a lock, all 100 threads read num');
    await expect(presentation.getByRole('status').filter({ hasText: 'As expected' })).toContainText(/counter ended at [1-9]\d*/);
    // The step's look: the program's output first (large), the process tree beside it.
    await expect(presentation.locator('.present-slot')).toHaveCount(2);
    await expect(presentation.locator('.present-slot').first()).toHaveAttribute('data-panel', 'output');
    await expect(presentation.getByRole('region', { name: 'Output', exact: true })).toContainText(/num:[1-9]/);
    // The tree beside the output is whole in its slot (it gives up its PPID and memory columns, not its names).
    const treeFits = (slot: Element) => {
      const table = slot.querySelector('table');
      return table !== null && table.parentElement !== null && table.scrollWidth <= table.parentElement.clientWidth + 1;
    };
    expect(await presentation.locator('.present-slot[data-panel="processes"]').evaluate(treeFits)).toBe(true);
    await screenshot(page, 'scenario-present-race');
    await page.keyboard.press('b');
    await expect(step).toContainText('Step 1 of 3');
    await page.keyboard.press('B');
    await expect(step).toContainText('Step 1 of 3');
    await page.keyboard.press('Escape');
    await expect(presentation).toBeHidden();
    // The step is the lab's: the view shows the one the presentation left.
    await expect(scenarios.getByRole('list', { name: 'Narration' }).locator('li[aria-current="step"]')).toContainText('num starts at 100');

    // With the Lock: one click resets the broken run and runs the fixed one; it ends at 0 (100 × 0.1 s).
    await detail.getByRole('button', { name: 'Run: With a Lock' }).click();
    await expect(verdict).toHaveAccessibleName(/^With a Lock: /);
    await expect(verdict).toHaveAttribute('data-outcome', 'pass', { timeout: 90_000 });
    await expect(verdict).toHaveAccessibleName('With a Lock: As expected. counter ended at 0: with the Lock no update was lost');
    await screenshot(page, 'scenario-verdict-fixed');

    // Reset: what it started is ended and leaves the lists; the verdict goes back to not run.
    await detail.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(verdict).toHaveAttribute('data-outcome', 'not-run', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Processes', exact: true }).click();
    await expect.poll(() => workersOfRun(page), { timeout: 30_000 }).toBe(0);
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('scenarios: the two-lock deadlock presented, its cycle drawn in the wait-for graph beside the verdict', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Scenarios', exact: true }).click();
    const scenarios = region(page, 'Scenarios');
    await scenarios.locator('[data-scenario="deadlock"]').click();
    const verdict = verdictOf(scenarios.getByRole('article', { name: /two-lock deadlock/ }));
    await scenarios.getByRole('button', { name: 'Run: Two Locks' }).click();
    await expect(verdict).toHaveAttribute('data-outcome', 'pass', { timeout: 60_000 });
    await expect(verdict).toHaveAccessibleName(/^Two Locks: As expected\. deadlock: a cycle of 2 threads/);

    await page.keyboard.press('F5');
    const presentation = region(page, 'Presentation');
    await page.keyboard.press('Space');
    await expect(presentation.getByRole('region', { name: 'Narration' })).toContainText('Step 2 of 3');
    await expect(presentation.locator('.present-slot').first()).toHaveAttribute('data-panel', 'wait-for');
    // The cycle in red (mutexA, which eight more threads wait for, is a node between its waiters and its holder).
    const cycle = presentation.getByRole('region', { name: 'Wait-for graph' }).locator('.arrow.in-cycle');
    await expect.poll(() => cycle.count()).toBeGreaterThanOrEqual(2);
    // The step points at mutexA: its card in the Locks is ringed.
    await expect(presentation.getByRole('region', { name: 'Locks' }).locator('li[data-pointed]')).toHaveAttribute('data-primitive', 'mutexA');
    await screenshot(page, 'scenario-present');
    // The fix, run from the presentation itself: the deadlocked run is reset and the RLock one runs through.
    await presentation.getByRole('button', { name: 'Run: One RLock' }).click();
    const presented = presentation.getByRole('status').filter({ has: page.locator('.verdict-word') });
    await expect(presented).toHaveAccessibleName(/^One RLock: /);
    await expect(presented).toHaveAttribute('data-outcome', 'pass', { timeout: 60_000 });
    await expect(presented).toHaveAccessibleName(/^One RLock: As expected\. no deadlock: all ten threads finished/);
    await page.keyboard.press('Escape');
    await scenarios.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(verdict).toHaveAttribute('data-outcome', 'not-run', { timeout: 30_000 });
  } finally {
    await server.stop();
  }
});

test("presentation mode without a scenario: the Sync view's locks and wait-for graph, large; F5 presents the expanded timeline; Esc leaves", async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${server.child.pid}"]`)).toBeVisible();
    for (const name of ['lockA', 'lockB']) expect((await server.execute({ type: 'sync.create', primitive: { kind: 'Lock', name } })).ok).toBe(true);
    await server.start({ kind: 'thread', namePrefix: 'first', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 1000 } });
    await server.start({ kind: 'thread', namePrefix: 'second', task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: 1000 } });
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await page.getByRole('button', { name: 'Present', exact: true }).click();
    const presentation = region(page, 'Presentation');
    await expect(presentation.getByRole('heading', { level: 1 })).toHaveText('Concurrency Lab');
    await expect(presentation.getByText('Locks · Wait-for graph')).toBeVisible();
    await expect(presentation.getByRole('region', { name: 'Wait-for graph' }).locator('.arrow.in-cycle')).toHaveCount(2);
    // Drawn larger than in the window, and whole: the graph's drawing fits its zoomed panel.
    const graph = presentation.getByRole('region', { name: 'Wait-for graph' });
    const [svg, body] = [(await graph.locator('svg').boundingBox())!, (await graph.locator('.graph-body').boundingBox())!];
    expect(svg.width).toBeLessThanOrEqual(body.width + 1);
    expect(svg.height).toBeLessThanOrEqual(body.height + 1);
    await screenshot(page, 'present-sync');
    await page.keyboard.press('Escape');
    await expect(presentation).toBeHidden();
    await expect(region(page, 'Locks')).toBeVisible();

    await page.keyboard.press('e');
    await page.keyboard.press('F5');
    await expect(presentation.getByRole('region', { name: 'Timeline' })).toBeVisible();
    await expect(presentation.getByRole('button', { name: 'Shrink timeline' })).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(presentation).toBeHidden();
  } finally {
    await server.stop();
  }
});
