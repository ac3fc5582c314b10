import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, LOG_LIMIT, type LabState } from '../../../src/shared/lab-state';
import { OUTPUT_CHUNK_MAX_CHARS, OUTPUT_TOTAL_CHARS } from '../../../src/shared/output';
import type { LabEvent, LabEventBody } from '../../../src/shared/protocol';
import { reduce, reduceBatch } from '../../../src/shared/reducer';
import { descriptor, eventStream, HOST_PID, labStarted, proc } from './event-factory';

/** A small seeded generator (mulberry32): a failing seed is printed and replays the same sequence. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random run of a lab with a handful of workers: every kind of event the draft folds, and others between. */
function randomRun(seed: number, length: number): LabEvent[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const s = eventStream();
  const events = [s.event(labStarted()), s.event({ type: 'pool.created', pool: POOL_SPEC })];
  const started: string[] = [];
  const offsets: Record<string, { stdout: number; stderr: number }> = {};
  let clock = 0;
  for (let i = 0; i < length; i++) {
    clock += Math.floor(next() * 50);
    s.at(clock);
    const id = started.length === 0 || next() < 0.05 ? `w${started.length + 1}` : pick(started);
    const pid = 200 + Number(id.slice(1));
    let body: LabEventBody;
    if (!started.includes(id)) {
      started.push(id);
      offsets[id] = { stdout: 0, stderr: 0 };
      body = { type: 'worker.starting', worker: descriptor(id, next() < 0.3 ? { kind: 'thread', method: 'thread' } : {}) };
    } else {
      const roll = next();
      if (roll < 0.35) {
        const stream = next() < 0.7 ? 'stdout' : 'stderr';
        const from = offsets[id]![stream] + (next() < 0.1 ? 100 : 0);
        const text = 'x'.repeat(1 + Math.floor(next() * 40)) + '\n';
        offsets[id]![stream] = from + text.length;
        body = { type: 'worker.output', workerId: id, stream, from, to: from + text.length, text };
      } else if (roll < 0.5) body = { type: 'worker.stdio', workerId: id, stdoutBytes: Math.floor(next() * 1e4), stderrBytes: 0 };
      else if (roll < 0.55) body = { type: 'worker.spawned', workerId: id, pid, ppid: HOST_PID };
      else if (roll < 0.6) body = { type: 'worker.ready', workerId: id, pid, ppid: HOST_PID, tid: pid, latencyMs: 10 };
      else if (roll < 0.63) body = { type: 'join.started', workerId: id, timeoutMs: null };
      else if (roll < 0.66) body = { type: 'join.finished', workerId: id, waitedMs: 5 };
      else if (roll < 0.69) body = { type: 'terminate.sent', workerId: id, how: 'SIGTERM', graceMs: null };
      else if (roll < 0.71) body = { type: 'worker.exited', workerId: id, code: 0, signal: null, exitCode: 0, detail: null };
      else if (roll < 0.72) body = { type: 'worker.closed', workerId: id, name: `worker-${id}` };
      else if (roll < 0.78) body = { type: 'metrics.processes', processes: [proc(HOST_PID, 1), ...started.map((w) => proc(200 + Number(w.slice(1)), HOST_PID, { cpu: Math.floor(next() * 100) }))] };
      else if (roll < 0.84) body = { type: 'metrics.cpu', cores: [next() * 100, next() * 100], total: next() * 100 };
      else if (roll < 0.88) body = { type: 'sync.operated', name: 'L', op: 'acquire', outcome: 'acquired' };
      else if (roll < 0.9) body = { type: 'sync.created', primitive: { kind: 'Lock', name: `lock${i}` } };
      else if (roll < 0.97) body = poolEvent(next, i);
      else body = { type: 'signal.sent', workerId: id, signal: 'SIGUSR1', pids: [pid] };
    }
    events.push(s.event(body));
  }
  return events;
}

const POOL_SPEC = { name: 'p', api: 'pool', runtime: 'thread', size: 2, maxTasksPerChild: null, onCrash: 'python' } as const;
const zeroHist = () => new Array<number>(17).fill(0);

/** A pool's life at random: slots taken and gone, batches of task steps, states, and now and then a new pool. */
function poolEvent(next: () => number, i: number): LabEventBody {
  const roll = next();
  if (roll < 0.05) return { type: 'pool.deleted', pool: 'p' };
  if (roll < 0.15) return { type: 'pool.created', pool: POOL_SPEC };
  if (roll < 0.3) return { type: 'pool.slot', pool: 'p', slot: 1 + Math.floor(next() * 2), workerId: next() < 0.2 ? null : `p-${i}` };
  if (roll < 0.35) return { type: 'pool.state', pool: 'p', state: next() < 0.5 ? 'closed' : 'broken', reason: null };
  const steps = Array.from({ length: Math.floor(next() * 5) }, (_, k) => ({ id: i * 10 + (k % 3), step: next() < 0.5 ? ('submitted' as const) : ('done' as const), t: i, slot: next() < 0.5 ? null : 1 }));
  const done = Math.floor(next() * 3);
  return {
    type: 'pool.tasks',
    pool: 'p',
    counts: { submitted: steps.length, started: 0, done, failed: 0, lost: 0, cancelled: 0, rejected: 0, callbacks: 0 },
    backlog: Math.floor(next() * 10),
    busy: [next() < 0.5 ? null : i, null],
    doneBySlot: [done],
    runHist: zeroHist(),
    waitHist: zeroHist().map((_, bucket) => (bucket === done ? 1 : 0)),
    steps,
    skipped: Math.floor(next() * 4),
  };
}

/** The events cut into batches of random sizes (1 to 200). */
function batches(events: readonly LabEvent[], seed: number): LabEvent[][] {
  const next = random(seed ^ 0x5bd1e995);
  const out: LabEvent[][] = [];
  for (let at = 0; at < events.length; ) {
    const size = 1 + Math.floor(next() * 200);
    out.push(events.slice(at, at + size));
    at += size;
  }
  return out;
}

const foldOneByOne = (events: readonly LabEvent[], from: LabState = INITIAL_STATE) => events.reduce(reduce, from);

describe('reduceBatch folds a batch to the same state as reduce one event at a time', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('over a random run (seed %i), in random batches', (seed) => {
    const events = randomRun(seed, 1500);
    const expected = foldOneByOne(events);
    let state = INITIAL_STATE;
    for (const batch of batches(events, seed)) state = reduceBatch(state, batch);
    expect(state).toEqual(expected);
    expect(reduceBatch(INITIAL_STATE, events)).toEqual(expected);
    // Pools are in the run as well, not only workers.
    expect(events.filter((event) => event.type === 'pool.tasks').length).toBeGreaterThan(10);
  });

  it('never writes into the state it started from', () => {
    const events = randomRun(42, 1200);
    const middle = foldOneByOne(events.slice(0, 600));
    const before = structuredClone(middle);
    reduceBatch(middle, events.slice(600));
    expect(middle).toEqual(before);
  });

  it('keeps the newest LOG_LIMIT lines of a batch longer than the log', () => {
    const s = eventStream();
    const events = [s.event(labStarted())];
    // Logged, and cheap to fold one by one (a signal to a worker the lab does not know changes nothing else).
    for (let i = 0; i < 2.5 * LOG_LIMIT; i++) events.push(s.event({ type: 'signal.sent', workerId: `w${i}`, signal: 'SIGUSR1', pids: [i] }));
    const state = reduceBatch(INITIAL_STATE, events);
    expect(state.log).toHaveLength(LOG_LIMIT);
    expect(state).toEqual(foldOneByOne(events));
  });

  it('forgets the workers that printed least recently, as appendTail does, when all tails hold too much', () => {
    const s = eventStream();
    const events = [s.event(labStarted())];
    const chunk = 'y'.repeat(OUTPUT_CHUNK_MAX_CHARS - 8);
    const workers = Math.ceil(OUTPUT_TOTAL_CHARS / (4 * chunk.length)) + 10;
    for (let w = 0; w < workers; w++) events.push(s.event({ type: 'worker.starting', worker: descriptor(`w${w}`) }));
    for (let round = 0; round < 4; round++) {
      for (let w = 0; w < workers; w++) {
        const from = round * chunk.length;
        events.push(s.event({ type: 'worker.output', workerId: `w${w}`, stream: 'stdout', from, to: from + chunk.length, text: chunk }));
      }
    }
    const state = reduceBatch(INITIAL_STATE, events);
    // Forgotten workers that print again start a new tail: less is held than was printed, and no more than the total.
    expect(state.output.chars).toBeLessThan(workers * 4 * chunk.length);
    expect(state.output.chars).toBeLessThanOrEqual(OUTPUT_TOTAL_CHARS);
    expect(state).toEqual(foldOneByOne(events));
  });

  it('copies the workers map once for a batch that touches a few workers many times', () => {
    const s = eventStream();
    const events = [s.event(labStarted())];
    for (let w = 0; w < 200; w++) events.push(s.event({ type: 'worker.starting', worker: descriptor(`w${w}`) }));
    const start = reduceBatch(INITIAL_STATE, events);
    const batch = Array.from({ length: 1000 }, (_, i) => s.event({ type: 'worker.stdio', workerId: `w${i % 10}`, stdoutBytes: i, stderrBytes: 0 }));
    const after = reduceBatch(start, batch);
    // The 190 untouched workers are the very same records; the 10 touched ones hold their last counts.
    expect(Object.values(after.workers).filter((worker) => worker === start.workers[worker.id])).toHaveLength(190);
    expect(after.workers.w3?.stdoutBytes).toBe(993);
    expect(after).toEqual(foldOneByOne(batch, start));
  });
});
