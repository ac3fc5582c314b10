import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createLab } from '../../src/core/lab';
import type { LabEvent } from '../../src/shared/protocol';
import { BUILT_ENTRIES } from '../../test/support/lab-harness';
import { summarize } from '../stats';
import { describe } from '../paired';

const RAW_THREAD = join(__dirname, '..', 'fixtures', 'raw-thread.js');
function firstMessage(file: string, options: ConstructorParameters<typeof Worker>[1]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, options);
    worker.once('message', () => { const ms = performance.now() - started; void worker.terminate().then(() => resolve(ms)); });
    worker.once('error', reject);
  });
}
async function main() {
  const lab = createLab({ entries: BUILT_ENTRIES, config: { samplePeriodMs: 1000 } });
  const readyAt = new Map<string, { at: number; latency: number }>();
  const waiting = new Map<string, () => void>();
  lab.subscribe((events: readonly LabEvent[]) => {
    for (const e of events) if (e.type === 'worker.ready') { readyAt.set(e.workerId, { at: performance.now(), latency: e.latencyMs }); waiting.get(e.workerId)?.(); }
  });
  const spec = (id: string) => ({ workerId: id, task: { name: 'hang' }, guard: 'none', entries: BUILT_ENTRIES });
  const series: Record<string, number[]> = { raw: [], entry: [], entryPiped: [], lab: [], labInternal: [] };
  let k = 0;
  for (let i = 0; i < 40; i++) {
    const order = i % 2 === 0 ? ['raw', 'entry', 'entryPiped', 'lab'] : ['lab', 'entryPiped', 'entry', 'raw'];
    for (const what of order) {
      if (what === 'raw') series.raw!.push(await firstMessage(RAW_THREAD, { execArgv: [] }));
      if (what === 'entry') series.entry!.push(await firstMessage(BUILT_ENTRIES.thread, { workerData: spec(`x${k++}`), execArgv: [] }));
      if (what === 'entryPiped') series.entryPiped!.push(await firstMessage(BUILT_ENTRIES.thread, { workerData: spec(`x${k++}`), execArgv: [], stdout: true, stderr: true }));
      if (what === 'lab') {
        const started = performance.now();
        const outcome = await lab.execute({ type: 'start', spec: { kind: 'thread', count: 1, task: { name: 'hang' } } });
        if (!outcome.ok) throw new Error(outcome.error);
        const id = outcome.result.workerIds[0]!;
        if (process.env.SPIN) { while (!readyAt.has(id)) await new Promise((r) => setImmediate(r)); }
        else if (!readyAt.has(id)) await new Promise<void>((r) => waiting.set(id, r));
        series.lab!.push(readyAt.get(id)!.at - started);
        series.labInternal!.push(readyAt.get(id)!.latency);
        const exited = new Promise<void>((resolve) => { const off = lab.subscribe((evs) => { if (evs.some((e) => e.type === 'worker.exited' && e.workerId === id)) { off(); resolve(); } }); });
        await lab.execute({ type: 'kill', workerIds: [id] });
        await exited;
      }
    }
  }
  for (const [name, values] of Object.entries(series)) console.log(describe(name, summarize(values.slice(2)), ' ms'));
  await lab.stop('done');
  process.exit(0);
}
void main();
