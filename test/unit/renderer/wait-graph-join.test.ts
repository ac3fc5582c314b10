import { describe, expect, it } from 'vitest';
import { layoutWaitGraph } from '../../../src/renderer/model/wait-graph';
import { joinsOf, waitGraphModel } from '../../../src/renderer/model/wait-graph-model';
import { reduce } from '../../../src/shared/reducer';
import { INITIAL_STATE } from '../../../src/shared/lab-state';
import type { CycleStep } from '../../../src/shared/sync';
import { entry, held, waiting } from './sync-fixtures';

const names: Record<string, string> = { 'w1.1': 'MainThread', 'w1.2': 'counter-1', py1: 'Process-1' };
const nameOf = (id: string) => names[id] ?? id;

describe('the wait-for graph draws joins', () => {
  it('as an arrow from the joiner to the thread or process it joins, labelled join, dashed with a timeout', () => {
    const model = waitGraphModel([], null, 6, nameOf, [
      { workerId: 'w1.1', target: 'w1.2', timed: false },
      { workerId: 'w1.3', target: 'py1', timed: true },
    ]);
    expect(model.edges.map((edge) => [edge.from, edge.to, edge.label, edge.timed, edge.inCycle])).toEqual([
      ['w1.1', 'w1.2', 'join', false, false],
      ['w1.3', 'py1', 'join', true, false],
    ]);
    expect(model.words).toBe('MainThread waits to join counter-1; w1.3 waits to join Process-1');
  });

  it("draws a deadlock through a join and a lock in red, once: MainThread holds L and joins counter-1, which waits for L", () => {
    const lock = entry('L', 'Lock', { holder: held('w1.1'), waiters: [waiting('w1.2', 0, null)] });
    const cycle: CycleStep[] = [
      { workerId: 'w1.1', primitive: 'w1.2', heldBy: 'w1.2', via: 'join' },
      { workerId: 'w1.2', primitive: 'L', heldBy: 'w1.1' },
    ];
    const model = waitGraphModel([lock], cycle, 6, nameOf, [{ workerId: 'w1.1', target: 'w1.2', timed: false }]);
    expect(model.edges.map((edge) => [edge.from, edge.to, edge.label, edge.inCycle])).toEqual([
      ['w1.2', 'w1.1', 'L', true],
      ['w1.1', 'w1.2', 'join', true],
    ]);
    expect(layoutWaitGraph([lock], cycle, { width: 420, height: 178 }, nameOf, [{ workerId: 'w1.1', target: 'w1.2', timed: false }]).arrows).toHaveLength(2);
  });

  it("reads the joins from the workers' rows (join.waiting until join.returned)", () => {
    let state = INITIAL_STATE;
    let seq = 0;
    const at = <E extends object>(event: E) => ({ seq: ++seq, t: 1000 + seq, ...event });
    state = reduce(state, at({ type: 'worker.starting', worker: { id: 'w1', name: 'main', groupId: 'g', kind: 'thread', method: 'python', command: null, task: null, daemon: false, detached: false, ipc: false } }) as never);
    state = reduce(state, at({ type: 'join.waiting', workerId: 'w1', target: 'w2', timeoutMs: 1000 }) as never);
    expect(state.workers.w1?.joining).toEqual({ target: 'w2', since: 1002, timeoutMs: 1000 });
    expect(joinsOf(state.workers)).toEqual([{ workerId: 'w1', target: 'w2', timed: true }]);
    state = reduce(state, at({ type: 'join.returned', workerId: 'w1', target: 'w2', outcome: 'timedOut' }) as never);
    expect(state.workers.w1?.joining).toBeNull();
    expect(joinsOf(state.workers)).toEqual([]);
  });
});
