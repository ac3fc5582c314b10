import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BenchLab } from './bench-lab';
import { countFigure, type Figure } from './figure';
import { runSection } from './section';

/**
 * Issue 8's "host memory flat (within 10%) over a 30-minute soak at 50 workers under retention", opt-in
 * (`npm run bench -- --only host-soak`; HOST_SOAK_MINUTES=N for a shorter look). A lab in this process with
 * its default recorder (30 minutes or 32 MiB, docs/facts.md) and PAIRS producer/consumer pairs on their own
 * queues, half threads and half forked processes (50 workers), each producer putting every PUT_EVERY_MS:
 * about 4,600 facts a second recorded with the samples, which fill the recorder's 32 MiB in about 5.5 minutes;
 * from then on it drops its oldest segments as new ones come. The host's heap and RSS after a forced
 * GC every SAMPLE_S s. "Flat" is judged once retention is dropping (the recorder's oldest keyframe is no
 * longer the first): the peak in the last third of that window over the peak in its first third (target: at
 * most 1.1). Peaks, not the end over the start: retention drops whole segments, so memory is a sawtooth (the
 * first 30-minute run: heap 26-33 MiB, RSS 361-509 MiB once dropping) and a ratio of two single samples says
 * where in a tooth each fell, not whether memory grows. The swing is in the figure's `how`. Memory only: CPU
 * load from anything else on the machine does not change it, so this row need not run on a quiet machine.
 */
const PAIRS = 25;
const PUT_EVERY_MS = 20;
const SOAK_S = Number(process.env.HOST_SOAK_MINUTES ?? 30) * 60;
const SAMPLE_S = 30;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Point {
  readonly s: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
  readonly recorderMiB: number;
  readonly dropping: boolean;
}

async function runHostSoak(): Promise<Record<string, Figure>> {
  const bench = new BenchLab();
  try {
    const sample = (s: number): Point => {
      gc();
      const memory = process.memoryUsage();
      const stats = bench.lab.recording().recorder.stats();
      return { s, heapMiB: memory.heapUsed / 2 ** 20, rssMiB: memory.rss / 2 ** 20, recorderMiB: stats.bytes / 2 ** 20, dropping: stats.oldestSeq > 0 };
    };
    const ids: string[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      const queue = `soak${pair}`;
      const spec = pair % 2 === 0 ? { kind: 'thread' } : { kind: 'process', method: 'fork' };
      await bench.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: queue, maxsize: 100 } });
      for (const task of [
        { name: 'consume', queue, n: 0, delayMs: 0 },
        { name: 'produce', queue, n: 1_000_000, delayMs: PUT_EVERY_MS },
      ]) {
        ids.push(...(await bench.ok({ type: 'start', spec: { ...spec, count: 1, task } })).workerIds);
      }
    }
    await Promise.all(ids.map((id) => bench.ready(id)));
    const started = Date.now();
    const series: Point[] = [sample(0)];
    while (Date.now() - started < SOAK_S * 1000) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(SAMPLE_S * 1000, SOAK_S * 1000 - (Date.now() - started))));
      const point = sample(Math.round((Date.now() - started) / 1000));
      series.push(point);
      console.log(`  host-soak: ${point.s} s, heap ${point.heapMiB.toFixed(1)} MiB, RSS ${point.rssMiB.toFixed(0)} MiB, recorder ${point.recorderMiB.toFixed(1)} MiB${point.dropping ? ' (retention dropping)' : ''}`);
    }
    const end = series.at(-1)!;
    const firstDropping = series.findIndex((point) => point.dropping);
    const steady = series.slice(firstDropping >= 0 ? firstDropping : Math.floor(series.length / 2));
    const third = Math.max(1, Math.floor(steady.length / 3));
    const [early, late] = [steady.slice(0, third), steady.slice(-third)];
    const peak = (points: readonly Point[], of: (point: Point) => number) => Math.max(...points.map(of));
    const swing = (of: (point: Point) => number) => `${Math.min(...steady.map(of)).toFixed(0)}-${peak(steady, of).toFixed(0)}`;
    const recorded = bench.lab.recording().recorder.stats().recorded;
    const rate = Math.round((recorded.hot + recorded.cold) / end.s);
    const judged = firstDropping >= 0 ? `retention dropping from ${steady[0]!.s} s` : `retention never dropped: judged from ${steady[0]!.s} s`;
    const window = `peak in ${late[0]!.s}-${end.s} s over peak in ${steady[0]!.s}-${early.at(-1)!.s} s (${judged})`;
    const how = `${2 * PAIRS} workers (${PAIRS} producer/consumer pairs, half threads, half forked processes, a put every ${PUT_EVERY_MS} ms), ${rate.toLocaleString('en')} facts/s recorded, ${end.s} s; ${judged}, then heap ${swing((point) => point.heapMiB)} MiB, RSS ${swing((point) => point.rssMiB)} MiB; after GC (heap / RSS / recorder MiB) at ${series.map((point) => `${point.s} s: ${point.heapMiB.toFixed(0)}/${point.rssMiB.toFixed(0)}/${point.recorderMiB.toFixed(0)}`).join(', ')}`;
    const ratio = (of: (point: Point) => number) => Math.round((peak(late, of) / peak(early, of)) * 1000) / 1000;
    const figures: Record<string, Figure> = {
      'host.soak.heap_ratio': { ...countFigure(ratio((point) => point.heapMiB), { what: `host JS heap after GC, ${window}`, how }), unit: 'x' },
      'host.soak.rss_ratio': { ...countFigure(ratio((point) => point.rssMiB), { what: `host RSS after GC, ${window}`, how }), unit: 'x' },
    };
    for (const [key, figure] of Object.entries(figures)) console.log(`  ${key}: ${figure.value.value} ${figure.unit}`);
    return figures;
  } finally {
    await bench.stop();
  }
}

runSection(runHostSoak);
