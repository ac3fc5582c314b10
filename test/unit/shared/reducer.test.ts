import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, isInHistory } from '../../../src/shared/lab-state';
import { reduce, reduceAll } from '../../../src/shared/reducer';
import { buildProcessTree } from '../../../src/shared/process-tree';
import { descriptor, eventStream, HOST_PID, labStarted, proc } from './event-factory';

describe('the reducer folds events into the view state', () => {
  it('follows a worker from asked-for to exited', () => {
    const s = eventStream();
    const state = reduceAll([
      s.event(labStarted()),
      s.event({ type: 'worker.starting', worker: descriptor('w1') }),
      s.event({ type: 'worker.spawned', workerId: 'w1', pid: 201, ppid: HOST_PID }),
      s.event({ type: 'worker.ready', workerId: 'w1', pid: 201, ppid: HOST_PID, tid: 201, latencyMs: 75.5 }),
    ]);
    expect(state.host?.pid).toBe(HOST_PID);
    expect(state.workers.w1).toMatchObject({ state: 'running', pid: 201, ppid: HOST_PID, latencyMs: 75.5 });

    s.at(2000);
    const ended = reduce(state, s.event({ type: 'worker.exited', workerId: 'w1', code: null, signal: 'SIGTERM', exitCode: -15, detail: 'killed by SIGTERM' }));
    expect(ended.workers.w1).toMatchObject({ state: 'exited', exit: { exitCode: -15, signal: 'SIGTERM' } });
    expect(ended.log.map((e) => e.type)).toEqual(['lab.started', 'worker.starting', 'worker.spawned', 'worker.ready', 'worker.exited']);
  });

  it('drops an exited process worker from the last process sample, which predates its exit', () => {
    const s = eventStream();
    const state = reduceAll([
      s.event(labStarted()),
      s.event({ type: 'worker.starting', worker: descriptor('w1') }),
      s.event({ type: 'worker.spawned', workerId: 'w1', pid: 201, ppid: HOST_PID }),
      s.event({ type: 'metrics.processes', processes: [proc(HOST_PID, 1), proc(201, HOST_PID), proc(202, 201)] }),
      s.event({ type: 'worker.exited', workerId: 'w1', code: null, signal: 'SIGKILL', exitCode: -9, detail: null }),
    ]);
    // Its child is still there (an orphan until the kernel reparents it); the worker itself is not.
    expect(state.processes.map((p) => p.pid)).toEqual([HOST_PID, 202]);
  });

  it('is pure: folding the same events twice gives equal states and leaves the input alone', () => {
    const s = eventStream();
    const events = [s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w1') })];
    const frozen = JSON.stringify(INITIAL_STATE);
    expect(reduceAll(events)).toEqual(reduceAll(events));
    expect(JSON.stringify(INITIAL_STATE)).toBe(frozen);
  });

  it('tracks a join until it ends or times out, and a terminate until the exit', () => {
    const s = eventStream();
    let state = reduceAll([s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w1') })]);
    state = reduce(state, s.event({ type: 'join.started', workerId: 'w1', timeoutMs: 500 }));
    expect(state.workers.w1?.join).toMatchObject({ timeoutMs: 500 });
    state = reduce(state, s.event({ type: 'join.timedOut', workerId: 'w1', timeoutMs: 500 }));
    expect(state.workers.w1?.join).toBeNull();
    expect(state.workers.w1?.exit).toBeNull();

    state = reduce(state, s.event({ type: 'terminate.sent', workerId: 'w1', how: 'SIGTERM', graceMs: 2000 }));
    state = reduce(state, s.event({ type: 'terminate.escalated', workerId: 'w1', afterMs: 2000 }));
    expect(state.workers.w1?.terminating).toMatchObject({ how: 'SIGTERM', escalated: true });
  });

  it('takes a live worker’s state, CPU and memory from the newest process sample', () => {
    const s = eventStream();
    let state = reduceAll([
      s.event(labStarted()),
      s.event({ type: 'worker.starting', worker: descriptor('w1') }),
      s.event({ type: 'worker.ready', workerId: 'w1', pid: 201, ppid: HOST_PID, tid: 201, latencyMs: 70 }),
      s.event({ type: 'worker.starting', worker: descriptor('w2', { kind: 'thread', method: 'thread' }) }),
      s.event({ type: 'worker.ready', workerId: 'w2', pid: HOST_PID, ppid: 1, tid: 105, latencyMs: 20 }),
    ]);
    state = reduce(
      state,
      s.event({
        type: 'metrics.processes',
        processes: [
          proc(HOST_PID, 1, { threads: [{ tid: 105, name: 'node', state: 'R', cpu: 97 }] }),
          proc(201, HOST_PID, { state: 'T', cpu: 0, rss: 42e6 }),
        ],
      }),
    );
    expect(state.workers.w1).toMatchObject({ state: 'stopped', rss: 42e6 });
    expect(state.workers.w2).toMatchObject({ state: 'running', cpu: 97 });
  });

  it('gives a process the state of its busiest thread, the htop way: running if any thread runs', () => {
    const s = eventStream();
    let state = reduceAll([
      s.event(labStarted()),
      s.event({ type: 'worker.starting', worker: descriptor('w1') }),
      s.event({ type: 'worker.ready', workerId: 'w1', pid: 201, ppid: HOST_PID, tid: 201, latencyMs: 70 }),
    ]);
    const threads = (...states: string[]) => states.map((letter, index) => ({ tid: 201 + index, name: 'node', state: letter, cpu: null }));
    const sample = (main: string, ...others: string[]) =>
      reduce(state, s.event({ type: 'metrics.processes', processes: [proc(HOST_PID, 1), proc(201, HOST_PID, { state: main, cpu: 132, threads: threads(main, ...others) })] }));
    // /proc/201/stat says S (its main thread waits in the event loop) while two threads burn.
    state = sample('S', 'R', 'R', 'S');
    expect(state.workers.w1).toMatchObject({ state: 'running', cpu: 132 });
    expect(buildProcessTree(state)!.children[0]).toMatchObject({ pid: 201, state: 'R' });
    expect(sample('S', 'D', 'S').workers.w1?.state).toBe('blocked');
    expect(sample('S', 'S').workers.w1?.state).toBe('sleeping');
    expect(sample('T', 'T').workers.w1?.state).toBe('stopped');
  });

  it('keeps a failed start apart from an exit', () => {
    const s = eventStream();
    const state = reduceAll([
      s.event(labStarted()),
      s.event({ type: 'worker.starting', worker: descriptor('w1', { method: 'command', command: 'nope' }) }),
      s.event({ type: 'worker.startFailed', workerId: 'w1', reason: 'command not found: nope' }),
    ]);
    expect(state.workers.w1).toMatchObject({ state: 'exited', startFailure: 'command not found: nope', exit: null });
  });

  it('keeps per-core load with gaps, and moves exited workers to history after the retention time', () => {
    const s = eventStream();
    let state = reduceAll([s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w1') })]);
    state = reduce(state, s.event({ type: 'metrics.cpu', cores: [10, 20], total: 15 }));
    s.at(500);
    state = reduce(state, s.event({ type: 'worker.exited', workerId: 'w1', code: 0, signal: null, exitCode: 0, detail: null }));
    s.at(10_000);
    state = reduce(state, s.event({ type: 'metrics.cpu', cores: [30, 40], total: 35 }));
    expect(state.cpu.map((p) => p.values)).toEqual([[10, 20, 15], [null, null, null], [30, 40, 35]]);
    expect(isInHistory(state.workers.w1!, state)).toBe(false);
    s.at(40_000);
    state = reduce(state, s.event({ type: 'metrics.cpu', cores: [1, 2], total: 1.5 }));
    expect(isInHistory(state.workers.w1!, state)).toBe(true);
  });

  it('ignores events about workers it never heard of', () => {
    const s = eventStream();
    const state = reduceAll([s.event(labStarted())]);
    const next = reduce(state, s.event({ type: 'worker.ready', workerId: 'ghost', pid: 1, ppid: 1, tid: null, latencyMs: 1 }));
    expect(next.workers).toEqual({});
  });
});
