import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createLab } from '../src/core/lab';
import type { LabEvent } from '../src/shared/protocol';
import { BUILT_ENTRIES } from '../test/support/lab-harness';
import { median, round } from './stats';

/**
 * Start latency through the lab vs the raw Node call, measured in the same run: from the call to the first
 * message back. The lab's figure is taken from outside the lab (command sent to "ready" event received),
 * so it includes validation, book-keeping and event delivery.
 */

const RAW_CHILD = join(__dirname, 'fixtures', 'raw-child.js');
const RAW_THREAD = join(__dirname, 'fixtures', 'raw-thread.js');
const ROUNDS = 12;

type Method = 'fork' | 'spawn' | 'exec' | 'thread';

function rawStart(method: Method): Promise<{ ms: number; end: () => void }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const done = (end: () => void) => resolve({ ms: performance.now() - started, end });
    if (method === 'thread') {
      const worker = new Worker(RAW_THREAD, { execArgv: [] });
      worker.once('message', () => done(() => void worker.terminate()));
      worker.once('error', reject);
      return;
    }
    let child: ChildProcess;
    if (method === 'fork') {
      child = fork(RAW_CHILD, [], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], execArgv: [] });
      child.once('message', () => done(() => child.kill('SIGKILL')));
    } else {
      // exec's child is a shell with node below it: killing the shell alone would leave node behind, so the
      // shell gets a process group of its own and the whole group is killed.
      // (exec cannot set `detached`; spawn with a shell is what exec does inside.)
      child = method === 'spawn' ? spawn(process.execPath, [RAW_CHILD]) : spawn(`${process.execPath} ${RAW_CHILD}`, { shell: true, detached: true });
      const end = method === 'spawn' ? () => child.kill('SIGKILL') : () => process.kill(-child.pid!, 'SIGKILL');
      child.stdout!.once('data', () => done(end));
    }
    child.once('error', reject);
  });
}

export async function runStartLatencyBench(): Promise<Record<string, number>> {
  const lab = createLab({ entries: BUILT_ENTRIES, config: { samplePeriodMs: 1000 } });
  const readyAt = new Map<string, number>();
  lab.subscribe((events: readonly LabEvent[]) => {
    for (const event of events) if (event.type === 'worker.ready') readyAt.set(event.workerId, performance.now());
  });
  const labStart = async (method: Method): Promise<number> => {
    const spec = method === 'thread' ? { kind: 'thread' } : { kind: 'process', method };
    const started = performance.now();
    const outcome = await lab.execute({ type: 'start', spec: { ...spec, count: 1, task: { name: 'hang' } } });
    if (!outcome.ok) throw new Error(outcome.error);
    const id = outcome.result.workerIds[0]!;
    while (!readyAt.has(id)) await new Promise((resolve) => setImmediate(resolve));
    const ms = readyAt.get(id)! - started;
    await lab.execute({ type: 'kill', workerIds: [id] });
    return ms;
  };

  const figures: Record<string, number> = {};
  for (const method of ['fork', 'spawn', 'exec', 'thread'] as const) {
    const raw: number[] = [];
    const viaLab: number[] = [];
    // Warm both paths once, then alternate so drift on a shared machine hits both alike.
    (await rawStart(method)).end();
    await labStart(method);
    for (let round = 0; round < ROUNDS; round++) {
      const started = await rawStart(method);
      raw.push(started.ms);
      started.end();
      viaLab.push(await labStart(method));
    }
    figures[`start.${method}.raw_ms`] = round(median(raw));
    figures[`start.${method}.lab_ms`] = round(median(viaLab));
    figures[`start.${method}.ratio`] = round(median(viaLab) / median(raw));
  }
  await lab.stop('bench finished');
  return figures;
}

if (require.main === module) {
  void runStartLatencyBench().then((figures) => console.table(figures));
}
