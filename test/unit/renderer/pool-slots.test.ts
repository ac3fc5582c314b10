import { describe, expect, it } from 'vitest';
import { formatUtilisation, poolEntries, slotRowsOf } from '../../../src/renderer/model/pool-slots';
import type { LabState } from '../../../src/shared/lab-state';
import type { LabEventBody } from '../../../src/shared/protocol';
import type { PoolSpec, TaskCounts } from '../../../src/shared/pools';
import { reduceAll } from '../../../src/shared/reducer';
import { HIST_EDGES_MS } from '../../../src/shared/task-steps';
import { descriptor, eventStream, labStarted } from '../shared/event-factory';

const spec: PoolSpec = { name: 'p', api: 'pool', runtime: 'process', size: 2, maxTasksPerChild: null, onCrash: 'python' };
const zeroHist = () => new Array<number>(HIST_EDGES_MS.length + 1).fill(0);
const zeroCounts = (): TaskCounts => ({ submitted: 0, started: 0, done: 0, failed: 0, lost: 0, cancelled: 0, rejected: 0, callbacks: 0 });

function tasks(change: Partial<Extract<LabEventBody, { type: 'pool.tasks' }>>): LabEventBody {
  return { type: 'pool.tasks', pool: 'p', counts: zeroCounts(), backlog: 0, busy: [], doneBySlot: [], runHist: zeroHist(), waitHist: zeroHist(), steps: [], skipped: 0, ...change };
}

/** The real reducer's state after these events, each at its time (ms after the stream's start). */
function folded(timed: readonly (readonly [number, LabEventBody])[]): LabState {
  const s = eventStream(0);
  return reduceAll([
    s.event(labStarted()),
    ...timed.map(([ms, body]) => {
      s.at(ms);
      return s.event(body);
    }),
  ]);
}


describe('a pool\'s slot rows', () => {
  const state = folded([
    [0, { type: 'worker.starting', worker: descriptor('w1', { name: 'p-1' }) }],
    [0, { type: 'worker.starting', worker: descriptor('w2', { name: 'p-2' }) }],
    [0, { type: 'pool.created', pool: spec }],
    [0, { type: 'pool.slot', pool: 'p', slot: 1, workerId: 'w1' }],
    [0, { type: 'pool.slot', pool: 'p', slot: 2, workerId: 'w2' }],
    [
      1000,
      tasks({
        busy: [7, null],
        steps: [
          { id: 7, step: 'submitted', t: 990, slot: null, fn: 'sleep' },
          { id: 7, step: 'running', t: 1000, slot: 1 },
        ],
      }),
    ],
    [3000, tasks({ busy: [8, null], doneBySlot: [1, 0], busyMsBySlot: [1900, 0], steps: [{ id: 8, step: 'submitted', t: 1500, slot: null, fn: 'square', map: { mapId: 1, chunk: 2, items: 25 } }] })],
  ]);
  const pool = state.pools.p!;
  const workerOf = (workerId: string) => state.workers[workerId];

  it('say who runs what now, by name, and how busy each worker has been', () => {
    const rows = slotRowsOf(pool, workerOf, 5000);
    expect(rows).toEqual([
      { slot: 1, workerId: 'w1', workerName: 'p-1', ended: null, task: { id: 8, words: 'square #8 (25 items)', title: 'task 8: square, map 1 chunk 3 of 25 items' }, done: 1, utilisation: 0.78, killWords: 'SIGKILL p-1 mid-task: exit code -9' },
      { slot: 2, workerId: 'w2', workerName: 'p-2', ended: null, task: null, done: 0, utilisation: 0, killWords: 'SIGKILL p-2 mid-task: exit code -9' },
    ]);
    // Task 7 ran 1,900 ms; task 8 runs since the batch at 3,000: 3,900 ms busy of 5,000.
    expect(formatUtilisation(rows[0]!.utilisation)).toBe('78.0%');
    expect(formatUtilisation(null)).toBe('–');
  });

  it('say a worker has ended while its slot still holds it (a broken pool\'s)', () => {
    // A worker the lab never told of is named by its id.
    expect(slotRowsOf(pool, () => undefined, 5000)[0]).toMatchObject({ workerName: 'w1', ended: null });
    const s = eventStream(0);
    s.at(6000);
    const after = reduceAll([s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w1', { name: 'p-1' }) }), s.event({ type: 'worker.exited', workerId: 'w1', code: null, signal: 'SIGTERM', exitCode: -15, detail: null })]);
    expect(slotRowsOf(pool, (workerId) => after.workers[workerId], 7000)[0]).toMatchObject({ workerName: 'p-1', ended: 'exit -15 (SIGTERM)' });
  });

  it('name a task explain mode did not keep by its id', () => {
    const forgotten = { ...pool, tasks: [] };
    expect(slotRowsOf(forgotten, workerOf, 5000)[0]?.task?.words).toBe('task #8');
  });

  it('list the pools in creation order', () => {
    expect(poolEntries(state).map((each) => each.spec.name)).toEqual(['p']);
  });
});
