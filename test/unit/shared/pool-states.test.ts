import { describe, expect, it } from 'vitest';
import type { LabState } from '../../../src/shared/lab-state';
import { labStateSchema } from '../../../src/shared/lab-state-schema';
import { POOL_TASKS_KEPT, poolWorkers } from '../../../src/shared/pool-states';
import type { PoolSpec, TaskCounts, TaskStepFact } from '../../../src/shared/pools';
import type { LabEventBody } from '../../../src/shared/protocol';
import { reduce, reduceAll } from '../../../src/shared/reducer';
import { HIST_EDGES_MS } from '../../../src/shared/task-steps';
import { eventStream, labStarted } from './event-factory';

const spec: PoolSpec = { name: 'p', api: 'pool', runtime: 'process', size: 2, maxTasksPerChild: null, onCrash: 'python' };
const zeroHist = () => new Array<number>(HIST_EDGES_MS.length + 1).fill(0);
const zeroCounts = (): TaskCounts => ({ submitted: 0, started: 0, done: 0, failed: 0, lost: 0, cancelled: 0, rejected: 0, callbacks: 0 });

function tasks(pool: string, change: Partial<Extract<LabEventBody, { type: 'pool.tasks' }>> = {}): LabEventBody {
  return { type: 'pool.tasks', pool, counts: zeroCounts(), backlog: 0, busy: [], doneBySlot: [], runHist: zeroHist(), waitHist: zeroHist(), steps: [], skipped: 0, ...change };
}

/** Every step of tasks `from`..`to` (one batch), as PoolFacts sends a task it keeps whole. */
function wholeTasks(from: number, to: number, t: number): TaskStepFact[] {
  const steps: TaskStepFact[] = [];
  for (let id = from; id <= to; id++) {
    steps.push({ id, step: 'submitted', t, slot: null, fn: 'square' }, { id, step: 'running', t, slot: 1 }, { id, step: 'done', t, slot: 1, detail: String(id * id) });
  }
  return steps;
}

function fold(bodies: readonly LabEventBody[], s = eventStream()): LabState {
  return reduceAll([s.event(labStarted()), ...bodies.map((body) => s.event(body))]);
}

describe('the pools\' view state', () => {
  it('folds a pool\'s creation, workers, tasks and deletion into what the Pools view shows', () => {
    const s = eventStream();
    const running = fold(
      [
        { type: 'pool.created', pool: spec },
        { type: 'pool.slot', pool: 'p', slot: 2, workerId: 'p-2' },
        { type: 'pool.slot', pool: 'p', slot: 1, workerId: 'p-1' },
        tasks('p', { counts: { ...zeroCounts(), submitted: 5, started: 2 }, backlog: 3, busy: [1, 2] }),
        tasks('p', { counts: { ...zeroCounts(), done: 1, failed: 1 }, backlog: 3, busy: [null, 3], doneBySlot: [1, 1], runHist: zeroHist().map((_, i) => (i === 4 ? 2 : 0)) }),
        { type: 'pool.state', pool: 'p', state: 'closed', reason: null },
      ],
      s,
    );
    const pool = running.pools.p;
    expect(running.poolOrder).toEqual(['p']);
    expect(pool).toMatchObject({ spec, state: 'closed', reason: null, backlog: 3, counts: { submitted: 5, started: 2, done: 1, failed: 1 } });
    expect(pool?.slots).toEqual([
      { slot: 1, workerId: 'p-1', taskId: null, done: 1, since: 1_000_000, busyMs: 0, busySince: null },
      { slot: 2, workerId: 'p-2', taskId: 3, done: 1, since: 1_000_000, busyMs: 0, busySince: 1_000_000 },
    ]);
    expect(pool?.runHist[4]).toBe(2);
    expect(running.log.map((event) => event.type)).toEqual(['lab.started', 'pool.created', 'pool.state']);

    const gone = reduce(running, s.event({ type: 'pool.deleted', pool: 'p' }));
    expect(gone.pools).toEqual({});
    expect(gone.poolOrder).toEqual([]);
  });

  it('starts a replacement worker\'s count at 0 and drops a slot the pool shrank away', () => {
    const state = fold([
      { type: 'pool.created', pool: spec },
      { type: 'pool.slot', pool: 'p', slot: 1, workerId: 'p-1' },
      { type: 'pool.slot', pool: 'p', slot: 2, workerId: 'p-2' },
      tasks('p', { doneBySlot: [4, 2] }),
      { type: 'pool.slot', pool: 'p', slot: 1, workerId: 'p-3' },
      { type: 'pool.slot', pool: 'p', slot: 2, workerId: null },
    ]);
    expect(state.pools.p?.slots).toEqual([{ slot: 1, workerId: 'p-3', taskId: null, done: 0, since: 1_000_000, busyMs: 0, busySince: null }]);
    // The process tree's badge: p-3 is pool p's worker 1 now; p-1 and p-2 were its workers 1 and 2.
    expect(new Map(poolWorkers(state.pools))).toEqual(
      new Map([
        ['p-1', { pool: 'p', slot: 1, former: true }],
        ['p-2', { pool: 'p', slot: 2, former: true }],
        ['p-3', { pool: 'p', slot: 1, former: false }],
      ]),
    );
    expect(state.pools.p?.formerWorkers).toEqual([
      { workerId: 'p-1', slot: 1 },
      { workerId: 'p-2', slot: 2 },
    ]);
  });

  it('keeps each slot\'s busy time: its ended tasks\' run times, and since when it runs the present one', () => {
    const s = eventStream();
    const at = (ms: number, body: LabEventBody) => {
      s.at(ms);
      return s.event(body);
    };
    const state = reduceAll([
      s.event(labStarted()),
      at(0, { type: 'pool.created', pool: spec }),
      at(0, { type: 'pool.slot', pool: 'p', slot: 1, workerId: 'p-1' }),
      at(100, { type: 'pool.slot', pool: 'p', slot: 2, workerId: 'p-2' }),
      at(200, tasks('p', { busy: [1, 2] })),
      // Task 1 ran 280 ms and task 3 runs on slot 1 now; task 2 ran 250 ms.
      at(500, tasks('p', { busy: [3, null], doneBySlot: [1, 1], busyMsBySlot: [280, 250] })),
      // A batch that says nothing of slot 1 leaves it as it was.
      at(600, tasks('p', { busy: [3, null] })),
      at(700, tasks('p', { busy: [null, null], doneBySlot: [1, 0], busyMsBySlot: [190, 0] })),
      at(900, tasks('p', { busy: [null, 4] })),
    ]);
    expect(state.pools.p?.slots).toEqual([
      { slot: 1, workerId: 'p-1', taskId: null, done: 2, since: 1_000_000, busyMs: 470, busySince: null },
      { slot: 2, workerId: 'p-2', taskId: 4, done: 1, since: 1_000_100, busyMs: 250, busySince: 1_000_900 },
    ]);
  });

  it('keeps the newest 300 tasks with their steps, across batches', () => {
    const state = fold([
      { type: 'pool.created', pool: spec },
      tasks('p', { steps: wholeTasks(1, 250, 1) }),
      tasks('p', { steps: [...wholeTasks(251, 400, 2), { id: 3, step: 'callback', t: 3, slot: null }] }),
      tasks('p', { steps: [{ id: 400, step: 'callback', t: 4, slot: null }] }),
    ]);
    const kept = state.pools.p?.tasks ?? [];
    expect(kept).toHaveLength(POOL_TASKS_KEPT);
    expect(kept[0]?.id).toBe(101);
    expect(kept.at(-1)).toEqual({
      id: 400,
      fn: 'square',
      map: null,
      steps: [
        { step: 'submitted', t: 2, slot: null, detail: null },
        { step: 'running', t: 2, slot: 1, detail: null },
        { step: 'done', t: 2, slot: 1, detail: '160000' },
        { step: 'callback', t: 4, slot: null, detail: null },
      ],
    });
    // Task 3's callback came after it had left the list: it does not come back with one step.
    expect(kept.some((task) => task.id === 3)).toBe(false);
  });

  it('costs a batch its own steps: tasks it does not touch stay the same records', () => {
    const s = eventStream();
    const before = fold([{ type: 'pool.created', pool: spec }, { type: 'pool.created', pool: { ...spec, name: 'q' } }, tasks('p', { steps: wholeTasks(1, 200, 1) })], s);
    const after = reduce(before, s.event(tasks('p', { steps: [{ id: 7, step: 'callback', t: 2, slot: null }] })));
    const [old, next] = [before.pools.p?.tasks ?? [], after.pools.p?.tasks ?? []];
    expect(next.filter((task, index) => task === old[index])).toHaveLength(199);
    expect(next[6]?.steps.at(-1)?.step).toBe('callback');
    expect(after.pools.q).toBe(before.pools.q);
    const idle = reduce(after, s.event(tasks('p')));
    expect(idle.pools.p?.tasks).toBe(after.pools.p?.tasks);
    expect(idle.pools.p?.slots).toBe(after.pools.p?.slots);
  });

  it('draws tasks finished per second at each CPU sample', () => {
    const s = eventStream();
    const events = [s.event(labStarted()), s.event({ type: 'pool.created', pool: spec })];
    s.at(500);
    events.push(s.event(tasks('p', { counts: { ...zeroCounts(), done: 30, failed: 10 } })));
    s.at(1_000);
    events.push(s.event({ type: 'metrics.cpu', cores: [1, 2], total: 1.5 }));
    s.at(2_000);
    events.push(s.event({ type: 'metrics.cpu', cores: [1, 2], total: 1.5 }));
    const series = reduceAll(events).pools.p?.throughput ?? [];
    expect(series.map((point) => point.values)).toEqual([[40], [0]]);
  });

  it('ignores events of a pool it never saw created (a page that connected late)', () => {
    const state = fold([tasks('ghost', { backlog: 3 }), { type: 'pool.state', pool: 'ghost', state: 'broken', reason: 'x' }]);
    expect(state.pools).toEqual({});
  });

  it('is carried by a keyframe: the schema takes it and JSON gives it back whole', () => {
    const s = eventStream();
    const state = fold(
      [
        { type: 'pool.created', pool: spec },
        { type: 'pool.slot', pool: 'p', slot: 1, workerId: 'p-1' },
        tasks('p', { counts: { ...zeroCounts(), submitted: 3, done: 3 }, busy: [2], doneBySlot: [3], steps: [...wholeTasks(1, 3, 5), { id: 4, step: 'submitted', t: 6, slot: null, map: { mapId: 1, chunk: 0, items: 8 } }] }),
        { type: 'metrics.cpu', cores: [1, 2], total: 1.5 },
      ],
      s,
    );
    const read = labStateSchema.safeParse(JSON.parse(JSON.stringify(state)));
    expect(read.success).toBe(true);
    expect(read.data).toEqual(state);
    const later = s.event(tasks('p', { steps: [{ id: 4, step: 'running', t: 7, slot: 1 }] }));
    expect(reduce(read.data!, later)).toEqual(reduce(state, later));
  });
});
