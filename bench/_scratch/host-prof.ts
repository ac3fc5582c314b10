import { join } from 'node:path';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { BenchLab, expectClean } from '../bench-lab';
const LAB_CONTEND = join(__dirname, '..', 'fixtures', 'lab-contend.mjs');
async function main() {
  const bench = new BenchLab();
  const round = async (n: number) => { const r = bench.nextRound(); const [l, b, a] = [`l${r}`, `b${r}`, `a${r}`];
    await bench.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: l } }); await bench.ok({ type: 'sync.create', primitive: { kind: 'Barrier', name: b, parties: 1 } }); await bench.ok({ type: 'sync.create', primitive: { kind: 'Array', name: a, typecode: 'd', length: 1 } });
    const st = await bench.ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'script', path: LAB_CONTEND, args: [l, n, 0, b, a, 2000] } } });
    expectClean(await bench.ended(st.workerIds[0]!));
    return (Number((await bench.ok({ type: 'sync.operate', request: { op: 'array_get', name: a, index: 0 } })).value) * 1000) / (2 * n); };
  await round(10000); await round(10000);
  const s = new Session(); s.connect();
  const post = (m: string, p?: object) => new Promise<any>((res, rej) => s.post(m, p, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable'); await post('Profiler.setSamplingInterval', { interval: 50 }); await post('Profiler.start');
  const c0 = process.cpuUsage();
  const us = await round(50000);
  const c = process.cpuUsage(c0);
  const { profile } = await post('Profiler.stop');
  writeFileSync('/tmp/i6/host.cpuprofile', JSON.stringify(profile));
  console.log('us/op', us, 'host cpu us/op (incl. worker start)', (c.user + c.system) / 100000);
  await bench.stop(); process.exit(0);
}
void main();
