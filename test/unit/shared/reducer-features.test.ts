import { describe, expect, it } from 'vitest';
import { INITIAL_STATE } from '../../../src/shared/lab-state';
import { OUTPUT_CHUNK_MAX_CHARS, OUTPUT_TOTAL_CHARS } from '../../../src/shared/output';
import { reduce, reduceAll } from '../../../src/shared/reducer';
import { descriptor, eventStream, HOST_PID, labStarted, proc } from './event-factory';

// Issue 6's additions to the fold: each thread's own CPU time, output tails, deleted primitives, Timer facts.
describe('the reducer, for output, deletion, timers and thread CPU time', () => {
  it("gives a thread worker its own thread's CPU time, not its process's", () => {
    const s = eventStream();
    let state = reduceAll([
      s.event(labStarted()),
      s.event({ type: 'worker.starting', worker: descriptor('w2', { kind: 'thread', method: 'thread' }) }),
      s.event({ type: 'worker.ready', workerId: 'w2', pid: HOST_PID, ppid: 1, tid: 105, latencyMs: 20 }),
    ]);
    const host = proc(HOST_PID, 1, { cpuTimeMs: 9000, threads: [{ tid: 105, name: 'node', state: 'R', cpu: 97, cpuTimeMs: 1234 }] });
    state = reduce(state, s.event({ type: 'metrics.processes', processes: [host] }));
    expect(state.workers.w2).toMatchObject({ cpu: 97, cpuTimeMs: 1234 });
  });

  it("folds a worker's output apart from the workers and out of the log", () => {
    const s = eventStream();
    const start = reduceAll([s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w1') })]);
    const state = reduceAll(
      [
        s.event({ type: 'worker.output', workerId: 'w1', stream: 'stdout', from: 0, to: 12, text: 'result = 42\n' }),
        s.event({ type: 'worker.output', workerId: 'w1', stream: 'stderr', from: 0, to: 5, text: 'warn\n' }),
      ],
      start,
    );
    expect(state.output.byWorker.w1?.pieces.map((piece) => [piece.stream, piece.text])).toEqual([
      ['stdout', 'result = 42\n'],
      ['stderr', 'warn\n'],
    ]);
    expect(state.log).toHaveLength(start.log.length);
    // The workers' records are not copied for output.
    expect(state.workers).toBe(start.workers);
  });

  it('keeps all output tails within OUTPUT_TOTAL_CHARS however many chatty workers come and go, forgetting the least recent first', () => {
    const s = eventStream();
    let state = reduce(INITIAL_STATE, s.event(labStarted()));
    const text = 'x'.repeat(OUTPUT_CHUNK_MAX_CHARS - 1) + '\n';
    const workers = 1000;
    for (let worker = 1; worker <= workers; worker++) {
      for (let chunk = 0; chunk < 4; chunk++) {
        const from = chunk * text.length;
        state = reduce(state, s.event({ type: 'worker.output', workerId: `w${worker}`, stream: 'stdout', from, to: from + text.length, text }));
      }
    }
    const held = Object.values(state.output.byWorker).reduce((sum, tail) => sum + tail.chars.stdout + tail.chars.stderr, 0);
    expect(held).toBe(state.output.chars);
    expect(held).toBeLessThanOrEqual(OUTPUT_TOTAL_CHARS);
    // The most recent printers are kept whole; the first ones are gone.
    expect(state.output.byWorker[`w${workers}`]?.chars.stdout).toBe(4 * text.length);
    expect(state.output.byWorker.w1).toBeUndefined();
    expect(Object.keys(state.output.byWorker).at(-1)).toBe(`w${workers}`);
  });

  it('forgets deleted primitives (and what went with them), so their names can come back', () => {
    const s = eventStream();
    let state = reduceAll([
      s.event(labStarted()),
      s.event({ type: 'sync.created', primitive: { kind: 'Condition', name: 'cv' } }),
      s.event({ type: 'sync.created', primitive: { kind: 'Queue', name: 'q', maxsize: 0 } }),
    ]);
    // A CPU sample is the queue charts' tick: a point per queue (and pipe) from its folded state.
    state = reduce(state, s.event({ type: 'sync.facts', facts: [{ t: 5, op: 'queue.put', actor: 'w1', primitive: 'q', depth: 1 }] }));
    state = reduce(state, s.event({ type: 'metrics.cpu', cores: [10], total: 10 }));
    expect(Object.keys(state.sync.queueSeries)).toEqual(['q']);
    expect(state.sync.queueSeries['q']!.at(-1)!.values).toEqual([1, 1, 1, 0]);
    state = reduce(state, s.event({ type: 'sync.deleted', name: 'cv', removed: ['cv', 'cv.lock'] }));
    expect(state.sync.created.map((each) => each.name)).toEqual(['q']);
    expect(Object.keys(state.sync.states)).toEqual(['q']);
    state = reduce(state, s.event({ type: 'sync.deleted', name: 'q', removed: ['q'] }));
    expect(state.sync.queueSeries).toEqual({});
    expect(state.log.at(-1)).toMatchObject({ type: 'sync.deleted', name: 'q' });
  });

  it('logs a Timer firing', () => {
    const s = eventStream();
    const state = reduceAll([s.event(labStarted()), s.event({ type: 'sync.timerFired', name: 't', event: 'go' })]);
    expect(state.log.at(-1)).toMatchObject({ type: 'sync.timerFired', name: 't', event: 'go' });
  });
});
