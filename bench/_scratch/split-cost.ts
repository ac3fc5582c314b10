import { fork } from 'node:child_process';
import { join } from 'node:path';
import { BenchLab, expectClean } from '../bench-lab';
import { summarize } from '../stats';
import { describe } from '../paired';
const N = 10000, W = 2000;
const RAW_ECHO = join(__dirname, '..', 'fixtures', 'raw-ipc-echo.js');
const LAB_CONTEND = join(__dirname, '..', 'fixtures', 'lab-contend.mjs');
async function A() { const c = fork(RAW_ECHO, [String(2 * N), String(2 * W)], { execArgv: [] }); const ex = new Promise((r) => c.once('exit', r));
  const ms = await new Promise<number>((res) => c.on('message', (m: { type: string; ms?: number }) => (m.type === 'done' ? res(m.ms!) : c.send({ type: 'pong' })))); await ex; return (ms * 1000) / (2 * N); }
async function B() { const c = fork(join(__dirname, 'b-child.ts'), [String(N), String(W)], { execArgv: ['--import', 'tsx'] }); const ex = new Promise((r) => c.once('exit', r));
  const ms = await new Promise<number>((res) => c.on('message', (m: { type: string; id: number; ms?: number }) => (m.type === 'done' ? res(m.ms!) : c.send({ type: 'syncReply', id: m.id, reply: { ok: true, value: true } })))); await ex; return (ms * 1000) / (2 * N); }
async function C(bench: BenchLab) { const r = bench.nextRound(); await bench.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: `c${r}` } });
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Array', name: `ca${r}`, typecode: 'd', length: 1 } });
  const st = await bench.ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'script', path: '/tmp/i6/c-script.mjs', args: [`c${r}`, N, W, `ca${r}`] } } });
  expectClean(await bench.ended(st.workerIds[0]!));
  return (Number((await bench.ok({ type: 'sync.operate', request: { op: 'array_get', name: `ca${r}`, index: 0 } })).value) * 1000) / (2 * N); }
async function D(bench: BenchLab) { const r = bench.nextRound(); const [l, b, a] = [`l${r}`, `b${r}`, `a${r}`];
  await bench.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: l } }); await bench.ok({ type: 'sync.create', primitive: { kind: 'Barrier', name: b, parties: 1 } }); await bench.ok({ type: 'sync.create', primitive: { kind: 'Array', name: a, typecode: 'd', length: 1 } });
  const st = await bench.ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'script', path: LAB_CONTEND, args: [l, N, 0, b, a, W] } } });
  expectClean(await bench.ended(st.workerIds[0]!));
  return (Number((await bench.ok({ type: 'sync.operate', request: { op: 'array_get', name: a, index: 0 } })).value) * 1000) / (2 * N); }
async function main() {
  const bench = new BenchLab();
  const s: Record<string, number[]> = { A: [], B: [], C: [], D: [] };
  for (let i = 0; i < Number(process.env.ROUNDS ?? 8); i++) for (const k of i % 2 ? ['D', 'C', 'B', 'A'] : ['A', 'B', 'C', 'D']) s[k]!.push(k === 'A' ? await A() : k === 'B' ? await B() : k === 'C' ? await C(bench) : await D(bench));
  console.log('µs per operation (one round trip); A raw, B lab client + bare host, C bare client + lab host, D lab');
  for (const [k, v] of Object.entries(s)) console.log(describe(k, summarize(v)));
  await bench.stop(); process.exit(0);
}
void main();
