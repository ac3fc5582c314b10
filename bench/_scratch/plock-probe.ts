import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { LabEvent } from '../../src/shared/protocol';
import { summarize } from '../stats';
import { describe } from '../paired';

const RAW_ECHO = join(__dirname, '..', 'fixtures', 'raw-ipc-echo.js');
const LAB_CONTEND = join(__dirname, '..', 'fixtures', 'lab-contend.mjs');
const PAIRS = Number(process.env.PAIRS ?? 2000);

async function rawIpc(): Promise<number> {
  const child = fork(RAW_ECHO, [String(PAIRS * 2), '4000'], { execArgv: [] });
  const us = await new Promise<number>((resolve) => {
    child.on('message', (message: { type: string; ms?: number }) => {
      if (message.type === 'ready') child.send({ type: 'go' });
      else if (message.type === 'done') resolve((message.ms! * 1000) / (PAIRS * 2));
      else child.send({ type: 'pong' });
    });
  });
  await new Promise((r) => child.once('exit', r));
  return us;
}

async function makeLab(root: string) {
  const { createLab } = (await import(join(root, 'src/core/lab'))) as typeof import('../../src/core/lab');
  const entries = { thread: join(root, 'out/node/worker-thread.js'), process: join(root, 'out/node/worker-process.js') };
  const lab = createLab({ entries, config: { samplePeriodMs: 1000 } });
  const exits = new Map<string, (e: LabEvent) => void>();
  lab.subscribe((batch) => { for (const e of batch) if (e.type === 'worker.exited' || e.type === 'worker.startFailed') exits.get(e.workerId)?.(e); });
  const ok = async (command: unknown) => { const o = await lab.execute(command); if (!o.ok) throw new Error(o.error); return o.result; };
  let round = 0;
  return {
    lab,
    async pair(): Promise<number> {
      round++;
      await ok({ type: 'sync.create', primitive: { kind: 'Lock', name: `l${round}` } });
      await ok({ type: 'sync.create', primitive: { kind: 'Barrier', name: `b${round}`, parties: 1 } });
      await ok({ type: 'sync.create', primitive: { kind: 'Array', name: `a${round}`, typecode: 'd', length: 1 } });
      const started = await ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'script', path: LAB_CONTEND, args: [`l${round}`, PAIRS, 0, `b${round}`, `a${round}`, 2000] } } });
      const id = started.workerIds[0]!;
      const ended = await new Promise<LabEvent>((r) => exits.set(id, r));
      if (ended.type !== 'worker.exited' || ended.exitCode !== 0) throw new Error(JSON.stringify(ended));
      const ms = Number((await ok({ type: 'sync.operate', request: { op: 'array_get', name: `a${round}`, index: 0 } })).value);
      return (ms * 1000) / PAIRS;
    },
  };
}

async function main() {
  const now = await makeLab(join(__dirname, '..', '..'));
  const old = await makeLab(process.env.OLD_ROOT ?? '/work/wt/bench-old-5c72670');
  const s: Record<string, number[]> = { raw2: [], now: [], old: [], ratioNow: [], ratioOld: [] };
  for (let i = 0; i < Number(process.env.ROUNDS ?? 16); i++) {
    const order = i % 2 === 0 ? ['raw', 'now', 'old'] : ['old', 'now', 'raw'];
    const r: Record<string, number> = {};
    for (const w of order) r[w] = w === 'raw' ? 2 * (await rawIpc()) : await (w === 'now' ? now : old).pair();
    s.raw2!.push(r.raw!); s.now!.push(r.now!); s.old!.push(r.old!); s.ratioNow!.push(r.now! / r.raw!); s.ratioOld!.push(r.old! / r.raw!);
  }
  for (const [name, values] of Object.entries(s)) console.log(describe(name, summarize(values.slice(1))));
  await now.lab.stop('x'); await old.lab.stop('x');
  process.exit(0);
}
void main();
