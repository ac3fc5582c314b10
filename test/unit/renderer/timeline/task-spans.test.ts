import { describe, expect, it } from 'vitest';
import type { PoolSpec, TaskCounts, TaskStepFact } from '../../../../src/shared/pools';
import type { LabEvent, LabEventBody } from '../../../../src/shared/protocol';
import { reduceAll } from '../../../../src/shared/reducer';
import { HIST_EDGES_MS } from '../../../../src/shared/task-steps';
import { taskWords } from '../../../../src/renderer/timeline/task-span-runs';
import { MAX_SEGMENTS_PER_LANE, TimelineLanes, type WorkerLane } from '../../../../src/renderer/timeline/timeline-lanes';
import { descriptor, eventStream, HOST_PID, labStarted } from '../../shared/event-factory';

const T0 = 1_000_000;
const spec: PoolSpec = { name: 'p', api: 'pool', runtime: 'thread', size: 2, maxTasksPerChild: null, onCrash: 'python' };
const zeroHist = () => new Array<number>(HIST_EDGES_MS.length + 1).fill(0);
const zeroCounts = (): TaskCounts => ({ submitted: 0, started: 0, done: 0, failed: 0, lost: 0, cancelled: 0, rejected: 0, callbacks: 0 });

type Batch = Partial<Pick<Extract<LabEventBody, { type: 'pool.tasks' }>, 'busy' | 'doneBySlot' | 'steps'>>;

/** A lab with pool p's two thread workers started (p-1 in slot 1, p-2 in slot 2), and a clock to go on with. */
function poolLab() {
  const s = eventStream(T0);
  const at = (ms: number, body: LabEventBody): LabEvent => {
    s.at(ms);
    return s.event(body);
  };
  const batch = (ms: number, change: Batch): LabEvent =>
    at(ms, { type: 'pool.tasks', pool: 'p', counts: zeroCounts(), backlog: 0, busy: [], doneBySlot: [], runHist: zeroHist(), waitHist: zeroHist(), steps: [], skipped: 0, ...change });
  const start = [
    at(0, labStarted()),
    at(0, { type: 'pool.created', pool: spec }),
    ...['p-1', 'p-2'].flatMap((id, index) => [
      at(1, { type: 'worker.starting', worker: descriptor(id, { name: id, kind: 'thread', method: 'thread' }) }),
      at(2, { type: 'pool.slot', pool: 'p', slot: index + 1, workerId: id }),
      at(5, { type: 'worker.ready', workerId: id, pid: HOST_PID, ppid: 1, tid: 600 + index, latencyMs: 4 }),
    ]),
  ];
  return { at, batch, start };
}

const submitted = (from: number, to: number, t: number, fn = 'sleep'): TaskStepFact[] => range(from, to).map((id) => ({ id, step: 'submitted', t: T0 + t, slot: null, fn }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

function laneOf(lanes: TimelineLanes, workerId: string): WorkerLane {
  for (const group of lanes.groups) for (const lane of group.lanes) if (lane.kind === 'worker' && lane.key === workerId) return lane;
  throw new Error(`no lane ${workerId}`);
}

/** What a lane's spans say, times relative to T0. */
function spans(lanes: TimelineLanes, workerId: string): string[] {
  return laneOf(lanes, workerId).spans.map(({ start, end, state }) => {
    const when = `${start - T0}-${end === null ? '' : end - T0}`;
    return state.taskId === null ? `${when} ${state.tasks} unseen` : `${when} task ${state.taskId}${state.fn === null ? '' : ` ${state.fn}`}`;
  });
}

/** Spans in time order, never overlapping: what the drawing's binary search relies on. */
function inOrder(lane: WorkerLane): boolean {
  return lane.spans.every((span, index) => {
    const next = lane.spans[index + 1];
    const end = span.end ?? Infinity;
    return end >= span.start && (next === undefined || (next.start >= end && (next.end ?? Infinity) >= end));
  });
}

describe('pool task spans on the timeline', () => {
  it('draws each task a slot ran from the batch that showed it busy to the one that showed it gone, named with its function', () => {
    const { batch, start } = poolLab();
    const lanes = new TimelineLanes();
    lanes.append([
      ...start,
      batch(10, { steps: submitted(1, 4, 10), busy: [1, 2] }),
      batch(210, { busy: [3, 4], doneBySlot: [1, 1] }),
      batch(410, { busy: [null, 4], doneBySlot: [1] }),
      batch(420, { busy: [], doneBySlot: [0, 1] }),
    ]);
    expect(spans(lanes, 'p-1')).toEqual(['10-210 task 1 sleep', '210-410 task 3 sleep']);
    expect(spans(lanes, 'p-2')).toEqual(['10-210 task 2 sleep', '210-420 task 4 sleep']);
    expect(laneOf(lanes, 'p-1').badge).toBe('pool worker 1 of 2');
    expect(laneOf(lanes, 'p-2').badge).toBe('pool worker 2 of 2');
    expect(laneOf(lanes, 'p-1').label).toBe('p-1');
  });

  it('names a map\'s chunk with how many items it ran', () => {
    const { batch, start } = poolLab();
    const lanes = new TimelineLanes();
    const chunk = (id: number, items: number): TaskStepFact => ({ id, step: 'submitted', t: T0 + 10, slot: null, fn: 'square', map: { mapId: 1, chunk: id - 1, items } });
    lanes.append([...start, batch(10, { steps: [chunk(1, 25), chunk(2, 1)], busy: [1, 2] })]);
    expect(laneOf(lanes, 'p-1').spans.map((span) => taskWords(span.state))).toEqual(['task 1 square ×25']);
    expect(laneOf(lanes, 'p-2').spans.map((span) => taskWords(span.state))).toEqual(['task 2 square']);
  });

  it('uses the times of the steps explain mode kept, and counts the tasks nothing else shows in a mark', () => {
    const { batch, start } = poolLab();
    const lanes = new TimelineLanes();
    const step = (id: number, kind: TaskStepFact['step'], t: number, slot: number | null): TaskStepFact => ({ id, step: kind, t: T0 + t, slot });
    lanes.append([
      ...start,
      // Task 1 starts at 12 and is still running at the batch; task 2 starts and ends between batches.
      batch(16, { steps: [...submitted(1, 2, 10, 'square'), step(1, 'running', 12, 1), step(2, 'running', 11, 2), step(2, 'done', 14, 2)], busy: [1], doneBySlot: [0, 1] }),
      // Task 1 ends at 20; 7 more tasks ran on slot 1 with their steps skipped; task 9 runs from 30.
      batch(32, { steps: [step(1, 'done', 20, 1), step(9, 'running', 30, 1)], busy: [9], doneBySlot: [8] }),
      // Slot 2: 5 tasks ran and ended between two batches, none of their steps kept: a mark at the batch.
      batch(48, { busy: [9], doneBySlot: [0, 5] }),
    ]);
    expect(spans(lanes, 'p-1')).toEqual(['12-20 task 1 square', '30-30 7 unseen', '30- task 9']);
    expect(spans(lanes, 'p-2')).toEqual(['11-14 task 2 square', '48-48 5 unseen']);
  });

  it('keeps a lane bounded and in order at 30k tasks a second (a batch every 16 ms), and forgets spans older than the history', () => {
    const { batch, start } = poolLab();
    const lanes = new TimelineLanes();
    lanes.append(start);
    let task = 0;
    const batches = MAX_SEGMENTS_PER_LANE + 500;
    for (let index = 1; index <= batches; index++) {
      task += 480;
      // Each slot finished 240 tasks in the batch; one of them is running after it.
      lanes.append([batch(index * 16, { busy: [task - 1, task], doneBySlot: [240, 240] })]);
    }
    const lane = laneOf(lanes, 'p-1');
    expect(lane.spans.length).toBeLessThanOrEqual(MAX_SEGMENTS_PER_LANE);
    expect(inOrder(lane)).toBe(true);
    // Every batch after the first: the task busy before it, the 239 it did not show, and the one busy now.
    expect(lane.spans.slice(-3).map((span) => [span.state.taskId, span.state.tasks])).toEqual([
      [task - 480 - 1, 1],
      [null, 239],
      [task - 1, 1],
    ]);
    const last = lane.spans.at(-1)!.start;
    lanes.forgetBefore(last - 1_000);
    expect(lane.spans[0]!.end).toBeGreaterThanOrEqual(last - 1_000);
    expect(lane.spans.length).toBeLessThan(200);
  });

  it('keeps spans in order and apart whatever the batches say (steps out of order, tasks seen while another is busy)', () => {
    const { batch, start } = poolLab();
    const lanes = new TimelineLanes();
    lanes.append(start);
    // A fixed pseudo-random stream: the same batches each run.
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    let id = 0;
    let busy: (number | null)[] = [null, null];
    for (let index = 1; index <= 2_000; index++) {
      const at = index * 16;
      const steps: TaskStepFact[] = [];
      for (let step = random(4); step > 0; step--) {
        id += 1;
        const slot = 1 + random(2);
        // Times anywhere in the last two batches, an end sometimes before its start, sometimes missing.
        const began = at - random(32);
        steps.push({ id, step: 'running', t: T0 + began, slot });
        if (random(3) > 0) steps.push({ id, step: random(5) === 0 ? 'failed' : 'done', t: T0 + began + random(40) - 8, slot });
      }
      // Busy: idle, one of the newest tasks, or (half the time) the task it said before.
      busy = busy.map((before) => (random(2) === 0 ? before : random(3) === 0 ? null : Math.max(1, id - random(3))));
      lanes.append([batch(at, { steps, busy: [...busy], doneBySlot: [random(5), random(5)] })]);
    }
    for (const worker of ['p-1', 'p-2']) {
      expect(inOrder(laneOf(lanes, worker))).toBe(true);
      expect(laneOf(lanes, worker).spans.length).toBeGreaterThan(300);
    }
  });

  it('starts mid-run from a keyframe: the slot\'s running task opens at the keyframe, with its function, and the next batches go on', () => {
    const { batch, start } = poolLab();
    const before = [...start, batch(10, { steps: submitted(1, 3, 10), busy: [1, 2] }), batch(100, { busy: [3, 2], doneBySlot: [1] })];
    const keyframe = reduceAll(before);
    const lanes = new TimelineLanes();
    lanes.seed(keyframe, T0 + 150);
    lanes.append([batch(300, { busy: [null, 2], doneBySlot: [1] }), batch(400, { busy: [], doneBySlot: [0, 1] })]);
    expect(spans(lanes, 'p-1')).toEqual(['150-300 task 3 sleep']);
    expect(spans(lanes, 'p-2')).toEqual(['150-400 task 2 sleep']);
    expect(laneOf(lanes, 'p-2').badge).toBe('pool worker 2 of 2');
  });

  it('ends a span where its worker died and gives the slot\'s next tasks to the replacement; a resize renumbers the badges', () => {
    const { at, batch, start } = poolLab();
    const lanes = new TimelineLanes();
    lanes.append([
      ...start,
      batch(10, { steps: submitted(1, 2, 10), busy: [1, 2] }),
      at(50, { type: 'worker.exited', workerId: 'p-1', code: null, signal: 'SIGKILL', exitCode: -9, detail: 'killed by SIGKILL' }),
      at(51, { type: 'worker.starting', worker: descriptor('p-3', { name: 'p-3', kind: 'thread', method: 'thread' }) }),
      at(52, { type: 'pool.slot', pool: 'p', slot: 1, workerId: 'p-3' }),
      batch(60, { busy: [1, 2] }),
      at(70, { type: 'pool.slot', pool: 'p', slot: 3, workerId: 'p-4' }),
    ]);
    expect(spans(lanes, 'p-1')).toEqual(['10-50 task 1 sleep']);
    // Task 1 was lost with its worker and runs again on the slot's new worker.
    expect(spans(lanes, 'p-3')).toEqual(['60- task 1']);
    expect(spans(lanes, 'p-2')).toEqual(['10- task 2 sleep']);
    expect([laneOf(lanes, 'p-3').badge, laneOf(lanes, 'p-2').badge]).toEqual(['pool worker 1 of 3', 'pool worker 2 of 3']);
    // The dead worker's lane no longer claims the slot its replacement holds; an exited worker still in its
    // slot (an ended or broken pool's) does not claim it either.
    expect(laneOf(lanes, 'p-1').badge).toBe('was pool worker 1');
    lanes.append([at(75, { type: 'worker.exited', workerId: 'p-3', code: 1, signal: null, exitCode: 1, detail: 'terminated' })]);
    expect(laneOf(lanes, 'p-3').badge).toBe('was pool worker 1');
    lanes.append([at(80, { type: 'pool.slot', pool: 'p', slot: 3, workerId: null })]);
    expect(laneOf(lanes, 'p-2').badge).toBe('pool worker 2 of 2');

  });
});
