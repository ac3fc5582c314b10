import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * Recordings as a teacher uses them: run the two-lock deadlock live, Save recording (a download), open it
 * again in the same page (Back to live returns), then show it from a fresh server started with --replay,
 * where nothing runs: the same workers and the same deadlock, commands off.
 */
const DEADLOCK = /Deadlock: dl-a-1 waits for lockB held by dl-b-1; dl-b-1 waits for lockA held by dl-a-1/;

test('recordings: save a deadlock, reopen it, replay it in a fresh server with nothing running', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-e2e-recording-'));
  const file = join(dir, 'deadlock.clrec');
  const live = await ServerProcess.start();
  let replay: ServerProcess | undefined;
  try {
    await page.goto(live.url);
    await expect(region(page, 'Process tree').locator(`tr[data-pid="${live.child.pid}"]`)).toBeVisible();
    for (const name of ['lockA', 'lockB']) expect((await live.execute({ type: 'sync.create', primitive: { kind: 'Lock', name } })).ok).toBe(true);
    // Opposite orders, each holding its first lock 1 s before asking for the second: a deadlock.
    await live.start({ kind: 'thread', namePrefix: 'dl-a', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 1000 } });
    await live.start({ kind: 'thread', namePrefix: 'dl-b', task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: 1000 } });
    const banner = page.locator('.deadlock-banner[role="alert"]');
    await expect(banner).toContainText(DEADLOCK, { timeout: 5_000 });

    const downloading = page.waitForEvent('download');
    await page.locator('.file-menu > summary').click();
    await page.getByRole('button', { name: /^Save recording/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^concurrency-lab-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.clrec$/);
    await download.saveAs(file);

    // Opened in the live page: labelled, commands off, and the way back.
    await page.getByLabel('Open recording').setInputFiles(file);
    const shown = page.getByRole('status', { name: 'Recording shown' });
    await expect(shown).toContainText('Recording: deadlock.clrec, saved');
    await expect(page.getByRole('button', { name: 'Start workers' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Start workers' })).toHaveAttribute('title', 'this is a recording: nothing runs');
    await expect(banner).toContainText(DEADLOCK);
    await screenshot(page, 'recording-1-opened-in-live-page');
    await shown.getByRole('button', { name: 'Back to live' }).click();
    await expect(shown).toBeHidden();
    await expect(page.getByRole('button', { name: 'Start workers' })).toBeEnabled();

    // A file that is not a recording: one sentence, and nothing else changes.
    await page.getByLabel('Open recording').setInputFiles({ name: 'notes.clrec', mimeType: 'application/octet-stream', buffer: Buffer.from('hello\n') });
    await expect(page.getByText('not a Concurrency Lab recording')).toBeVisible();
    await expect(shown).toBeHidden();
  } finally {
    await live.stop();
  }

  try {
    replay = await ServerProcess.start(['--replay', file]);
    await page.goto(replay.url);
    const shown = page.getByRole('status', { name: 'Recording shown' });
    await expect(shown).toContainText('Recording: deadlock.clrec, saved');
    // No live lab behind a replay: nowhere to go back to.
    await expect(shown.getByRole('button', { name: 'Back to live' })).toHaveCount(0);
    const tree = region(page, 'Process tree');
    await expect(tree.locator('tr[data-worker-id]').filter({ hasText: 'dl-a-1' })).toBeVisible();
    await expect(tree.locator('tr[data-worker-id]').filter({ hasText: 'dl-b-1' })).toBeVisible();
    await expect(page.locator('.deadlock-banner[role="alert"]')).toContainText(DEADLOCK);
    await expect(page.getByRole('button', { name: 'Start workers' })).toBeDisabled();
    await screenshot(page, 'recording-2-replay-processes');
    // Its exports are of the recording shown, made in the page (the server has no lab to export).
    const livePid = live.child.pid;
    await page.locator('.file-menu > summary').click();
    const [trace] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export trace/ }).click()]);
    expect(trace.suggestedFilename()).toBe('trace.json');
    const json = JSON.parse(readFileSync((await trace.path())!, 'utf8')) as { traceEvents: { ph: string; name: string; pid: number; args?: { name?: string } }[] };
    expect(json.traceEvents.some((event) => event.ph === 'M' && event.name === 'process_name' && event.pid === livePid)).toBe(true);
    expect(json.traceEvents.some((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name?.includes('dl-a-1') === true)).toBe(true);
    await page.locator('.file-menu > summary').click();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export CSV events\.csv/ }).click()]);
    expect(csv.suggestedFilename()).toBe('events.csv');
    expect(readFileSync((await csv.path())!, 'utf8')).toContain('lock.acquired lockA');
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const graph = region(page, 'Wait-for graph');
    await expect(graph.locator('.arrow.in-cycle')).toHaveCount(2);
    await expect(region(page, 'Locks').locator('[data-primitive="lockA"]')).toContainText('dl-b-1 waits (acquire)');
    await screenshot(page, 'recording-3-replay-sync');
    // Where in the recording the views are, whole in the bottom row at 1280x720 (it was cut to "2.0 s of …").
    const position = region(page, 'Timeline').locator('.timeline-marker.recording');
    await expect(position).toHaveText(/^\d+\.\d s of \d+\.\d s$/);
    expect(await position.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
    // A command that slips through (the deadlock banner's Terminate) is refused in words.
    await page.locator('.deadlock-banner[role="alert"]').getByRole('button', { name: 'Terminate dl-a-1' }).click();
    await expect(page.getByText('this is a recording: nothing runs').first()).toBeVisible();
  } finally {
    await replay?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
