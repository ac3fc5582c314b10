import { exec, fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BenchLab } from './bench-lab';
import { ratioFigure, type Figure } from './figure';
import { alternate, describe, type Plan } from './paired';
import { runSection } from './section';

/**
 * Start latency, lab vs the raw Node call, alternated round by round. Both are timed from the call to
 * the moment the host's code sees the worker's first message:
 * - raw: from fork() / spawn() / exec() / new Worker() to its 'message' (or first stdout 'data') handler;
 * - lab: from `lab.execute({type: 'start'})` to the listener receiving the batch with `worker.ready`. So
 *   the lab's figure holds all it adds: the command's validation, the book-keeping, the worker entry's
 *   load, the ready message's validation, the event's fold and the batching of events (one per turn of the
 *   event loop).
 * Each round ends its worker and waits for the exit before the next starts, so that rounds never overlap.
 */

const RAW_CHILD = join(__dirname, 'fixtures', 'raw-child.js');
const RAW_THREAD = join(__dirname, 'fixtures', 'raw-thread.js');

type Method = 'fork' | 'spawn' | 'exec' | 'thread';
const METHODS: readonly Method[] = ['fork', 'spawn', 'exec', 'thread'];
const RAW_CALL: Record<Method, string> = { fork: 'fork()', spawn: 'spawn()', exec: 'exec()', thread: 'new Worker()' };

const PLAN: Plan = { minPairs: 20, maxPairs: 150, maxSeconds: 40, tolerance: 0.02, judge: 'ratio' };

/** One raw start: ms from the call to the first message, then the child is ended and its exit awaited. */
async function rawStart(method: Method): Promise<number> {
  const started = performance.now();
  if (method === 'thread') {
    const worker = new Worker(RAW_THREAD, { execArgv: [] });
    const ms = await new Promise<number>((resolve, reject) => {
      worker.once('message', () => resolve(performance.now() - started));
      worker.once('error', reject);
    });
    await worker.terminate();
    return ms;
  }
  // The same calls as the lab's (launch-process.ts): fork with an IPC channel, spawn and exec with pipes.
  const child: ChildProcess =
    method === 'fork'
      ? fork(RAW_CHILD, [], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], execArgv: [] })
      : method === 'spawn'
        ? spawn(process.execPath, [RAW_CHILD])
        : exec(`${process.execPath} ${RAW_CHILD}`);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ms = await new Promise<number>((resolve, reject) => {
    const done = () => resolve(performance.now() - started);
    if (method === 'fork') child.once('message', done);
    else child.stdout!.once('data', done);
    child.once('error', reject);
  });
  // exec's shell (dash) runs node in its own place, so the pid is node's; closing stdin ends it anyway.
  child.stdin?.end();
  child.kill('SIGKILL');
  await exited;
  return ms;
}

async function labStart(bench: BenchLab, method: Method): Promise<number> {
  const spec = method === 'thread' ? { kind: 'thread' } : { kind: 'process', method };
  const started = performance.now();
  const result = await bench.ok({ type: 'start', spec: { ...spec, count: 1, task: { name: 'hang' } } });
  const id = result.workerIds[0]!;
  await bench.ready(id);
  const ms = performance.now() - started;
  const ended = bench.ended(id);
  await bench.ok({ type: 'kill', workerIds: [id] });
  await ended;
  return ms;
}

export async function runStartLatencyBench(): Promise<Record<string, Figure>> {
  // The lab as shipped: default sampling, running through raw rounds as well, so both share its cost.
  const bench = new BenchLab();
  const figures: Record<string, Figure> = {};
  try {
    for (const method of METHODS) {
      // Warm both paths (the first start loads code in the host), then measure.
      await rawStart(method);
      await labStart(bench, method);
      const paired = await alternate(PLAN, () => rawStart(method), () => labStart(bench, method));
      figures[`start.${method}.ratio`] = ratioFigure(paired, 'ms', {
        what: `start latency, lab vs raw ${RAW_CALL[method]}`,
        baseline: `${RAW_CALL[method]} of a child that only says ready`,
        how: 'call to first message seen by the host (lab: start command to ready event delivered)',
      });
      console.log(`  ${describe(`start.${method}.ratio`, paired.ratio, 'x')}`);
      console.log(`    ${describe('raw', paired.raw, ' ms')}`);
      console.log(`    ${describe('lab', paired.lab, ' ms')}`);
    }
  } finally {
    await bench.stop();
  }
  return figures;
}

if (require.main === module) runSection(runStartLatencyBench);
