import { BenchLab } from '../bench-lab';
import { join } from 'node:path';
const LAB_CONTEND = join(__dirname, '..', 'fixtures', 'lab-contend.mjs');
async function main() {
  const bench = new BenchLab();
  bench.lab.subscribe((evs) => { for (const e of evs) if (!e.type.startsWith('metrics')) console.log(e.type, JSON.stringify(e).slice(0, 300)); });
  const round = bench.nextRound();
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: `lock${round}` } });
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Barrier', name: `start${round}`, parties: 1 } });
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Array', name: `elapsed${round}`, typecode: 'd', length: 1 } });
  const r = await bench.ok({ type: 'start', spec: { kind: 'thread', count: 1, task: { name: 'script', path: LAB_CONTEND, args: [`lock${round}`, 1000, 0, `start${round}`, `elapsed${round}`, 100] } } });
  console.log(await bench.ended(r.workerIds[0]!));
  await bench.stop(); process.exit(0);
}
void main();
