import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ServerProcess } from '../support/server-process';
import { waitFor } from '../support/wait';
import { screenshot } from './lab-scenario';

/**
 * Export from the header: "Export trace" downloads trace.json of the run so far (a Chrome trace that
 * ui.perfetto.dev opens), "Export CSV" the samples and the event log.
 */
test('export: the header menu downloads the run as a Perfetto trace and as CSV', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(server.url);
    await server.execute({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await server.execute({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockB' } });
    const [holder] = await server.start({ kind: 'process', method: 'fork', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 0 } });
    const pid = (await server.ready(holder!)).pid;
    await waitFor('the holder exited', () => server.events.some((event) => event.type === 'worker.exited' && event.workerId === holder));

    await page.locator('.export-menu > summary').click();
    const trace = page.getByRole('link', { name: /^Export trace/ });
    await expect(trace).toBeVisible();
    await expect(page.getByRole('link', { name: /^Export CSV samples\.csv/ })).toBeVisible();
    await screenshot(page, 'export-menu');

    const [download] = await Promise.all([page.waitForEvent('download'), trace.click()]);
    expect(download.suggestedFilename()).toBe('trace.json');
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { traceEvents: { ph: string; name: string; pid: number; args?: { name?: string } }[] };
    expect(json.traceEvents.some((event) => event.ph === 'M' && event.name === 'process_name' && event.pid === pid)).toBe(true);
    // The menu closes once a download is chosen.
    await expect(trace).toBeHidden();

    await page.locator('.export-menu > summary').click();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Export CSV events\.csv/ }).click()]);
    expect(csv.suggestedFilename()).toBe('events.csv');
    expect(readFileSync((await csv.path())!, 'utf8')).toContain('lock.acquired lockA (count 1)');
  } finally {
    await server.stop();
  }
});
