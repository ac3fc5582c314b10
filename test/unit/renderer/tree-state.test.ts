import { describe, expect, it } from 'vitest';
import { INITIAL_STATE } from '../../../src/shared/lab-state';
import { reduceBatch } from '../../../src/shared/reducer';
import { stableTreeState } from '../../../src/renderer/model/tree-state';
import { descriptor, eventStream, HOST_PID, labStarted } from '../shared/event-factory';

describe('the state the process tree is built from', () => {
  const s = eventStream();
  const start = reduceBatch(INITIAL_STATE, [
    s.event(labStarted()),
    s.event({ type: 'worker.starting', worker: descriptor('w1') }),
    s.event({ type: 'worker.spawned', workerId: 'w1', pid: 201, ppid: HOST_PID }),
    s.event({ type: 'worker.exited', workerId: 'w1', code: 0, signal: null, exitCode: 0, detail: null }),
  ]);

  it('stays the same object while only output and the clock move', () => {
    s.at(1000);
    const printed = reduceBatch(start, [s.event({ type: 'worker.output', workerId: 'w1', stream: 'stdout', from: 0, to: 3, text: 'hi\n' })]);
    expect(printed).not.toBe(start);
    expect(stableTreeState(start, printed)).toBe(start);
  });

  it('changes when a worker changes, and when an ended worker moves to the history list', () => {
    const spawned = reduceBatch(start, [s.event({ type: 'worker.stdio', workerId: 'w1', stdoutBytes: 3, stderrBytes: 0 })]);
    expect(stableTreeState(start, spawned)).toBe(spawned);
    s.at(start.config.exitedRetentionMs + 10_000);
    const later = reduceBatch(start, [s.event({ type: 'metrics.cpu', cores: [1, 2], total: 1.5 })]);
    expect(stableTreeState(start, later)).toBe(later);
  });
});
