import { factsIn, HISTORY_DEFAULTS } from '../src/renderer/history/lab-history';
import { countFigure, type Figure } from './figure';
import { openPageUnderLoad } from './page-load';
import { runSection } from './section';

/**
 * Issue 8's "page heap flat over 5 minutes", opt-in (`npm run bench -- --only page-soak`: five minutes is
 * too long for every run; the page section's page.heap_growth_mib is over its own 60 s, and says so). The
 * page bench's load: LIVE_WORKERS real workers printing every TICK_S s (~2,000 output facts/s reach the
 * page), the Processes view shown, in Debian's Chromium at 1280x720. The page's JS heap after a forced GC
 * every SAMPLE_S s for SOAK_S s. The page's history is bounded by facts (150,000: docs/timeline.md), so it
 * grows until that many facts have reached the page and then holds; "flat" is judged after it has filled:
 * the heap at the end over the heap at the first sample with the history full (counted by the bench's own
 * client, which gets the same batches), or at FLAT_FROM_S if it never filled (target: at most 1.1, flat
 * within 10%). The whole series, and the facts per second that reached a client, are in the figure's `how`.
 */
const LIVE_WORKERS = 250;
const TICK_S = 0.05;
const SOAK_S = 300;
const SAMPLE_S = 30;
const FLAT_FROM_S = 150;

async function runPageSoak(): Promise<Record<string, Figure>> {
  const underLoad = await openPageUnderLoad(LIVE_WORKERS);
  const { server, browser, page, heapMiB } = underLoad;
  try {
    await underLoad.startTickers(LIVE_WORKERS, TICK_S);
    // The bench's own client keeps nothing it does not need over five minutes: it counts the facts a client
    // got (what the page got too: the same server, the same batches), then lets them go.
    let facts = 0;
    const count = () => {
      // As the page's history weighs them (output by its text too), so that 'full' is when the page's is.
      for (const event of server.events) facts += factsIn(event);
      server.events.length = 0;
    };
    count();
    facts = 0;
    const started = Date.now();
    const series: { s: number; mib: number; facts: number }[] = [{ s: 0, mib: await heapMiB(), facts: 0 }];
    while (Date.now() - started < SOAK_S * 1000) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(SAMPLE_S * 1000, SOAK_S * 1000 - (Date.now() - started))));
      count();
      series.push({ s: Math.round((Date.now() - started) / 1000), mib: await heapMiB(), facts });
      console.log(`  page-soak: ${series.at(-1)!.s} s, page heap ${series.at(-1)!.mib.toFixed(1)} MiB, ${facts.toLocaleString('en')} facts so far`);
    }
    // Flat is judged once the page's history is full (its bound is in facts); never full: from FLAT_FROM_S.
    const full = series.find((point) => point.facts >= HISTORY_DEFAULTS.maxFacts);
    const from = full ?? series.find((point) => point.s >= FLAT_FROM_S) ?? series[0]!;
    const end = series.at(-1)!;
    const fullWords = full === undefined ? `the history never filled (${end.facts.toLocaleString('en')} facts), judged from ${from.s} s` : `history full (${HISTORY_DEFAULTS.maxFacts.toLocaleString('en')} facts) at ${full.s} s`;
    const how = `${LIVE_WORKERS} live workers printing every ${TICK_S} s, ${(end.facts / end.s).toFixed(0)} facts/s reached a client, Processes view, Chromium ${browser.version()}; ${fullWords}; heap after GC (MiB) at ${series.map((point) => `${point.s} s: ${point.mib.toFixed(1)}`).join(', ')}`;
    const figures: Record<string, Figure> = {
      'page.soak.heap_ratio': { ...countFigure(Math.round((end.mib / from.mib) * 1000) / 1000, { what: `page JS heap after GC at ${end.s} s of load over at ${from.s} s (${full === undefined ? 'history not full' : 'the history full'})`, how }), unit: 'x' },
      'page.soak.heap_growth_mib': countFigure(Math.round((end.mib - series[0]!.mib) * 10) / 10, { what: `page JS heap growth after GC over ${end.s} s of load, from the load's start (MiB)`, how }),
    };
    for (const [key, figure] of Object.entries(figures)) console.log(`  ${key}: ${figure.value.value} ${figure.unit}`);
    await page.close();
    return figures;
  } finally {
    await underLoad.close();
  }
}

runSection(runPageSoak);
