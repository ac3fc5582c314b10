import { describe, expect, it } from 'vitest';
import { processTarget, type ProcessActionContext } from '../../../src/renderer/model/process-actions';
import { reduceAll } from '../../../src/shared/reducer';
import { descriptor, eventStream, HOST_PID, labStarted, proc } from '../shared/event-factory';

const s = eventStream();
const state = reduceAll([
  s.event(labStarted()),
  s.event({ type: 'worker.starting', worker: descriptor('w1', { task: { name: 'spawn-children', n: 1, kind: 'process', method: 'fork', task: { name: 'hang' }, daemon: false } }) }),
  s.event({ type: 'worker.ready', workerId: 'w1', pid: 201, ppid: HOST_PID, tid: 201, latencyMs: 50 }),
  s.event({
    type: 'metrics.processes',
    processes: [proc(HOST_PID, 1), proc(201, HOST_PID), proc(301, 1, { orphan: true, name: 'node' }), proc(302, 201, { state: 'Z' })],
  }),
]);
const context: ProcessActionContext = { state, offReason: null };

describe('acting on a process of the tree that is not a worker', () => {
  it('targets an orphaned grandchild by pid and the start time it was sampled with', () => {
    expect(processTarget({ kind: 'process', pid: 301 }, context)).toEqual({
      target: { pid: 301, start: 3010, name: 'node' },
      availability: { enabled: true, reason: null },
    });
  });

  it('says why not: the lab itself, a worker, a zombie, a process that is gone, no connection', () => {
    const reason = (pid: number, ctx = context) => processTarget({ kind: 'process', pid }, ctx).availability.reason;
    expect(reason(HOST_PID)).toBe('this is the lab itself: quit the lab to stop it');
    expect(reason(201)).toBe('this is the worker worker-w1: select it to use its actions');
    expect(reason(302)).toBe('it has exited (a zombie, waiting for its parent)');
    expect(reason(999)).toBe('the process is gone');
    expect(reason(301, { ...context, offReason: 'not connected to the lab' })).toBe('not connected to the lab');
  });
});
