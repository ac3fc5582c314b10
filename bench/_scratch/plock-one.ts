import { join } from 'node:path';
import type { LabEvent } from '../../src/shared/protocol';
import { createLab } from '../../src/core/lab';
import { BUILT_ENTRIES } from '../../test/support/lab-harness';
const LAB_CONTEND = join(__dirname, '..', 'fixtures', 'lab-contend.mjs');
const PAIRS = 20000;
async function main() {
  const lab = createLab({ entries: BUILT_ENTRIES, config: { samplePeriodMs: 1000 } });
  const exits = new Map<string, (e: LabEvent) => void>();
  lab.subscribe((batch) => { for (const e of batch) if (e.type === 'worker.exited' || e.type === 'worker.startFailed') exits.get(e.workerId)?.(e); });
  const ok = async (command: unknown) => { const o = await lab.execute(command); if (!o.ok) throw new Error(o.error); return o.result; };
  await ok({ type: 'sync.create', primitive: { kind: 'Lock', name: `l` } });
  await ok({ type: 'sync.create', primitive: { kind: 'Barrier', name: `b`, parties: 1 } });
  await ok({ type: 'sync.create', primitive: { kind: 'Array', name: `a`, typecode: 'd', length: 1 } });
  const cpu0 = process.cpuUsage();
  const started = await ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'script', path: LAB_CONTEND, args: [`l`, PAIRS, 0, `b`, `a`] } } });
  const id = started.workerIds[0]!;
  await new Promise<LabEvent>((r) => exits.set(id, r));
  const cpu = process.cpuUsage(cpu0);
  const ms = Number((await ok({ type: 'sync.operate', request: { op: 'array_get', name: `a`, index: 0 } })).value);
  console.log('us per pair', (ms * 1000) / PAIRS, 'host cpu us per pair', (cpu.user + cpu.system) / PAIRS);
  await lab.stop('x');
  process.exit(0);
}
void main();
