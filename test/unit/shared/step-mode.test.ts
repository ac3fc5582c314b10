import { describe, expect, it } from 'vitest';
import { reduceAll } from '../../../src/shared/reducer';
import type { LabEvent } from '../../../src/shared/protocol';
import { isStepPoint, stepPointWords } from '../../../src/shared/step-mode';

let seq = 0;
const event = (body: Record<string, unknown>, t = 1000 + seq): LabEvent => ({ seq: ++seq, t, ...body }) as LabEvent;

describe('step mode in the view state', () => {
  it('folds holds, releases and the schedule; Run freely is no choice; turning it on starts a new schedule', () => {
    const state = reduceAll([
      event({ type: 'step.mode', on: true }),
      event({ type: 'step.held', workerId: 'w1', primitive: 'lockA', op: 'acquire' }),
      event({ type: 'step.held', workerId: 'w2', primitive: 'lockB', op: 'acquire' }),
      event({ type: 'step.released', workerId: 'w1', primitive: 'lockA', op: 'acquire', by: 'you' }),
      event({ type: 'step.held', workerId: 'w1', primitive: 'lockB', op: 'acquire' }),
    ]);
    expect(state.step.on).toBe(true);
    expect(Object.keys(state.step.held).sort()).toEqual(['w1', 'w2']);
    expect(state.step.held['w1']).toMatchObject({ primitive: 'lockB', op: 'acquire' });
    expect(state.step.schedule.map((choice) => choice.workerId)).toEqual(['w1']);
    // The log says it in words.
    expect(state.log.filter((logged) => logged.type.startsWith('step.'))).toHaveLength(5);

    const freed = reduceAll([event({ type: 'step.released', workerId: 'w2', primitive: 'lockB', op: 'acquire', by: 'free' }), event({ type: 'step.mode', on: false })], state);
    expect(freed.step).toMatchObject({ on: false, held: {} });
    expect(freed.step.schedule).toHaveLength(1);
    expect(reduceAll([event({ type: 'step.mode', on: true })], freed).step.schedule).toEqual([]);
  });

  it('a worker that exits is held no more', () => {
    const state = reduceAll([
      event({ type: 'worker.starting', worker: { id: 'w1', name: 'a-1', groupId: 'g1', kind: 'thread', method: 'thread', command: null, task: null, daemon: false, detached: false, ipc: true } }),
      event({ type: 'step.mode', on: true }),
      event({ type: 'step.held', workerId: 'w1', primitive: 'q', op: 'get' }),
      event({ type: 'worker.exited', workerId: 'w1', code: null, signal: 'SIGKILL', exitCode: -9, detail: 'killed' }),
    ]);
    expect(state.step.held).toEqual({});
  });

  it('holds synchronisation points and the reads and writes of shared data, never a look', () => {
    expect(['acquire', 'release', 'put', 'get', 'wait', 'notify', 'value_get', 'value_set', 'dict_set'].every((op) => isStepPoint(op as never))).toBe(true);
    expect(['qsize', 'locked', 'is_set', 'action_done'].some((op) => isStepPoint(op as never))).toBe(false);
    expect(stepPointWords('counter', 'value_get')).toBe('counter.value read');
    expect(stepPointWords('lockA', 'acquire')).toBe('lockA.acquire');
  });
});
