import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BenchLab, expectClean } from './bench-lab';
import { ratioFigure, type Figure } from './figure';
import { alternate, describe, type Plan } from './paired';
import { runSection } from './section';

/**
 * Queue throughput (no target: it says what a brokered Queue costs): items per second through a lab Queue,
 * one producer and one consumer, vs a raw one-way stream of messages from a thread (postMessage) or a
 * forked child (process.send) to its parent. Both timed from the worker's "ready" to the last item; a
 * brokered lab item costs two round trips through the host (put and get), a raw one is one one-way message;
 * between threads (the Queue fast path, on by default) an item costs no message while the queue is neither
 * full nor empty, and a sleeping peer is woken once per batch; between processes the lab batches
 * (docs/sync.md, "Queues between processes: batching"): about 40 items per round trip on each side with a
 * Queue(100), measured.
 */

const RAW_POST = join(__dirname, 'fixtures', 'raw-post.js');
/** Lab items per round with every op brokered (about 0.2 s); the raw stream is ten times faster per item, so ten times longer. */
const ITEMS = 2_000;
/**
 * Items per round on the threads' fast path and between batching processes: an item costs no message most of
 * the time, so a round of 2,000 would time mostly the workers' start and exit.
 */
const FAST_ITEMS = { thread: 100_000, process: 20_000 } as const;
const RAW_ITEMS = 20_000;
const PLAN: Plan = { minPairs: 5, maxPairs: 12, maxSeconds: 20, tolerance: 0.05, judge: 'ratio' };

async function rawChannel(kind: 'thread' | 'process'): Promise<number> {
  const source: Worker | ChildProcess = kind === 'thread' ? new Worker(RAW_POST, { workerData: { n: RAW_ITEMS }, execArgv: [] }) : fork(RAW_POST, [String(RAW_ITEMS)], { execArgv: [] });
  const exited = new Promise((resolve) => source.once('exit', resolve));
  let readyAt = 0;
  const ms = await new Promise<number>((resolve) => {
    source.on('message', (message: unknown) => {
      if (message === 'ready') readyAt = performance.now();
      if (message === 'done') resolve(performance.now() - readyAt);
    });
  });
  await exited;
  return RAW_ITEMS / (ms / 1000);
}

async function labQueue(bench: BenchLab, spec: Record<string, unknown>, items: number): Promise<number> {
  const queue = `q${bench.nextRound()}`;
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: queue, maxsize: 100 } });
  const ids: string[] = [];
  for (const task of [
    { name: 'consume', queue, n: items, delayMs: 0 },
    { name: 'produce', queue, n: items, delayMs: 0 },
  ]) {
    ids.push(...(await bench.ok({ type: 'start', spec: { ...spec, count: 1, task } })).workerIds);
  }
  const readyAt = Math.max(...(await Promise.all(ids.map((id) => bench.ready(id)))).map((event) => event.t));
  const ends = await Promise.all(ids.map((id) => bench.ended(id)));
  ends.forEach(expectClean);
  return items / ((Math.max(...ends.map((event) => event.t)) - readyAt) / 1000);
}

export async function runQueuesBench(): Promise<Record<string, Figure>> {
  const figures: Record<string, Figure> = {};
  const bench = new BenchLab();
  // The threads' Queue fast path is on by default (docs/sync.md); its brokered side (LabOptions.queueFastPath false) is a row of its own.
  const brokered = new BenchLab({ queueFastPath: false });
  try {
    for (const row of ['thread', 'thread_brokered', 'process'] as const) {
      const kind = row === 'process' ? 'process' : 'thread';
      const lab = row === 'thread_brokered' ? brokered : bench;
      const items = row === 'thread_brokered' ? ITEMS : FAST_ITEMS[kind];
      const spec = kind === 'thread' ? { kind: 'thread' } : { kind: 'process', method: 'fork' };
      await rawChannel(kind);
      await labQueue(lab, spec, items);
      const paired = await alternate(PLAN, () => rawChannel(kind), () => labQueue(lab, spec, items));
      const raw = kind === 'thread' ? 'postMessage' : 'process.send';
      const key = `queue.${row}.ratio`;
      figures[key] = ratioFigure(paired, 'items/s', {
        what: `queue items/s between ${kind === 'thread' ? 'threads' : 'processes'}${row === 'thread_brokered' ? ' with every op brokered' : ''}, lab vs raw ${raw}`,
        baseline: `one-way ${raw} stream`,
        how: `${items.toLocaleString('en')} lab items, ${RAW_ITEMS.toLocaleString('en')} raw items per round`,
      });
      console.log(`  ${describe(key, paired.ratio, 'x')}`);
      console.log(`    ${describe('raw', paired.raw, ' items/s')}`);
      console.log(`    ${describe('lab', paired.lab, ' items/s')}`);
    }
  } finally {
    await bench.stop();
    await brokered.stop();
  }
  return figures;
}

if (require.main === module) runSection(runQueuesBench);
