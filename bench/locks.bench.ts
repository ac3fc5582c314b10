import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { onOneCpu, onTwoCpus, type Placement } from './affinity';
import { BenchLab, expectClean } from './bench-lab';
import { ratioFigure, type Figure } from './figure';
import { alternate, describe, type Plan } from './paired';
import { runSection } from './section';

/**
 * Lock costs against their raw baselines, alternated round by round, each timed inside the workers' own
 * loops after untimed warm-up pairs and a start barrier, raw and lab alike:
 * - a thread's Lock pair (uncontended, then 2 threads contending) vs a raw SharedArrayBuffer futex mutex:
 *   the lab's fast path is a compare-and-swap on the lock's shared cell, the broker only to wait;
 * - a forked process's Lock pair, two brokered round trips (acquire, release), vs two raw IPC round trips,
 *   with host and worker on two CPUs (as when both run at once: BASELINES.md's 81 µs round trip) and, with
 *   no target, on one CPU (where a round trip is only two context switches and the lab's share the largest);
 * - what observing costs: the process Lock pair with the lock tables sampled at 20 Hz vs not sampled, on
 *   one CPU (so that the sampling competes with the loop for it).
 * The process figures are pinned (affinity.ts says why).
 */

const RAW_MUTEX = join(__dirname, 'fixtures', 'raw-atomics-mutex.js');
const RAW_ECHO = join(__dirname, 'fixtures', 'raw-ipc-echo.js');
const LAB_CONTEND = join(__dirname, 'fixtures', 'lab-contend.mjs');

/**
 * Thread pairs per round: 40 to 200 ms of loop, so that one preemption by a neighbour is a small part of
 * a round (at 1,000,000 pairs, 20 ms, rounds scattered by 60% on a busy machine).
 */
export const THREAD_PAIRS = 2_000_000;
export const THREAD_WARMUP = 200_000;
/** Process pairs per round (each pair two round trips): about half a second of loop. */
export const PROCESS_PAIRS = 10_000;
export const PROCESS_WARMUP = 2_000;
/** The observed lab samples its lock tables at 20 Hz, four times the default (SYNC_SAMPLE_MS). */
const OBSERVED_SAMPLE_MS = 50;

const THREAD_PLAN: Plan = { minPairs: 15, maxPairs: 60, maxSeconds: 30, tolerance: 0.03, judge: 'ratio' };
export const PROCESS_PLAN: Plan = { minPairs: 8, maxPairs: 30, maxSeconds: 40, tolerance: 0.02, judge: 'ratio' };

/** µs per acquire+release pair on a raw mutex, `threads` contending: the slowest thread's loop. */
async function rawMutex(threads: number): Promise<number> {
  const sab = new SharedArrayBuffer(8);
  const workers = Array.from({ length: threads }, () => new Worker(RAW_MUTEX, { workerData: { sab, n: THREAD_PAIRS, warmup: THREAD_WARMUP }, execArgv: [] }));
  // Listened for from the start: a thread that ends as soon as it has posted its time may be gone before
  // a listener attached later would hear it.
  const exited = workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
  const next = (worker: Worker) => new Promise<unknown>((resolve) => worker.once('message', resolve));
  await Promise.all(workers.map(next));
  const elapsed = workers.map((worker) => next(worker) as Promise<number>);
  const go = new Int32Array(sab, 4, 1);
  Atomics.store(go, 0, 1);
  Atomics.notify(go, 0);
  const slowest = Math.max(...(await Promise.all(elapsed)));
  await Promise.all(exited);
  return (slowest * 1000) / (THREAD_PAIRS * threads);
}

/** µs per raw IPC round trip with a forked child, times two: what a brokered pair is compared with. */
async function rawIpcPair(placement: Placement): Promise<number> {
  const child = fork(RAW_ECHO, [String(PROCESS_PAIRS * 2), String(PROCESS_WARMUP * 2)], { execArgv: [] });
  placement.placeChild(child.pid!);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ms = await new Promise<number>((resolve) => {
    child.on('message', (message: { type: string; ms?: number }) => {
      if (message.type === 'done') resolve(message.ms!);
      else child.send({ type: 'pong' });
    });
  });
  await exited;
  return (2 * ms * 1000) / (PROCESS_PAIRS * 2);
}

/**
 * µs per lab Lock pair: `workers` workers of `spec` run lab-contend.mjs on fresh primitives (a Lock, a
 * Barrier, an Array for the loops' times); the slowest loop over all the pairs, as for the raw mutex.
 */
export async function labLock(bench: BenchLab, spec: Record<string, unknown>, workers: number, pairs: number, warmup: number, placement?: Placement): Promise<number> {
  const round = bench.nextRound();
  const [lock, barrier, array] = [`lock${round}`, `start${round}`, `elapsed${round}`];
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: lock } });
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Barrier', name: barrier, parties: workers } });
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Array', name: array, typecode: 'd', length: workers } });
  const ids: string[] = [];
  for (let slot = 0; slot < workers; slot++) {
    const task = { name: 'script', path: LAB_CONTEND, args: [lock, pairs, slot, barrier, array, warmup] };
    ids.push(...(await bench.ok({ type: 'start', spec: { ...spec, count: 1, task } })).workerIds);
  }
  // Placed as soon as its process exists: it boots for tens of milliseconds before its first pair.
  if (placement !== undefined) for (const spawned of await Promise.all(ids.map((id) => bench.spawned(id)))) placement.placeChild(spawned.pid);
  for (const end of await Promise.all(ids.map((id) => bench.ended(id)))) expectClean(end);
  const loops: number[] = [];
  for (let slot = 0; slot < workers; slot++) {
    loops.push(Number((await bench.ok({ type: 'sync.operate', request: { op: 'array_get', name: array, index: slot } })).value));
  }
  return (Math.max(...loops) * 1000) / (pairs * workers);
}

export async function runLocksBench(): Promise<Record<string, Figure>> {
  const figures: Record<string, Figure> = {};
  const thread = { kind: 'thread' };
  const forked = { kind: 'process', method: 'fork' };
  const show = (key: string, figure: Figure) => {
    figures[key] = figure;
    console.log(`  ${describe(key, figure.value, 'x')}`);
    if (figure.raw !== undefined) console.log(`    ${describe(figure.baseline ?? 'raw', figure.raw, ' µs')}`);
    if (figure.lab !== undefined) console.log(`    ${describe(figure.labSide ?? 'lab', figure.lab, ' µs')}`);
  };

  const bench = new BenchLab();
  try {
    for (const threads of [1, 2]) {
      await rawMutex(threads);
      await labLock(bench, thread, threads, THREAD_PAIRS, THREAD_WARMUP);
      const paired = await alternate(THREAD_PLAN, () => rawMutex(threads), () => labLock(bench, thread, threads, THREAD_PAIRS, THREAD_WARMUP));
      show(threads === 1 ? 'lock.thread.ratio' : 'lock.contended.ratio', ratioFigure(paired, 'µs', {
        what: threads === 1 ? 'thread Lock pair, uncontended, lab vs raw Atomics mutex' : 'thread Lock pair, 2 threads contending, lab vs raw Atomics mutex',
        baseline: `futex mutex on a SharedArrayBuffer, ${threads === 1 ? '1 thread' : '2 threads'}`,
        how: `${THREAD_PAIRS.toLocaleString('en')} pairs per round, per thread`,
      }));
    }

    const processPair = (placement: Placement) => async () => {
      const raw = () => rawIpcPair(placement);
      const lab = () => labLock(bench, forked, 1, PROCESS_PAIRS, PROCESS_WARMUP, placement);
      await raw();
      await lab();
      return { paired: await alternate(PROCESS_PLAN, raw, lab), placement };
    };
    for (const [key, place] of [
      ['lock.process.ratio', onTwoCpus],
      ['lock.process.one_cpu_ratio', onOneCpu],
    ] as const) {
      const { paired, placement } = await place((placement) => processPair(placement)());
      show(key, ratioFigure(paired, 'µs', {
        what: key === 'lock.process.ratio' ? 'process Lock pair (brokered) vs two raw IPC round trips' : 'the same, host and worker on one CPU',
        baseline: 'two process.send round trips with a forked child',
        how: `${PROCESS_PAIRS.toLocaleString('en')} pairs per round; ${placement.described}`,
      }));
    }
  } finally {
    await bench.stop();
  }

  // Observed and not: two labs side by side, one sampling its lock tables at 20 Hz, one never; the same
  // brokered workload (every operation goes through the host, where the sampling runs) alternated.
  const observed = new BenchLab({ syncSampleMs: OBSERVED_SAMPLE_MS });
  const unobserved = new BenchLab({ syncSampleMs: 0 });
  try {
    const { paired, described } = await onOneCpu(async ({ described }) => {
      await labLock(observed, forked, 1, PROCESS_PAIRS, PROCESS_WARMUP);
      await labLock(unobserved, forked, 1, PROCESS_PAIRS, PROCESS_WARMUP);
      // Throughput ratio = unobserved time per pair / observed time per pair: the observed lab is the "raw" side.
      const paired = await alternate(PROCESS_PLAN, () => labLock(observed, forked, 1, PROCESS_PAIRS, PROCESS_WARMUP), () => labLock(unobserved, forked, 1, PROCESS_PAIRS, PROCESS_WARMUP));
      return { paired, described };
    });
    show('observe.throughput_ratio', ratioFigure(paired, 'µs', {
      what: 'lock throughput sampled at 20 Hz vs not observed',
      baseline: 'process Lock pair, lock tables sampled at 20 Hz',
      labSide: 'not sampled',
      how: `${PROCESS_PAIRS.toLocaleString('en')} pairs per round; ${described}`,
    }));
  } finally {
    await Promise.all([observed.stop(), unobserved.stop()]);
  }
  return figures;
}

if (require.main === module) runSection(runLocksBench);
