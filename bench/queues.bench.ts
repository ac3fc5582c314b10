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
 * forked child (process.send) to its parent. Both timed from the worker's "ready" to the last item; a lab
 * item between threads costs two round trips through the host (put and get), a raw one is one one-way
 * message. Between processes the lab batches (docs/sync.md, "Queues between processes: batching"): about 40
 * items per round trip on each side with a Queue(100), measured.
 */

const RAW_POST = join(__dirname, 'fixtures', 'raw-post.js');
/**
 * Lab items per round (about 0.2 s); the raw stream is ten times faster per item, so ten times longer.
 * Between processes the lab batches (queue-batch.ts) and moves as many items as the raw stream: a round of
 * 2,000 would time mostly the two processes' start and exit (about 7k items/s against 45k with 20,000).
 */
const ITEMS = { thread: 2_000, process: 20_000 } as const;
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
  try {
    for (const kind of ['thread', 'process'] as const) {
      const spec = kind === 'thread' ? { kind: 'thread' } : { kind: 'process', method: 'fork' };
      await rawChannel(kind);
      await labQueue(bench, spec, ITEMS[kind]);
      const paired = await alternate(PLAN, () => rawChannel(kind), () => labQueue(bench, spec, ITEMS[kind]));
      const raw = kind === 'thread' ? 'postMessage' : 'process.send';
      const key = `queue.${kind}.ratio`;
      figures[key] = ratioFigure(paired, 'items/s', {
        what: `queue items/s between ${kind === 'thread' ? 'threads' : 'processes'}, lab vs raw ${raw}`,
        baseline: `one-way ${raw} stream`,
        how: `${ITEMS[kind].toLocaleString('en')} lab items, ${RAW_ITEMS.toLocaleString('en')} raw items per round`,
      });
      console.log(`  ${describe(key, paired.ratio, 'x')}`);
      console.log(`    ${describe('raw', paired.raw, ' items/s')}`);
      console.log(`    ${describe('lab', paired.lab, ' items/s')}`);
    }
  } finally {
    await bench.stop();
  }
  return figures;
}

if (require.main === module) runSection(runQueuesBench);
