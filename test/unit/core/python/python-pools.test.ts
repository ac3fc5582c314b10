import { describe, expect, it } from 'vitest';
import { PythonPools } from '../../../../src/core/python/python-pools';
import type { LabEventBody } from '../../../../src/shared/protocol';
import type { PythonPoolFact } from '../../../../src/shared/python-wire';
import { ManualClock } from '../sync/harness';

const T = 1_699_999_990_000;
const owner = { pid: 100, workerId: 'w1' };

/** The pools' half of a session, with the processes it knows by pid. */
function pools(known: Record<number, string> = {}) {
  const events: LabEventBody[] = [];
  const seen = new Map(Object.entries(known).map(([pid, workerId]) => [Number(pid), workerId]));
  const folded = new PythonPools({
    clock: new ManualClock(),
    emit: (event) => void events.push(event),
    nameTaken: (name) => name === 'taken',
    processOf: (pid) => seen.get(pid) ?? null,
    threadOf: (pid, tid) => (pid === 100 ? `w1.${tid}` : null),
  });
  const tell = (...facts: PythonPoolFact[]) => facts.map((fact) => folded.fact(owner, fact));
  return { folded, events, seen, tell, of: <K extends LabEventBody['type']>(type: K) => events.filter((event): event is Extract<LabEventBody, { type: K }> => event.type === type) };
}

describe("a Python program's own pools", () => {
  it('become observed lab pools named by their variables, with Python\'s class and size', () => {
    const { tell, of } = pools();
    expect(tell(['pool.new', T, 1, 'pool', 'squares', '/x/map.py', 6, 2, null], ['pool.new', T, 2, 'thread-executor', 'taken', 'map.py', 9, 4, null], ['pool.new', T, 3, 'process-executor', '9lives', 'map.py', 10, 500, 3])).toEqual([null, null, null]);
    expect(of('pool.created').map(({ pool, origin, where }) => [pool.name, pool.api, pool.runtime, pool.size, pool.maxTasksPerChild, origin, where])).toEqual([
      ['squares', 'pool', 'process', 2, null, 'observed', 'map.py:6'],
      ['taken.2', 'executor', 'thread', 4, null, 'observed', 'map.py:9'],
      // Python's pools may be bigger than the lab draws: the view's bound, not the program's.
      ['process-executor-3', 'executor', 'process', 64, 3, 'observed', 'map.py:10'],
    ]);
  });

  it("tells a slot once its worker's process is known, and folds the tasks' steps into the lab's batches", () => {
    const { folded, tell, of, seen } = pools();
    tell(['pool.new', T, 1, 'pool', 'squares', 'map.py', 6, 2, null], ['pool.worker', T, 1, 1, 201, null], ['pool.worker', T, 1, 2, 202, null]);
    expect(of('pool.slot')).toEqual([]);
    seen.set(201, 'py1');
    folded.processSeen();
    expect(of('pool.slot').map(({ slot, workerId }) => [slot, workerId])).toEqual([[1, 'py1']]);
    tell(
      ['task.step', T, 1, 1, 'submitted', null, 'square', [1, 0, 13, true]],
      ['task.step', T, 1, 1, 'queued', null, null, null],
      ['task.step', T, 1, 1, 'sent', null, null, null],
      ['task.step', T + 1, 1, 1, 'failed', null, 'ValueError: no', null],
      ['pool.state', T + 2, 1, 'ended', null],
    );
    const [batch] = of('pool.tasks');
    expect(batch?.counts).toMatchObject({ submitted: 1, failed: 1 });
    expect(batch?.steps.map(({ id, step, fn, map, detail }) => [id, step, fn, map, detail])).toEqual([
      [1, 'submitted', 'square', { mapId: 1, chunk: 0, items: 13 }, undefined],
      [1, 'queued', undefined, undefined, undefined],
      [1, 'sent', undefined, undefined, undefined],
      [1, 'failed', undefined, undefined, 'ValueError: no'],
    ]);
    expect(of('pool.state').map(({ state }) => state)).toEqual(['running', 'ended']);
  });

  it("a worker process's task.run is its task running on its slot, even when it comes before the task's send", () => {
    const { folded, tell, of, seen } = pools();
    seen.set(201, 'py1');
    tell(['pool.new', T, 1, 'pool', 'squares', 'map.py', 6, 2, null], ['pool.worker', T, 1, 2, 201, null]);
    const worker = { pid: 201, workerId: 'py1' };
    expect(folded.fact(worker, ['task.run', T, 5, 1])).toBeNull();
    tell(['task.step', T, 1, 1, 'submitted', null, 'square', [5, 0, 1, false]], ['task.step', T, 1, 2, 'submitted', null, 'square', [5, 1, 1, false]]);
    expect(folded.fact(worker, ['task.run', T, 5, 0])).toBeNull();
    tell(['task.step', T, 1, 2, 'sent', null, null, null], ['pool.state', T, 1, 'ended', null]);
    const steps = of('pool.tasks').flatMap((batch) => batch.steps.map(({ id, step, slot, map }) => [id, step, slot, map]));
    // An apply (not a map's chunk) carries no map; the run told early (task 2) comes right after its send.
    expect(steps).toEqual([
      [1, 'submitted', null, undefined],
      [2, 'submitted', null, undefined],
      [1, 'running', 2, undefined],
      [2, 'sent', null, undefined],
      [2, 'running', 2, undefined],
    ]);
    // A process that holds no slot says nothing the pools keep.
    expect(folded.fact({ pid: 999, workerId: 'py9' }, ['task.run', T, 5, 0])).toBeNull();
  });

  it("a thread pool's slot is its worker thread; a slot past the lab's bound is not drawn", () => {
    const { tell, of } = pools();
    tell(['pool.new', T, 1, 'thread-pool', 'helpers', 'x.py', 1, 100, null], ['pool.worker', T, 1, 1, 100, 7], ['pool.worker', T, 1, 65, 100, 8]);
    expect(of('pool.slot').map(({ slot, workerId }) => [slot, workerId])).toEqual([[1, 'w1.7']]);
  });

  it("ends a pool its program left running when the program's stream ends", () => {
    const { folded, tell, of } = pools();
    tell(['pool.new', T, 1, 'pool', 'left', 'x.py', 1, 1, null], ['pool.new', T, 2, 'pool', 'joined', 'x.py', 2, 1, null], ['pool.state', T, 2, 'ended', null]);
    folded.processEnded(100);
    expect(of('pool.state').map(({ pool, state, reason }) => [pool, state, reason])).toEqual([
      ['left', 'running', null],
      ['joined', 'running', null],
      ['joined', 'ended', null],
      ['left', 'ended', 'its program ended'],
    ]);
  });

  it('refuses the facts of a pool never created, with a reason', () => {
    const { tell } = pools();
    expect(tell(['task.step', T, 9, 1, 'done', null, null, null], ['pool.new', T, 1, 'pool', 'a', 'x.py', 1, 1, null], ['pool.new', T, 1, 'pool', 'b', 'x.py', 1, 1, null])).toEqual([
      'task.step of pool 9, which the process never created',
      null,
      'pool 1 created twice',
    ]);
  });
});
