import { join } from 'node:path';
import { BenchLab, expectClean } from '../bench-lab';
import { summarize } from '../stats';
import { describe } from '../paired';
const LAB_CONTEND = join(__dirname, '..', 'fixtures', 'lab-contend.mjs');
const N = 10000;
async function pair(bench: BenchLab) { const r = bench.nextRound(); const [l, b, a] = [`pl${r}`, `pb${r}`, `pa${r}`];
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: l } }); await bench.ok({ type: 'sync.create', primitive: { kind: 'Barrier', name: b, parties: 1 } }); await bench.ok({ type: 'sync.create', primitive: { kind: 'Array', name: a, typecode: 'd', length: 1 } });
  const st = await bench.ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'script', path: LAB_CONTEND, args: [l, N, 0, b, a, 2000] } } });
  expectClean(await bench.ended(st.workerIds[0]!));
  return (Number((await bench.ok({ type: 'sync.operate', request: { op: 'array_get', name: a, index: 0 } })).value) * 1000) / N; }
async function main() {
  const fresh = new BenchLab(); const loaded = new BenchLab();
  for (let i = 0; i < Number(process.env.PRIMS ?? 240); i++) await loaded.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: `x${i}` } });
  if (process.env.WORKERS) { const ids = (await loaded.ok({ type: 'start', spec: { kind: 'thread', count: Number(process.env.WORKERS), task: { name: 'hang' } } })).workerIds; await Promise.all(ids.map((id) => loaded.ready(id))); await loaded.ok({ type: 'kill', workerIds: ids }); await Promise.all(ids.map((id) => loaded.ended(id))); }
  const s: Record<string, number[]> = { fresh: [], loaded: [], ratio: [] };
  for (let i = 0; i < 10; i++) { const [x, y] = i % 2 ? [await pair(loaded), await pair(fresh)].reverse() : [await pair(fresh), await pair(loaded)]; s.fresh!.push(x!); s.loaded!.push(y!); s.ratio!.push(y! / x!); }
  for (const [k, v] of Object.entries(s)) console.log(describe(k, summarize(v)));
  await fresh.stop(); await loaded.stop(); process.exit(0);
}
void main();
