import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_FACT_OPS, type SyncFact } from '../../../src/shared/facts';
import type { LabEvent } from '../../../src/shared/protocol';
import { SAMPLES_CSV_COLUMNS } from '../../../src/shared/trace/samples-csv';
import { EVENTS_CSV_COLUMNS } from '../../../src/shared/trace/events-csv';
import { exportText } from '../../../src/shared/trace/exports';
import { MACHINE_PID } from '../../../src/shared/trace/trace-identities';
import { LabHarness } from '../../support/lab-harness';
import { perfettoLayout } from '../../support/perfetto-model';
import { checkTrace, type TraceEvent } from '../../support/trace-check';
import { waitFor } from '../../support/wait';

/**
 * Export of a REAL run (issue 8): thread producers and a forked consumer on a bounded queue, two processes
 * in the two-lock deadlock (lockA, lockB), and a hand-off of lockC from one process to another that waited
 * for it. The trace is checked structurally (test/support/trace-check.ts) and against what the lab says
 * happened; the CSVs are parsed back by csv-parse.
 */
let harness: LabHarness;
let recorded: LabEvent[];
let trace: TraceEvent[];
const ids: Record<string, string> = {};


const one = async (spec: Record<string, unknown>): Promise<string> => (await harness.start(spec))[0]!;

function facts(): SyncFact[] {
  return recorded.flatMap((event) => (event.type === 'sync.facts' ? event.facts : []));
}

/**
 * How long p1, p2 and p3 hold their first lock: long enough for the next forked worker to boot and ask on a
 * loaded machine (p2 must take lockB before p1 wants it, p4 ask for lockC while p3 holds it). 300-400 ms
 * were not: under a load of 12-20 on 2 cores no deadlock formed, or p4 never waited.
 */
const HOLD_MS = 2_000;

beforeAll(async () => {
  harness = new LabHarness();
  for (const primitive of [
    { kind: 'Lock', name: 'lockA' },
    { kind: 'RLock', name: 'lockB' },
    { kind: 'Lock', name: 'lockC' },
    { kind: 'Lock', name: 'lockD' },
    { kind: 'Queue', name: 'jobs', maxsize: 2 },
  ]) await harness.ok({ type: 'sync.create', primitive });
  const producers = (await harness.ok({ type: 'start', spec: { kind: 'thread', count: 2, namePrefix: 'producer', task: { name: 'produce', queue: 'jobs', n: 20, delayMs: 0 } } })).workerIds;
  ids.consumer = await one({ kind: 'process', method: 'fork', namePrefix: 'consumer', task: { name: 'consume', queue: 'jobs', n: 40, delayMs: 5 } });
  ids.p1 = await one({ kind: 'process', method: 'fork', namePrefix: 'p1', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: HOLD_MS } });
  ids.p2 = await one({ kind: 'process', method: 'fork', namePrefix: 'p2', task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: HOLD_MS } });
  // The hand-off: p3 holds lockC, then p4 asks for it and waits until p3 lets go.
  ids.p3 = await one({ kind: 'process', method: 'fork', namePrefix: 'p3', task: { name: 'acquire-in-order', first: 'lockC', second: 'lockD', holdMs: HOLD_MS } });
  await waitFor('p3 holds lockC', () => harness.all('sync.facts').some((event) => event.facts.some((fact) => fact.op === 'lock.acquired' && fact.primitive === 'lockC' && fact.actor === ids.p3)));
  ids.p4 = await one({ kind: 'process', method: 'fork', namePrefix: 'p4', task: { name: 'acquire-in-order', first: 'lockC', second: 'lockD', holdMs: 0 } });
  for (const id of [...producers, ids.consumer, ids.p3, ids.p4]) expect((await harness.exited(id, 30_000)).exitCode).toBe(0);
  await harness.waitFor('deadlock.detected', undefined, 30_000);
  await harness.ok({ type: 'kill', workerIds: [ids.p2] });
  await harness.exited(ids.p1);
  await harness.waitFor('deadlock.cleared');
  await harness.waitFor('metrics.cpu');
  recorded = [...harness.lab.recording().recorder.events()];
  const text = await exportText('trace', recorded);
  if (process.env.LAB_TRACE_DUMP) (await import('node:fs')).writeFileSync(process.env.LAB_TRACE_DUMP, text);
  trace = checkTrace(text);
}, 90_000);
afterAll(async () => harness?.stop());

const named = (kind: 'process_name' | 'thread_name', pid: number, tid?: number) =>
  trace.find((event) => event.ph === 'M' && event.name === kind && event.pid === pid && (tid === undefined || event.tid === tid))?.args?.name;

describe('Perfetto export of a real run', () => {
  it('names the real processes and threads: a forked worker is its own pid, a thread is the host pid and its native tid', () => {
    const started = harness.find('lab.started')!;
    expect(named('process_name', started.hostPid)).toBe('Concurrency Lab host');
    for (const ready of harness.all('worker.ready')) {
      const worker = harness.all('worker.starting').find((event) => event.worker.id === ready.workerId)!.worker;
      const name = worker.name;
      if (worker.kind === 'thread') {
        expect(ready.pid).toBe(started.hostPid);
        expect(ready.tid, 'Linux gives a thread its native tid').not.toBeNull();
        expect(named('thread_name', started.hostPid, ready.tid!)).toBe(name);
      } else {
        expect(named('process_name', ready.pid)).toBe(`${name} (fork)`);
        expect(named('thread_name', ready.pid, ready.pid)).toBe(`${name} (main thread)`);
      }
    }
  });

  it('has a hold slice for every first acquire of every lock, and a wait slice for every wait', () => {
    for (const lock of ['lockA', 'lockB', 'lockC', 'lockD']) {
      const acquires = facts().filter((fact) => fact.primitive === lock && fact.op === 'lock.acquired' && fact.count === 1).length;
      expect(acquires, `${lock} was acquired`).toBeGreaterThan(0);
      expect(trace.filter((event) => event.ph === 'b' && event.cat === 'lock' && event.id2?.local === `hold:${lock}`)).toHaveLength(acquires);
    }
    const waits = facts().filter((fact) => fact.op === 'lock.waiting').length;
    expect(waits).toBeGreaterThanOrEqual(3);
    expect(trace.filter((event) => event.ph === 'b' && event.cat === 'lock.wait')).toHaveLength(waits);
  });

  it('shows each thread state as a slice: the deadlocked process blocked on the lock the other holds', () => {
    const p1 = harness.find('worker.ready', ids.p1)!;
    const p1Slices = trace.filter((event) => event.ph === 'X' && event.cat !== 'handoff' && event.pid === p1.pid && event.tid === p1.pid).map((event) => event.name);
    expect(p1Slices).toEqual(['starting', 'running', 'blocked on lockB', 'running']);
    expect(trace.some((event) => event.ph === 'i' && event.s === 'g' && event.name === 'deadlock')).toBe(true);
    const producer = harness.all('worker.ready').find((ready) => ready.pid === harness.find('lab.started')!.hostPid)!;
    const names = new Set(trace.filter((event) => event.ph === 'X' && event.tid === producer.tid).map((event) => event.name));
    expect(names.has('running')).toBe(true);
    const exits = trace.filter((event) => event.ph === 'i' && event.s === 't' && event.name.startsWith('exited with'));
    expect(exits.length).toBe(harness.all('worker.exited').length);
  });

  it('draws the hand-off of lockC as a flow from p3 to p4, from the release to the acquire, as Perfetto binds it', () => {
    const [p3, p4] = [harness.find('worker.ready', ids.p3)!, harness.find('worker.ready', ids.p4)!];
    const flows = perfettoLayout(trace).flows.filter((flow) => flow.from.event.name === 'hands over lockC');
    expect(flows).toHaveLength(1);
    const { from, to } = flows[0]!;
    expect(to.event.name).toBe('takes lockC');
    expect([from.event.pid, to.event.pid]).toEqual([p3.pid, p4.pid]);
    // At the moments the hold track shows: p3's hold of lockC ends, p4's begins.
    const holds = trace.filter((event) => event.cat === 'lock' && event.id2?.local === 'hold:lockC');
    const nameOf = (id: string) => harness.all('worker.starting').find((event) => event.worker.id === id)!.worker.name;
    expect(from.event.ts).toBe(holds.find((event) => event.ph === 'e' && event.name === `lockC: ${nameOf(ids.p3!)}`)?.ts);
    expect(to.event.ts).toBe(holds.find((event) => event.ph === 'b' && event.name === `lockC: ${nameOf(ids.p4!)}`)?.ts);
  });

  it('words the release of lockB by its dying owner so, not as a hand-over', () => {
    const freed = trace.filter((event) => event.flow_out === true && event.name.startsWith('lockB'));
    expect(freed.map((event) => event.name)).toEqual(['lockB freed: owner died']);
    expect(freed[0]!.pid).toBe(harness.find('worker.ready', ids.p2)!.pid);
    expect(trace.find((event) => event.flow_in === true && event.bind_id === freed[0]!.bind_id)?.pid).toBe(harness.find('worker.ready', ids.p1)!.pid);
  });

  it('has counters for the queue depth and each core', () => {
    const depths = trace.filter((event) => event.ph === 'C' && event.name === 'queue jobs').map((event) => event.args!.depth as number);
    expect(depths.length).toBeGreaterThanOrEqual(81);
    expect(Math.max(...depths)).toBeLessThanOrEqual(2);
    const cpu = trace.filter((event) => event.ph === 'C' && event.pid === MACHINE_PID);
    expect(cpu.length).toBeGreaterThan(0);
    expect(Object.keys(cpu[0]!.args!)).toContain('core 0');
  });
});

describe('CSV export of the same run', () => {
  it('samples.csv parses back: a row per core and per process, with their pids', async () => {
    const rows = parse(await exportText('samples', recorded), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...SAMPLES_CSV_COLUMNS]);
    expect(rows.some((row) => row.kind === 'core' && row.core === '0')).toBe(true);
    const p1 = harness.find('worker.ready', ids.p1)!;
    expect(rows.some((row) => row.kind === 'process' && Number(row.pid) === p1.pid)).toBe(true);
  });

  it('events.csv parses back: lifecycle lines and every sync fact, in order', async () => {
    const rows = parse(await exportText('events', recorded), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...EVENTS_CSV_COLUMNS]);
    const ops = new Set<string>(SYNC_FACT_OPS);
    expect(rows.filter((row) => ops.has(row.event!)).map((row) => `${row.worker_id} ${row.event}`)).toEqual(facts().map((fact) => `${fact.actor} ${fact.op}`));
    expect(rows.some((row) => row.event === 'deadlock.detected' && row.what!.includes('waits for lockB'))).toBe(true);
    const times = rows.map((row) => Number(row.t_s));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
  });
});
