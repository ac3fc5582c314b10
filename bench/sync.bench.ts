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
const RAW_POST = join(__dirname, 'fixtures', 'raw-post.js');
const LAB_CONTEND = join(__dirname, 'fixtures', 'lab-contend.mjs');
const QUEUE_ITEMS = 2_000;
const RAW_PAIRS = 200_000;
/** Threads take an uncontended lab lock on the shared-memory fast path: as many pairs as the raw mutex. */
const LAB_THREAD_PAIRS = RAW_PAIRS;
/** Processes go through the broker, a round trip per operation. */
const LAB_PAIRS = 2_000;
const ROUNDS = 3;
const OBSERVE_PAIRS = 1_000_000;
const OBSERVE_ROUNDS = 5;

/**
 * Microseconds per acquire+release pair with `threads` threads contending on one raw mutex, timed inside
 * the threads' loops (start-up excluded): the slowest thread's loop over all the pairs.
 */
async function rawMutex(threads: number): Promise<number> {
  const sab = new SharedArrayBuffer(8);
  const workers = Array.from({ length: threads }, () => new Worker(RAW_MUTEX, { workerData: { sab, n: RAW_PAIRS }, execArgv: [] }));
  const messages = workers.map((worker) => ({ next: () => new Promise<unknown>((resolve) => worker.once('message', resolve)) }));
  await Promise.all(messages.map((each) => each.next()));
  const elapsed = messages.map((each) => each.next() as Promise<number>);
  const go = new Int32Array(sab, 4, 1);
  Atomics.store(go, 0, 1);
  Atomics.notify(go, 0);
  const slowest = Math.max(...(await Promise.all(elapsed)));
  return (slowest * 1000) / (RAW_PAIRS * threads);
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

/**
 * Microseconds per lab lock pair: `workers` workers of `spec` run the script lab-contend.mjs (a Barrier, then
 * `pairs` pairs), each timing its own loop, as the raw baseline does.
 */
async function labLock(spec: Record<string, unknown>, workers: number, pairs: number, syncSampleMs?: number): Promise<number> {
  const lab = createLab({ entries: BUILT_ENTRIES, config: { samplePeriodMs: 1000 }, ...(syncSampleMs === undefined ? {} : { syncSampleMs }) });
  const events: LabEvent[] = [];
  lab.subscribe((batch) => events.push(...batch));
  const ok = async (command: unknown) => {
    const outcome = await lab.execute(command);
    if (!outcome.ok) throw new Error(outcome.error);
    return outcome.result;
  };
  try {
    await ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'bench' } });
    await ok({ type: 'sync.create', primitive: { kind: 'Barrier', name: 'start', parties: workers } });
    await ok({ type: 'sync.create', primitive: { kind: 'Array', name: 'elapsed', typecode: 'd', length: workers } });
    const ids = new Set<string>();
    for (let slot = 0; slot < workers; slot++) {
      const started = await ok({ type: 'start', spec: { ...spec, count: 1, task: { name: 'script', path: LAB_CONTEND, args: ['bench', pairs, slot] } } });
      for (const id of started.workerIds) ids.add(id);
    }
    const ended = () => events.filter((e) => (e.type === 'worker.exited' || e.type === 'worker.startFailed') && ids.has(e.workerId));
    while (ended().length < workers) await new Promise((resolve) => setTimeout(resolve, 5));
    const failed = ended().find((e) => e.type !== 'worker.exited' || e.exitCode !== 0);
    if (failed !== undefined) throw new Error(`a contend worker failed: ${JSON.stringify(failed)}`);
    const loops: number[] = [];
    for (let slot = 0; slot < workers; slot++) loops.push(Number((await ok({ type: 'sync.operate', request: { op: 'array_get', name: 'elapsed', index: slot } })).value));
    return (Math.max(...loops) * 1000) / (pairs * workers);
  } finally {
    await lab.stop('bench finished');
  }
}

/** Items per second a thread (or forked child) can hand to its parent with postMessage (process.send). */
async function rawChannel(kind: 'thread' | 'process'): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const onMessage = (message: unknown) => message === 'done' && resolve();
    if (kind === 'thread') new Worker(RAW_POST, { workerData: { n: QUEUE_ITEMS }, execArgv: [] }).on('message', onMessage);
    else fork(RAW_POST, [String(QUEUE_ITEMS)], { execArgv: [] }).on('message', onMessage);
  });
  return QUEUE_ITEMS / ((performance.now() - started) / 1000);
}

/** Items per second through a lab Queue, one producer and one consumer of `spec`. */
async function labQueue(spec: Record<string, unknown>): Promise<number> {
  const lab = createLab({ entries: BUILT_ENTRIES, config: { samplePeriodMs: 1000 } });
  const events: LabEvent[] = [];
  lab.subscribe((batch) => events.push(...batch));
  try {
    await lab.execute({ type: 'sync.create', primitive: { kind: 'Queue', name: 'q', maxsize: 100 } });
    const ids: string[] = [];
    for (const task of [
      { name: 'consume', queue: 'q', n: QUEUE_ITEMS, delayMs: 0 },
      { name: 'produce', queue: 'q', n: QUEUE_ITEMS, delayMs: 0 },
    ]) {
      const outcome = await lab.execute({ type: 'start', spec: { ...spec, count: 1, task } });
      if (!outcome.ok) throw new Error(outcome.error);
      ids.push(...outcome.result.workerIds);
    }
    const ended = () => events.filter((e) => e.type === 'worker.exited' && ids.includes(e.workerId));
    while (ended().length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const readyAt = Math.max(...events.filter((e) => e.type === 'worker.ready' && ids.includes(e.workerId)).map((e) => e.t));
    return QUEUE_ITEMS / ((Math.max(...ended().map((e) => e.t)) - readyAt) / 1000);
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
  // Raw and lab rounds alternate, so that drift on a shared machine hits both alike.
  const ipcRuns: number[] = [];
  const labProcessRuns: number[] = [];
  for (let round = 0; round < OBSERVE_ROUNDS; round++) {
    ipcRuns.push(await rawIpc());
    labProcessRuns.push(await labLock(forked, 1, LAB_PAIRS));
  }
  const ipc = median(ipcRuns);
  const labProcess = median(labProcessRuns);
  // Observed (lock tables sampled at 20 Hz) and not, alternated so that drift on a shared machine hits
  // both alike, over loops long enough (about 0.1 s) to span a couple of samples.
  const observedRuns: number[] = [];
  const unobservedRuns: number[] = [];
  for (let round = 0; round < OBSERVE_ROUNDS; round++) {
    observedRuns.push(await labLock(thread, 1, OBSERVE_PAIRS, 50));
    unobservedRuns.push(await labLock(thread, 1, OBSERVE_PAIRS, 0));
  }
  const observed = median(observedRuns);
  const unobserved = median(unobservedRuns);
  const rawThreadItems = await medianOf(() => rawChannel('thread'));
  const labThreadItems = await medianOf(() => labQueue(thread));
  const rawProcessItems = await medianOf(() => rawChannel('process'));
  const labProcessItems = await medianOf(() => labQueue(forked));
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
    'queue.thread.raw_per_s': Math.round(rawThreadItems),
    'queue.thread.lab_per_s': Math.round(labThreadItems),
    'queue.thread.ratio': round(labThreadItems / rawThreadItems, 3),
    'queue.process.raw_per_s': Math.round(rawProcessItems),
    'queue.process.lab_per_s': Math.round(labProcessItems),
    'queue.process.ratio': round(labProcessItems / rawProcessItems, 3),
  };
}

if (require.main === module) {
  void runSyncBench().then((figures) => {
    console.table(figures);
    process.exit(0);
  });
}
