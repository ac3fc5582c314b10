import { fork, spawn, exec, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createLab } from '../../src/core/lab';
import type { LabEvent } from '../../src/shared/protocol';
import { BUILT_ENTRIES } from '../../test/support/lab-harness';
import { summarize } from '../stats';
import { describe } from '../paired';

const RAW_CHILD = join(__dirname, '..', 'fixtures', 'raw-child.js');
type Method = 'fork' | 'spawn' | 'exec';
function start(method: Method, file: string, env?: NodeJS.ProcessEnv, args: string[] = []): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    let child: ChildProcess;
    if (method === 'fork') child = fork(file, args, { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], execArgv: [], env });
    else if (method === 'spawn') child = spawn(process.execPath, [file, ...args], { env });
    else child = exec(`${process.execPath} ${file} ${args.join(' ')}`, { env });
    const got = () => { const ms = performance.now() - started; child.once('exit', () => resolve(ms)); if (method === 'exec') spawn('pkill', ['-KILL', '-P', String(child.pid)]); child.kill('SIGKILL'); };
    if (method === 'fork') child.once('message', got); else child.stdout!.once('data', got);
  });
}
async function main() {
  const method = process.argv[2] as Method;
  const lab = createLab({ entries: BUILT_ENTRIES, config: { samplePeriodMs: 1000 } });
  const readyAt = new Map<string, { at: number; latency: number }>();
  const waiting = new Map<string, () => void>();
  const exitWaiting = new Map<string, () => void>();
  lab.subscribe((events: readonly LabEvent[]) => {
    for (const e of events) {
      if (e.type === 'worker.ready') { readyAt.set(e.workerId, { at: performance.now(), latency: e.latencyMs }); waiting.get(e.workerId)?.(); }
      if (e.type === 'worker.exited') exitWaiting.get(e.workerId)?.();
    }
  });
  let k = 0;
  const labEnv = () => ({ ...process.env, LAB_WORKER: JSON.stringify({ workerId: `x${k++}`, task: { name: 'hang' }, guard: method === 'fork' ? 'ipc' : 'stdin', entries: BUILT_ENTRIES }) });
  const series: Record<string, number[]> = { raw: [], entry: [], lab: [], labInternal: [] };
  for (let i = 0; i < 24; i++) {
    const order = i % 2 === 0 ? ['raw', 'entry', 'lab'] : ['lab', 'entry', 'raw'];
    for (const what of order) {
      if (what === 'raw') series.raw!.push(await start(method, RAW_CHILD));
      if (what === 'entry') series.entry!.push(await start(method, BUILT_ENTRIES.process, labEnv(), ['--lab-worker=x']));
      if (what === 'lab') {
        const started = performance.now();
        const outcome = await lab.execute({ type: 'start', spec: { kind: 'process', method, count: 1, task: { name: 'hang' } } });
        if (!outcome.ok) throw new Error(outcome.error);
        const id = outcome.result.workerIds[0]!;
        if (!readyAt.has(id)) await new Promise<void>((r) => waiting.set(id, r));
        series.lab!.push(readyAt.get(id)!.at - started);
        series.labInternal!.push(readyAt.get(id)!.latency);
        const exited = new Promise<void>((r) => exitWaiting.set(id, r));
        await lab.execute({ type: 'kill', workerIds: [id] });
        await exited;
      }
    }
  }
  for (const [name, values] of Object.entries(series)) console.log(method, describe(name, summarize(values.slice(2)), ' ms'));
  await lab.stop('done');
  process.exit(0);
}
void main();
