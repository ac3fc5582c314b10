import { join } from 'node:path';
import type { Figure } from './figure';
import { droppedFigure, FRAME_GAPS_INSTRUMENT, frameGaps, frameP95Figure } from './frame-gaps';
import { openPageUnderLoad } from './page-load';
import { runSection } from './section';

/**
 * The Sync view at the lab's limit of primitives (issue 8, "The page keeps up"; page.bench.ts measures it
 * with 8 locks and 4 queues): LOCKS locks, WALKERS thread workers each walking its share of them for ever
 * (acquire, hold HOLD_MS, release: each lock changes holder about every second), and TICKERS printing
 * workers as in page.bench.ts, so that lock facts and output stream in together. Debian's Chromium at
 * 1280x720, the Sync view shown; frame time p95 and the share of frames that missed a 60 Hz refresh,
 * idle (the locks made, no load) and under the load.
 */

const LOCKS = 1_000;
const WALKERS = 20;
const HOLD_MS = 20;
const TICKERS = 250;
const TICK_S = 0.05;
const IDLE_SECONDS = 5;
const VIEW_SECONDS = 25;
const WALK = join(__dirname, 'fixtures', 'lock-walk.mjs');

export async function runPageSyncBench(): Promise<Record<string, Figure>> {
  const underLoad = await openPageUnderLoad(TICKERS + WALKERS);
  const { server, browser, page } = underLoad;
  const figures: Record<string, Figure> = {};
  try {
    await page.evaluate(FRAME_GAPS_INSTRUMENT);
    for (let i = 0; i < LOCKS; i++) await server.execute({ type: 'sync.create', primitive: { kind: 'Lock', name: `lock${i}` } });
    await page.getByRole('group', { name: 'Main view' }).getByRole('button', { name: 'Sync' }).click();
    await page.getByRole('region', { name: 'Locks' }).getByText(`${LOCKS} primitives`).waitFor();
    const idle = await frameGaps(page, IDLE_SECONDS);

    const share = LOCKS / WALKERS;
    const walkers = await Promise.all(
      Array.from({ length: WALKERS }, (_, w) => server.start({ kind: 'thread', task: { name: 'script', path: WALK, args: ['lock', w * share, (w + 1) * share, HOLD_MS] } })),
    );
    await Promise.all(walkers.flat().map((id) => server.ready(id)));
    await underLoad.startTickers(TICKERS, TICK_S);
    const factsBefore = server.events.length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const startedAt = Date.now();
    const loaded = await frameGaps(page, VIEW_SECONDS);
    const rate = (server.events.length - factsBefore) / ((Date.now() - startedAt + 2_000) / 1000);

    const load = `${LOCKS} locks, ${WALKERS} threads walking them (hold ${HOLD_MS} ms), ${TICKERS} workers printing every ${TICK_S} s: ${rate.toFixed(0)} events/s reached a client; Chromium ${browser.version()}`;
    figures['page.locks.idle.frame_p95_ms'] = frameP95Figure(idle, `page frame time, Sync view with ${LOCKS} locks, no load, p95 (ms)`, `${idle.length} frames over ${IDLE_SECONDS} s`);
    figures['page.locks.idle.dropped_share'] = droppedFigure(idle, `page frames that missed a 60 Hz refresh, Sync view with ${LOCKS} locks, no load (share)`);
    figures['page.locks.frame_p95_ms'] = frameP95Figure(loaded, `page frame time, Sync view with ${LOCKS} locks, under load, p95 (ms)`, `${loaded.length} frames over ${VIEW_SECONDS} s (${(loaded.length / VIEW_SECONDS).toFixed(1)} fps); ${load}`);
    figures['page.locks.dropped_share'] = droppedFigure(loaded, `page frames that missed a 60 Hz refresh, Sync view with ${LOCKS} locks, under load (share)`);
    for (const [key, figure] of Object.entries(figures)) console.log(`  ${key}: ${figure.value.value.toFixed(3)} ${figure.unit} (${figure.how ?? figure.what})`);
    await page.close();
    return figures;
  } finally {
    await underLoad.close();
  }
}

if (require.main === module) runSection(runPageSyncBench);
