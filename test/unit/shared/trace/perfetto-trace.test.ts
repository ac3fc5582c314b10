import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../../src/shared/protocol';
import { PerfettoTraceWriter } from '../../../../src/shared/trace/perfetto-trace';
import { MACHINE_PID } from '../../../../src/shared/trace/trace-identities';
import { checkTrace, type TraceEvent } from '../../../support/trace-check';

/**
 * The Perfetto writer on small hand-made runs, for the cases a real run rarely shows (docs/export.md): each
 * case is the trace a person would open in ui.perfetto.dev, parsed back and read as Perfetto reads it.
 */
const T0 = 1_700_000_000_000;
const HOST = 100;

/** A run's events, written out; `t` is ms after T0. */
function traceText(events: readonly (Record<string, unknown> & { type: string; t: number })[]): string {
  let text = '';
  const writer = new PerfettoTraceWriter((chunk) => (text += chunk));
  events.forEach((event, seq) => writer.add({ ...event, seq, t: T0 + event.t } as unknown as LabEvent));
  writer.end();
  return text;
}

/** The trace as Perfetto reads it, checked (test/support/trace-check.ts: its sort, nesting and flow binding too). */
const eventsOf = (text: string) => checkTrace(text);
const processName = (events: readonly TraceEvent[], pid: number) => events.find((event) => event.ph === 'M' && event.name === 'process_name' && event.pid === pid)?.args?.name;
const worker = (id: string, kind: 'thread' | 'process') => ({ id, name: id, kind, method: kind === 'thread' ? 'thread' : 'fork' });

/** The start of a run: the lab, a Lock L, and thread w1 (tid 101) ready. */
const threadW1WithLockL = () => [
  { type: 'lab.started', t: 0, hostPid: HOST },
  { type: 'sync.created', t: 0, primitive: { kind: 'Lock', name: 'L' } },
  { type: 'worker.starting', t: 1, worker: worker('w1', 'thread') },
  { type: 'worker.ready', t: 2, workerId: 'w1', pid: HOST, tid: 101 },
];

describe('Perfetto export of hand-made runs', () => {
  it('writes a CPU sample with no cores as valid JSON with only its total', () => {
    const text = traceText([{ type: 'lab.started', t: 0, hostPid: HOST }, { type: 'metrics.cpu', t: 1, cores: [], total: 5 }]);
    const events = eventsOf(text);
    expect(events.find((event) => event.ph === 'C' && event.pid === MACHINE_PID)?.args).toEqual({ total: 5 });
  });

  it('writes only keys Perfetto reads at the top: no displayTimeUnit, the source in metadata', () => {
    const trace = JSON.parse(traceText([{ type: 'lab.started', t: 0, hostPid: HOST }])) as Record<string, unknown>;
    expect(Object.keys(trace).sort()).toEqual(['metadata', 'traceEvents']);
    expect(trace.metadata).toEqual({ source: 'Concurrency Lab' });
  });

  it('names the host process when only process workers run and nothing samples the host', () => {
    const events = eventsOf(traceText([
      { type: 'lab.started', t: 0, hostPid: HOST },
      { type: 'sync.created', t: 0, primitive: { kind: 'Queue', name: 'jobs', maxsize: 0 } },
      { type: 'worker.starting', t: 1, worker: worker('w1', 'process') },
      { type: 'worker.ready', t: 2, workerId: 'w1', pid: 200, tid: null },
      { type: 'sync.facts', t: 3, facts: [{ t: T0 + 3, actor: 'w1', primitive: 'jobs', op: 'queue.put', depth: 1 }] },
    ]));
    expect(events.filter((event) => event.ph === 'C' && event.name === 'queue jobs').map((event) => event.pid)).toEqual([HOST, HOST]);
    expect(processName(events, HOST)).toBe('Concurrency Lab host');
  });

  it('keeps the host on one pid when something was drawn there before lab.started', () => {
    const events = eventsOf(traceText([
      { type: 'sync.created', t: 0, primitive: { kind: 'Queue', name: 'jobs', maxsize: 0 } },
      { type: 'lab.started', t: 0, hostPid: HOST },
      { type: 'sync.created', t: 1, primitive: { kind: 'Lock', name: 'L' } },
    ]));
    const hostPids = new Set(events.filter((event) => event.ph !== 'M').map((event) => event.pid));
    expect(hostPids.size, 'the queue counter and the lock track in one process').toBe(1);
    expect(processName(events, [...hostPids][0]!)).toBe('Concurrency Lab host');
  });

  it('draws no thread state that began and ended in one millisecond (Perfetto would nest it under the next)', () => {
    const events = eventsOf(traceText([
      ...threadW1WithLockL(),
      { type: 'sync.facts', t: 3, facts: [
        { t: T0 + 3, actor: 'lab', primitive: 'L', op: 'lock.acquired', count: 1 },
        { t: T0 + 4, actor: 'w1', primitive: 'L', op: 'lock.waiting', timeoutMs: -1 },
        { t: T0 + 4, actor: 'lab', primitive: 'L', op: 'lock.released', count: 0 },
        { t: T0 + 4, actor: 'w1', primitive: 'L', op: 'lock.acquired', count: 1 },
      ] },
      { type: 'worker.exited', t: 9, workerId: 'w1', exitCode: 0, code: 0, signal: null },
    ]));
    const states = events.filter((event) => event.ph === 'X' && event.tid === 101 && event.cat !== 'handoff');
    expect(states.map((event) => [event.name, event.ts, event.dur])).toEqual([['starting', 1000, 1000], ['running', 2000, 2000], ['running', 4000, 5000]]);
    expect(events.filter((event) => event.cat === 'lock.wait').map((event) => [event.ph, event.ts])).toEqual([['b', 4000], ['e', 4000]]);
  });

  it('draws a hand-off by a UI button as an arrow from a marker on the lab\'s own named thread to the taker\'s', () => {
    const events = eventsOf(traceText([
      ...threadW1WithLockL(),
      { type: 'sync.facts', t: 3, facts: [
        { t: T0 + 3, actor: 'lab', primitive: 'L', op: 'lock.acquired', count: 1 },
        { t: T0 + 4, actor: 'w1', primitive: 'L', op: 'lock.waiting', timeoutMs: -1 },
        { t: T0 + 10, actor: 'lab', primitive: 'L', op: 'lock.released', count: 0 },
        { t: T0 + 10, actor: 'w1', primitive: 'L', op: 'lock.acquired', count: 1 },
        { t: T0 + 20, actor: 'w1', primitive: 'L', op: 'lock.released', count: 0 },
      ] },
    ]));
    const ends = events.filter((event) => event.bind_id !== undefined);
    expect(ends.map((event) => [event.ph, event.dur, event.name, event.pid, event.tid, event.ts, event.flow_out ?? false, event.flow_in ?? false])).toEqual([
      ['X', 0, 'hands over L', HOST, HOST, 10_000, true, false],
      ['X', 0, 'takes L', HOST, 101, 10_000, false, true],
    ]);
    expect(ends[1]!.bind_id).toBe(ends[0]!.bind_id);
    const labThread = events.find((event) => event.ph === 'M' && event.name === 'thread_name' && event.tid === HOST);
    expect(labThread?.args?.name).toBe('lab (host main thread)');
  });

  it('words a lock freed because its holder died so, on the dead holder\'s thread, not as a hand-over', () => {
    const events = eventsOf(traceText([
      { type: 'lab.started', t: 0, hostPid: HOST },
      { type: 'sync.created', t: 0, primitive: { kind: 'Lock', name: 'L' } },
      { type: 'worker.starting', t: 1, worker: worker('w1', 'process') },
      { type: 'worker.ready', t: 2, workerId: 'w1', pid: 201, tid: null },
      { type: 'worker.starting', t: 1, worker: worker('w2', 'process') },
      { type: 'worker.ready', t: 2, workerId: 'w2', pid: 202, tid: null },
      { type: 'sync.facts', t: 3, facts: [
        { t: T0 + 3, actor: 'w1', primitive: 'L', op: 'lock.acquired', count: 1 },
        { t: T0 + 4, actor: 'w2', primitive: 'L', op: 'lock.waiting', timeoutMs: -1 },
      ] },
      { type: 'worker.exited', t: 8, workerId: 'w1', exitCode: -9, code: null, signal: 'SIGKILL' },
      { type: 'sync.facts', t: 9, facts: [
        { t: T0 + 9, actor: 'w1', primitive: 'L', op: 'lock.ownerDied' },
        { t: T0 + 9, actor: 'w2', primitive: 'L', op: 'lock.acquired', count: 1 },
      ] },
    ]));
    const ends = events.filter((event) => event.bind_id !== undefined);
    expect(ends.map((event) => [event.name, event.pid, event.ts])).toEqual([['L freed: owner died', 201, 9000], ['takes L', 202, 9000]]);
  });
});
