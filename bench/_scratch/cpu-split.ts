import { fork } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { LabEvent } from '../../src/shared/protocol';
import { createLab } from '../../src/core/lab';
import { BUILT_ENTRIES } from '../../test/support/lab-harness';
const PAIRS = 10000;
const ECHO = '/tmp/i6/echo-cpu.js';
writeFileSync(ECHO, `const n = Number(process.argv[2]); let left = n, started = 0, c0;
process.on('message', (m) => { if (m.type === 'go') { started = performance.now(); c0 = process.cpuUsage(); return void process.send({ type: 'ping', id: left }); }
 if (--left > 0) return void process.send({ type: 'ping', id: left }); const c = process.cpuUsage(c0);
 process.send({ type: 'done', ms: performance.now() - started, cpu: c.user + c.system }); process.disconnect(); });
process.send({ type: 'ready' });`);
const SCRIPT = '/tmp/i6/contend-cpu.mjs';
writeFileSync(SCRIPT, `export default async function ({ sync, args }) { const [l, n] = args; const lock = sync.lock(l); await lock.acquire(); await lock.release(); await sync.barrier('b').wait();
 const started = performance.now(); const c0 = process.cpuUsage();
 for (let i = 0; i < n; i++) { if (lock.acquireNow() !== true) await lock.acquire(); if (!lock.releaseNow()) await lock.release(); }
 const c = process.cpuUsage(c0); await sync.array('a').set(0, performance.now() - started); await sync.array('a').set(1, c.user + c.system); }`);
async function main() {
  for (let k = 0; k < 3; k++) {
  const c0 = process.cpuUsage();
  const child = fork(ECHO, [String(PAIRS * 2)], { execArgv: [] });
  const r = await new Promise<{ ms: number; cpu: number }>((resolve) => child.on('message', (m: { type: string; ms: number; cpu: number }) => { if (m.type === 'ready') child.send({ type: 'go' }); else if (m.type === 'done') resolve(m); else child.send({ type: 'pong' }); }));
  const hc = process.cpuUsage(c0);
  console.log('raw: us/rt', (r.ms * 1000) / (PAIRS * 2), 'child cpu us/rt', r.cpu / (PAIRS * 2), 'host cpu us/rt (incl. fork)', (hc.user + hc.system) / (PAIRS * 2));
  }
  const lab = createLab({ entries: BUILT_ENTRIES, config: { samplePeriodMs: 1000 } });
  const exits = new Map<string, (e: LabEvent) => void>();
  lab.subscribe((batch) => { for (const e of batch) if (e.type === 'worker.exited') exits.get(e.workerId)?.(e); });
  const ok = async (command: unknown) => { const o = await lab.execute(command); if (!o.ok) throw new Error(o.error); return o.result; };
  await ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'l' } });
  await ok({ type: 'sync.create', primitive: { kind: 'Barrier', name: 'b', parties: 1 } });
  await ok({ type: 'sync.create', primitive: { kind: 'Array', name: 'a', typecode: 'd', length: 2 } });
  for (let k = 0; k < 3; k++) {
  const c1 = process.cpuUsage();
  const started = await ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'script', path: SCRIPT, args: ['l', PAIRS] } } });
  await new Promise<LabEvent>((r) => exits.set(started.workerIds[0]!, r));
  const hc2 = process.cpuUsage(c1);
  const ms = Number((await ok({ type: 'sync.operate', request: { op: 'array_get', name: 'a', index: 0 } })).value);
  const cpu = Number((await ok({ type: 'sync.operate', request: { op: 'array_get', name: 'a', index: 1 } })).value);
  console.log('lab: us/op', (ms * 1000) / (PAIRS * 2), 'child cpu us/op', cpu / (PAIRS * 2), 'host cpu us/op (incl. fork)', (hc2.user + hc2.system) / (PAIRS * 2));
  }
  await lab.stop('x'); process.exit(0);
}
void main();
