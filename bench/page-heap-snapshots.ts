import { createWriteStream } from 'node:fs';
import { openPageUnderLoad } from './page-load';

/**
 * The page soak's load (page-soak.bench.ts: 250 workers printing every 50 ms, Processes view) with heap
 * snapshots of the page at the given seconds, for heap-snapshot-diff.ts. Not a benchmark: a diagnosis.
 *
 *   npm run build && npx tsx bench/page-heap-snapshots.ts 100,220 /tmp   (writes /tmp/page-heap-100.heapsnapshot ...)
 */
const LIVE_WORKERS = 250;
const TICK_S = 0.05;

async function main(): Promise<void> {
  const seconds = (process.argv[2] ?? '100,220').split(',').map(Number);
  const folder = process.argv[3] ?? '.';
  const underLoad = await openPageUnderLoad(LIVE_WORKERS);
  const { server, page, heapMiB } = underLoad;
  try {
    const cdp = await page.context().newCDPSession(page);
    await underLoad.startTickers(LIVE_WORKERS, TICK_S);
    const started = Date.now();
    for (const at of seconds) {
      while (Date.now() - started < at * 1000) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, at * 1000 - (Date.now() - started))));
        // This process's own client keeps nothing: the page is what is measured.
        server.events.length = 0;
      }
      const mib = await heapMiB();
      const file = `${folder}/page-heap-${at}.heapsnapshot`;
      const out = createWriteStream(file);
      const write = ({ chunk }: { chunk: string }) => out.write(chunk);
      cdp.on('HeapProfiler.addHeapSnapshotChunk', write);
      await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      cdp.off('HeapProfiler.addHeapSnapshotChunk', write);
      await new Promise((resolve) => out.end(resolve));
      console.log(`page heap ${mib.toFixed(1)} MiB after GC at ${at} s: ${file}`);
    }
  } finally {
    await underLoad.close();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
