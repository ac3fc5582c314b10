import type { Page } from '@playwright/test';
import { ServerProcess } from '../test/support/server-process';
import { waitFor } from '../test/support/wait';
import { countFigure, type Figure } from './figure';
import { droppedFigure, FRAME_GAPS_INSTRUMENT, frameGaps } from './frame-gaps';
import { openPageUnderLoad } from './page-load';
import { runSection } from './section';
import { summarize } from './stats';

/**
 * The whole page under load (issue 8, "The page keeps up"): LIVE_WORKERS real workers, each a bash loop
 * printing a line every TICK_S seconds (bench/fixtures/ticker.sh), so that about 2,000 `worker.output`
 * facts a second reach the page through the lab's own output relay (at most one per worker per 100 ms
 * flush). No synthetic events: what the page folds is what the lab sends. Measured in Debian's Chromium at
 * 1280x720, in the Processes view and then the Sync view (with a few locks and queues to draw):
 * - frame time: the gaps between requestAnimationFrame callbacks, p95; idle = the same page before the load;
 *   and the share of frames that missed a 60 Hz refresh (frame-gaps.ts), which a p95 of one vsync cannot say;
 * - event to screen: a worker's exit fact (`t`, the host's clock) to the frame that shows its line in the
 *   Event log (visible in both views), p95; a trip not drawn within TRIP_CAP_MS counts as TRIP_CAP_MS;
 * - the page's JS heap after a forced GC, when the load is on and HEAP_AFTER_S later.
 */

const LIVE_WORKERS = 250;
const TICK_S = 0.05;
const VIEW_SECONDS = 25;
const HEAP_AFTER_S = 60;
const TRIP_CAP_MS = 30_000;
const IDLE_SECONDS = 5;

/** In the page: `whenLogged(id)`: the time of the frame that first shows worker id's exit line. */
const INSTRUMENT = `(() => {
  const drawn = new Map();
  const waiting = new Map();
  const seen = (id) => {
    if (drawn.has(id)) return;
    drawn.set(id, 0);
    requestAnimationFrame(() => { drawn.set(id, Date.now()); waiting.get(id)?.(drawn.get(id)); });
  };
  const look = (node) => {
    if (node.nodeType !== 1) return;
    for (const line of node.matches('li.log-line') ? [node] : node.querySelectorAll('li.log-line')) {
      const id = line.querySelector('button[data-log-worker]')?.dataset.logWorker;
      if (id !== undefined && line.querySelector('.log-what')?.textContent?.startsWith('exited')) seen(id);
    }
  };
  globalThis.whenLogged = (id) => (drawn.get(id) > 0 ? Promise.resolve(drawn.get(id)) : new Promise((resolve) => waiting.set(id, resolve)));
  new MutationObserver((records) => { for (const r of records) for (const n of r.addedNodes) look(n); }).observe(document.body, { subtree: true, childList: true });
})()`;

/** One trip: a sleeping worker started and, once ready, killed; its exit fact to its log line on screen. */
async function trip(server: ServerProcess, page: Page): Promise<number> {
  const [id] = await server.start({ kind: 'command', command: 'sleep 600' });
  await server.ready(id!);
  const logged = page.evaluate((key) => (globalThis as unknown as { whenLogged: (id: string) => Promise<number> }).whenLogged(key), id!);
  await server.execute({ type: 'kill', workerIds: [id] });
  const exited = await waitFor(`${id} exited`, () => server.events.find((e) => e.type === 'worker.exited' && e.workerId === id), 15_000, 5);
  const at = await Promise.race([logged, new Promise<null>((resolve) => setTimeout(() => resolve(null), TRIP_CAP_MS))]);
  return at === null ? TRIP_CAP_MS : at - exited.t;
}

function p95Figure(values: readonly number[], what: string, how: string): Figure {
  return { what, unit: 'ms', value: summarize(values, 0.95), pairs: values.length, seconds: 0, stoppedBy: 'counted', how };
}

export async function runPageBench(): Promise<Record<string, Figure>> {
  const underLoad = await openPageUnderLoad(LIVE_WORKERS);
  const { server, browser, page, heapMiB } = underLoad;
  const figures: Record<string, Figure> = {};
  try {
    await page.evaluate(FRAME_GAPS_INSTRUMENT);
    await page.evaluate(INSTRUMENT);
    await server.execute({ type: 'configure', config: { exitedRetentionMs: 2_000 } });
    for (let i = 0; i < 8; i++) await server.execute({ type: 'sync.create', primitive: { kind: 'Lock', name: `lock${i}` } });
    for (let i = 0; i < 4; i++) await server.execute({ type: 'sync.create', primitive: { kind: 'Queue', name: `queue${i}` } });
    const idle = await frameGaps(page, IDLE_SECONDS);

    await underLoad.startTickers(LIVE_WORKERS, TICK_S);
    const loadedAt = Date.now();
    const heapStart = await heapMiB();
    const outputsBefore = server.events.filter((e) => e.type === 'worker.output').length;

    const measured: Record<string, { frames: number[]; trips: number[] }> = {};
    for (const view of ['Processes', 'Sync'] as const) {
      await page.getByRole('group', { name: 'Main view' }).getByRole('button', { name: view }).click();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const trips: number[] = [];
      const gaps = await frameGaps(page, VIEW_SECONDS, async () => void trips.push(await trip(server, page)));
      measured[view] = { frames: gaps, trips };
    }
    const loadSeconds = (Date.now() - loadedAt) / 1000;
    const outputRate = (server.events.filter((e) => e.type === 'worker.output').length - outputsBefore) / loadSeconds;
    if (loadSeconds < HEAP_AFTER_S) await new Promise((resolve) => setTimeout(resolve, (HEAP_AFTER_S - loadSeconds) * 1000));
    const heapEnd = await heapMiB();

    const load = `${LIVE_WORKERS} live workers printing every ${TICK_S} s: ${outputRate.toFixed(0)} output facts/s reached a client; Chromium ${browser.version()}`;
    figures['page.idle.frame_p95_ms'] = p95Figure(idle, 'page frame time with no load (host only), p95 (ms)', `${idle.length} frames over ${IDLE_SECONDS} s`);
    figures['page.idle.dropped_share'] = droppedFigure(idle, 'page frames that missed a 60 Hz refresh, no load (share)');
    for (const [view, key] of [['Processes', 'processes'], ['Sync', 'sync']] as const) {
      const { frames: gaps, trips } = measured[view]!;
      const capped = trips.filter((ms) => ms >= TRIP_CAP_MS).length;
      figures[`page.${key}.frame_p95_ms`] = p95Figure(gaps, `page frame time under load, ${view} view, p95 (ms)`, `${gaps.length} frames over ${VIEW_SECONDS} s (${(gaps.length / VIEW_SECONDS).toFixed(1)} fps); ${load}`);
      figures[`page.${key}.dropped_share`] = droppedFigure(gaps, `page frames that missed a 60 Hz refresh under load, ${view} view (share)`);
      figures[`page.${key}.screen_p95_ms`] = p95Figure(trips, `worker exit to its Event log line drawn, under load, ${view} view, p95 (ms)`, `${trips.length} trips, ${capped} not drawn within ${TRIP_CAP_MS / 1000} s (counted as that); ${load}`);
    }
    figures['page.heap_start_mib'] = countFigure(Math.round(heapStart * 10) / 10, { what: 'page JS heap after GC, load just on (MiB)' });
    figures['page.heap_growth_mib'] = countFigure(Math.round((heapEnd - heapStart) * 10) / 10, {
      what: `page JS heap growth after GC over ${HEAP_AFTER_S} s of load (MiB)`,
      how: `${heapStart.toFixed(1)} MiB to ${heapEnd.toFixed(1)} MiB`,
    });
    for (const [key, figure] of Object.entries(figures)) console.log(`  ${key}: ${figure.value.value.toFixed(key.endsWith('_share') ? 3 : 1)} ${figure.unit} (${figure.how ?? figure.what})`);
    await page.close();
    return figures;
  } finally {
    await underLoad.close();
  }
}

if (require.main === module) runSection(runPageBench);
