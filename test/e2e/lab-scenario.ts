import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { procStat } from '../support/procfs';

/** Where the e2e tests save their screenshots, to be looked at as a user would. */
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

function processTree(page: Page): Locator {
  return page.getByRole('region', { name: 'Process tree' });
}

function workerRow(page: Page, workerId: string): Locator {
  return processTree(page).locator(`tr[data-worker-id="${workerId}"]`);
}

async function startWorkers(page: Page, fields: { kind: 'process' | 'thread'; method?: string; count: string; prefix: string; task: string; ms?: string }): Promise<void> {
  await page.getByRole('button', { name: 'Start workers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start workers' });
  await dialog.getByLabel('Kind', { exact: true }).selectOption(fields.kind);
  if (fields.method !== undefined) await dialog.getByLabel('Method', { exact: true }).selectOption(fields.method);
  await dialog.getByLabel('Count', { exact: true }).fill(fields.count);
  await dialog.getByLabel('Name prefix', { exact: true }).fill(fields.prefix);
  await dialog.getByLabel('Task', { exact: true }).selectOption(fields.task);
  if (fields.ms !== undefined) await dialog.getByLabel('Duration (ms)', { exact: true }).fill(fields.ms);
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** Worker states in which it is alive and has booted (the tree shows what /proc says: running, sleeping...). */
const LIVE = ':not([data-state="starting"]):not([data-state="exited"])';

/** The ids of the workers named `${prefix}-N`, once `count` of them are live. */
async function liveWorkers(page: Page, selector: string, prefix: string, count: number): Promise<string[]> {
  const rows = processTree(page).locator(`${selector}[data-worker-id]${LIVE}`).filter({ hasText: `${prefix}-` });
  await expect(rows).toHaveCount(count);
  return Promise.all(Array.from({ length: count }, async (_, index) => (await rows.nth(index).getAttribute('data-worker-id'))!));
}

async function exitCodeOf(page: Page, workerId: string): Promise<Locator> {
  await workerRow(page, workerId).click();
  const details = page.getByRole('region', { name: 'Worker details' });
  await expect(details.getByText(workerId, { exact: true })).toBeVisible();
  return details.locator('.exit');
}

/**
 * The user story, the same for browser mode and the Electron shell: start 3 forked processes and 2
 * threads, find them in the tree with the PIDs and PPIDs the kernel reports, see one series per core, join
 * one with a timeout, terminate one (-15), kill one (-9), and have bad input refused in words.
 */
export async function runLabScenario(page: Page, hostPid: number, shotPrefix: string): Promise<void> {
  await expect(processTree(page).locator(`tr[data-pid="${hostPid}"]`)).toBeVisible();

  const cores = cpus().length;
  const cpuRegion = page.getByRole('region', { name: 'CPU cores' });
  await expect(cpuRegion.locator('.cpu-chart')).toHaveAttribute('data-cores', String(cores));
  // One line per core plus the total, drawn once at least two samples have arrived.
  await expect(cpuRegion.locator('.recharts-line path.recharts-curve')).toHaveCount(cores + 1);

  await startWorkers(page, { kind: 'process', method: 'fork', count: '3', prefix: 'forked', task: 'sleep', ms: '120000' });
  const forked = await liveWorkers(page, 'tr.line-process', 'forked', 3);
  for (const workerId of forked) {
    const row = workerRow(page, workerId);
    const pid = Number(await row.getAttribute('data-pid'));
    expect(pid).toBeGreaterThan(0);
    expect(procStat(pid)?.ppid).toBe(hostPid);
    await expect(row.locator('td').nth(1)).toHaveText(String(pid));
    await expect(row.locator('td').nth(2)).toHaveText(String(hostPid));
  }

  await startWorkers(page, { kind: 'thread', count: '2', prefix: 'threaded', task: 'hang' });
  const threads = await liveWorkers(page, 'tr.line-thread', 'threaded', 2);
  for (const workerId of threads) {
    const row = workerRow(page, workerId);
    const tid = Number(await row.getAttribute('data-tid'));
    // A worker thread is a thread of the host: its TID is a task of the host's pid.
    expect(readFileSync(`/proc/${hostPid}/task/${tid}/stat`, 'utf8')).toContain(`${tid} (`);
    await expect(row.locator('td').nth(1)).toHaveText(String(hostPid));
  }
  await expect(processTree(page).locator('tr[data-worker-id]')).toHaveCount(5);
  await screenshot(page, `${shotPrefix}-1-started`);

  // Join with a timeout: it gives up, says so, and the worker keeps running.
  const [joined, terminated, killed] = forked as [string, string, string];
  await workerRow(page, joined).click();
  const details = page.getByRole('region', { name: 'Worker details' });
  await details.getByLabel('Join timeout (ms)').fill('300');
  await details.getByRole('button', { name: /^Join/ }).first().click();
  const log = page.getByRole('region', { name: 'Event log' });
  await expect(log.getByText('join timed out after 300 ms — still running')).toBeVisible();
  await expect(processTree(page).locator(`tr[data-worker-id="${joined}"]${LIVE}`)).toHaveCount(1);

  await workerRow(page, terminated).click();
  await details.getByRole('button', { name: /^Terminate/ }).first().click();
  await expect(workerRow(page, terminated)).toHaveAttribute('data-state', 'exited');
  await expect(await exitCodeOf(page, terminated)).toContainText('-15');

  await workerRow(page, killed).click();
  await details.getByRole('button', { name: /^Kill/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirm kill' });
  await confirm.getByRole('button', { name: 'Kill', exact: true }).click();
  await expect(workerRow(page, killed)).toHaveAttribute('data-state', 'exited');
  await expect(await exitCodeOf(page, killed)).toContainText('-9');
  await expect(log.getByText('exited with code -9')).toBeVisible();
  await screenshot(page, `${shotPrefix}-2-terminated-and-killed`);

  // Bad input: refused in words, nothing else changes.
  await page.getByRole('button', { name: 'Start workers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start workers' });
  await dialog.getByLabel('Count', { exact: true }).fill('-3');
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(/count/i);
  await screenshot(page, `${shotPrefix}-3-bad-input`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(processTree(page).locator('tr[data-worker-id]')).toHaveCount(5);
  await expect(processTree(page).locator(`tr[data-worker-id="${joined}"]${LIVE}`)).toHaveCount(1);
}
