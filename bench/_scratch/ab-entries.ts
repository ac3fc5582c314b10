import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createLab } from '../../src/core/lab';
import type { LabEvent } from '../../src/shared/protocol';
import { summarize } from '../stats';
import { describe } from '../paired';
const RAW_ECHO = join(__dirname, '..', 'fixtures', 'raw-ipc-echo.js');
const LAB_CONTEND = join(__dirname, '..', 'fixtures', 'lab-contend.mjs');
const PAIRS = Number(process.env.PAIRS ?? 10000), WARM = Number(process.env.WARM ?? 2000);
async function rawPair(): Promise<number> {
  const child = fork(RAW_ECHO, [String(PAIRS * 2), String(WARM * 2)], { execArgv: [] });
  const exited = new Promise((r) => child.once('exit', r));
  const ms = await new Promise<number>((resolve) => child.on('message', (m: { type: string; ms?: number }) => (m.type === 'done' ? resolve(m.ms!) : child.send({ type: 'pong' }))));
  await exited; return (ms * 1000) / PAIRS;
}
function makeLab(dir: string) {
  const lab = createLab({ entries: { thread: join(dir, 'worker-thread.js'), process: join(dir, 'worker-process.js') } });
  const exits = new Map<string, (e: LabEvent) => void>();
  lab.subscribe((b) => { for (const e of b) if (e.type === 'worker.exited' || e.type === 'worker.startFailed') exits.get(e.workerId)?.(e); });
  const ok = async (c: unknown) => { const o = await lab.execute(c); if (!o.ok) throw new Error(o.error); return o.result; };
  let round = 0;
  return { lab, async pair() {
    round++;
    await ok({ type: 'sync.create', primitive: { kind: 'Lock', name: `l${round}` } });
    await ok({ type: 'sync.create', primitive: { kind: 'Barrier', name: `b${round}`, parties: 1 } });
    await ok({ type: 'sync.create', primitive: { kind: 'Array', name: `a${round}`, typecode: 'd', length: 1 } });
    const r = await ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'script', path: LAB_CONTEND, args: [`l${round}`, PAIRS, 0, `b${round}`, `a${round}`, WARM] } } });
    const end = await new Promise<LabEvent>((res) => exits.set(r.workerIds[0]!, res));
    if (end.type !== 'worker.exited' || end.exitCode !== 0) throw new Error(JSON.stringify(end));
    return (Number((await ok({ type: 'sync.operate', request: { op: 'array_get', name: `a${round}`, index: 0 } })).value) * 1000) / PAIRS;
  } };
}
async function main() {
  const labs = { base: makeLab(process.env.A_DIR ?? '/tmp/i6/out-base'), patched: makeLab(process.env.B_DIR ?? '/tmp/i6/out-patched') };
  const s: Record<string, number[]> = { raw: [], base: [], patched: [], rBase: [], rPatched: [], patchedOverBase: [] };
  for (let i = 0; i < Number(process.env.ROUNDS ?? 12); i++) {
    const order = i % 2 ? ['patched', 'base', 'raw'] : ['raw', 'base', 'patched'];
    const r: Record<string, number> = {};
    for (const w of order) r[w] = w === 'raw' ? await rawPair() : await labs[w as 'base' | 'patched'].pair();
    s.raw!.push(r.raw!); s.base!.push(r.base!); s.patched!.push(r.patched!); s.rBase!.push(r.base! / r.raw!); s.rPatched!.push(r.patched! / r.raw!); s.patchedOverBase!.push(r.patched! / r.base!);
  }
  for (const [k, v] of Object.entries(s)) console.log(describe(k, summarize(v)));
  await labs.base.lab.stop('x'); await labs.patched.lab.stop('x'); process.exit(0);
}
void main();
