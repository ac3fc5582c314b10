import { BenchLab } from '../bench-lab';
async function main() {
  const bench = new BenchLab();
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'l' } });
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Array', name: 'a', typecode: 'd', length: 2 } });
  const n = 10000;
  const c0 = process.cpuUsage();
  const r = await bench.ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'script', path: '/tmp/i6/contend-prof.mjs', args: ['l', n] } } });
  console.log(await bench.ended(r.workerIds[0]!));
  const hc = process.cpuUsage(c0);
  const ms = Number((await bench.ok({ type: 'sync.operate', request: { op: 'array_get', name: 'a', index: 0 } })).value);
  const cpu = Number((await bench.ok({ type: 'sync.operate', request: { op: 'array_get', name: 'a', index: 1 } })).value);
  console.log('us/pair', (ms * 1000) / n, 'child cpu us/pair', cpu / n, 'host cpu us/pair', (hc.user + hc.system) / n);
  await bench.stop(); process.exit(0);
}
void main();
