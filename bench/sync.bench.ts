import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createLab } from '../src/core/lab';
import type { LabEvent } from '../src/shared/protocol';
import { BUILT_ENTRIES } from '../test/support/lab-harness';
import { median, round } from './stats';

/**
 * Lock and observation costs, each against its raw baseline in the same run: a SharedArrayBuffer futex
 * mutex for threads, an IPC round trip for processes. The lab brokers every primitive in the host (one
 * implementation of Python's semantics), except that a thread takes and frees an uncontended Lock in the
 * lock's shared cell (docs/sync.md, "The fast path"); a process's lock pair is two message round trips.
 * The ratios say what that design costs. Both thread figures include a worker's start or end around the
 * loop (raw: from `new Worker` to its answer; lab: from ready to exit), which is why they are close.
 */

const RAW_MUTEX = join(__dirname, 'fixtures', 'raw-atomics-mutex.js');
const RAW_ECHO = join(__dirname, 'fixtures', 'raw-ipc-echo.js');
const RAW_PAIRS = 200_000;
/** Threads take an uncontended lab lock on the shared-memory fast path: as many pairs as the raw mutex. */
const LAB_THREAD_PAIRS = RAW_PAIRS;
/** Processes go through the broker, a round trip per operation. */
const LAB_PAIRS = 2_000;
const ROUNDS = 3;

/** Microseconds per acquire+release pair with `threads` threads contending on one raw mutex. */
async function rawMutex(threads: number): Promise<number> {
  const sab = new SharedArrayBuffer(4);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: threads }, () => {
      const worker = new Worker(RAW_MUTEX, { workerData: { sab, n: RAW_PAIRS }, execArgv: [] });
      return new Promise<number>((resolve) => worker.once('message', resolve));
    }),
  );
  return ((performance.now() - started) * 1000) / (RAW_PAIRS * threads);
}

/** Microseconds per IPC round trip with a forked child. */
async function rawIpc(): Promise<number> {
  const child = fork(RAW_ECHO, [String(LAB_PAIRS * 2)], { execArgv: [] });
  return new Promise((resolve) => {
    child.on('message', (message: { type: string; ms?: number }) => {
      if (message.type === 'done') resolve((message.ms! * 1000) / (LAB_PAIRS * 2));
      else child.send({ type: 'pong' });
    });
  });
}

/** Microseconds per lab lock pair: `workers` workers of `spec` running contend(lock, pairs). */
async function labLock(spec: Record<string, unknown>, workers: number, pairs: number, syncSampleMs?: number): Promise<number> {
  const lab = createLab({ entries: BUILT_ENTRIES, config: { samplePeriodMs: 1000 }, ...(syncSampleMs === undefined ? {} : { syncSampleMs }) });
  const events: LabEvent[] = [];
  lab.subscribe((batch) => events.push(...batch));
  try {
    await lab.execute({ type: 'sync.create', primitive: { kind: 'Lock', name: 'bench' } });
    const outcome = await lab.execute({ type: 'start', spec: { ...spec, count: workers, task: { name: 'contend', lock: 'bench', n: pairs } } });
    if (!outcome.ok) throw new Error(outcome.error);
    const ids = new Set(outcome.result.workerIds);
    const ended = () => events.filter((e) => (e.type === 'worker.exited' || e.type === 'worker.startFailed') && ids.has(e.workerId));
    while (ended().length < workers) await new Promise((resolve) => setTimeout(resolve, 5));
    if (ended().some((e) => e.type !== 'worker.exited' || e.exitCode !== 0)) throw new Error('a contend worker failed');
    const readyAt = Math.min(...events.filter((e) => e.type === 'worker.ready' && ids.has(e.workerId)).map((e) => e.t));
    const doneAt = Math.max(...ended().map((e) => e.t));
    return ((doneAt - readyAt) * 1000) / (pairs * workers);
  } finally {
    await lab.stop('bench finished');
  }
}

async function medianOf(run: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let index = 0; index < ROUNDS; index++) values.push(await run());
  return median(values);
}

export async function runSyncBench(): Promise<Record<string, number>> {
  const thread = { kind: 'thread' };
  const forked = { kind: 'process', method: 'fork' };
  const raw1 = await medianOf(() => rawMutex(1));
  const raw2 = await medianOf(() => rawMutex(2));
  const lab1 = await medianOf(() => labLock(thread, 1, LAB_THREAD_PAIRS));
  const lab2 = await medianOf(() => labLock(thread, 2, LAB_THREAD_PAIRS));
  const ipc = await medianOf(rawIpc);
  const labProcess = await medianOf(() => labLock(forked, 1, LAB_PAIRS));
  const observed = await medianOf(() => labLock(thread, 1, LAB_THREAD_PAIRS, 50));
  const unobserved = await medianOf(() => labLock(thread, 1, LAB_THREAD_PAIRS, 0));
  return {
    'lock.thread.raw_us': round(raw1, 3),
    'lock.thread.lab_us': round(lab1, 3),
    'lock.thread.ratio': round(lab1 / raw1, 2),
    'lock.contended.raw_us': round(raw2, 3),
    'lock.contended.lab_us': round(lab2, 3),
    'lock.contended.ratio': round(lab2 / raw2, 2),
    'lock.process.ipc_round_trip_us': round(ipc, 1),
    'lock.process.lab_pair_us': round(labProcess, 1),
    /** A pair is two round trips (acquire, release): compared with two raw ones. */
    'lock.process.ratio': round(labProcess / (2 * ipc), 2),
    'observe.throughput_ratio': round(unobserved / observed, 3),
  };
}

if (require.main === module) {
  void runSyncBench().then((figures) => {
    console.table(figures);
    process.exit(0);
  });
}
