import { describe, expect, it } from 'vitest';
import { rowsOf, TIMELINE_LAYOUT, xOf } from '../../../../src/renderer/timeline/geometry';
import type { Segment, TaskSpan, WorkerLane } from '../../../../src/renderer/timeline/lane-types';
import { spanRuns, spansSentence, spanWordsAt, tasksInWindow } from '../../../../src/renderer/timeline/task-span-runs';

/** Spans end to end from `t`, each `ms` long, task ids from `firstId` (a running total as task-spans.ts keeps). */
function spansOf(t: number, ms: number, count: number, firstId = 1, fn: string | null = 'sleep'): Segment<TaskSpan>[] {
  return Array.from({ length: count }, (_, index) => ({ start: t + index * ms, end: t + (index + 1) * ms, state: { taskId: firstId + index, fn, items: null, tasks: 1, total: index + 1 } }));
}

const lane = (spans: Segment<TaskSpan>[]): WorkerLane => ({ kind: 'worker', key: 'p-1', label: 'p-1', groupKey: 'host', segments: [], gaps: [], spans, badge: 'pool worker 1 of 2' });

describe('drawing and naming pool task spans', () => {
  // 1,000 ms over 1,000 px: a pixel is a millisecond.
  const window = { start: 0, end: 1_000 };
  const x = (t: number) => xOf(t, window, 0, 1_000);

  it('draws a wide task alone, and merges the tasks below a pixel that touch into one run that counts them', () => {
    const wide = spansOf(0, 100, 2);
    // 30k tasks a second: 300 tasks of 33 µs from 200 ms, then a mark of 40 unseen tasks, then a wide task again.
    const dense = spansOf(200, 1 / 30, 300, 3).map((span, index) => ({ ...span, state: { ...span.state, total: 3 + index } }));
    const mark: Segment<TaskSpan> = { start: 210, end: 210, state: { taskId: null, fn: null, items: null, tasks: 40, total: 342 } };
    const after = { start: 400, end: 600, state: { taskId: 400, fn: 'sleep', items: null, tasks: 1, total: 343 } };
    const spans = [...wide, ...dense, mark, after];
    const runs = spanRuns(spans, window, x, 0, 1_000, 1_000);
    expect(runs.map((run) => [Math.round(run.x0), Math.round(run.x1), run.taskId, run.tasks])).toEqual([
      [0, 100, 1, 1],
      [100, 200, 2, 1],
      [200, 210, null, 340],
      [400, 600, 400, 1],
    ]);
    expect(tasksInWindow(spans, window)).toBe(343);
    expect(tasksInWindow(spans, { start: 150, end: 450 })).toBe(342);
    expect(tasksInWindow(spans, { start: 700, end: 900 })).toBe(0);
  });

  it('keeps a run per screen, not per task, at any count of tasks (a lane\'s drawing follows its pixels)', () => {
    const spans = spansOf(0, 0.01, 100_000);
    const runs = spanRuns(spans, window, x, 0, 1_000, 1_000);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.tasks).toBe(100_000);
    // Zoomed in on one millisecond, its tasks are wide enough to be drawn one by one again.
    const near = { start: 500, end: 501 };
    const zoomed = spanRuns(spans, near, (t) => xOf(t, near, 0, 1_000), 0, 1_000, 1_000);
    expect(zoomed.length).toBeGreaterThanOrEqual(100);
    // (The window's edges cut the tasks they cross: those slivers are merged as any narrow span.)
    expect(zoomed.filter((run) => run.x0 > 1 && run.x1 < 999).every((run) => run.taskId !== null && run.tasks === 1)).toBe(true);
  });

  it('names the task under the pointer, or how many tasks are there, for the tooltip and the accessible text', () => {
    const running: Segment<TaskSpan> = { start: 300, end: null, state: { taskId: 9, fn: null, items: null, tasks: 1, total: 3 } };
    const pool = lane([...spansOf(0, 100, 2), running]);
    const { rows } = rowsOf({ groups: [{ key: 'host', label: 'lab host', lanes: [pool] }], locks: [], counters: [] });
    const y = TIMELINE_LAYOUT.groupHeight + 4;
    expect(spanWordsAt(rows, y, 50, 1, 1_000)).toBe('p-1 (pool worker 1 of 2): task 1 sleep (ran 100 ms)');
    expect(spanWordsAt(rows, y, 500, 1, 800)).toBe('p-1 (pool worker 1 of 2): task 9 (running, 500 ms so far)');
    // Zoomed out, a pixel or two holds both tasks.
    expect(spanWordsAt(rows, y, 100, 10, 1_000)).toBe('p-1 (pool worker 1 of 2): 2 tasks here (below a pixel at this zoom: zoom in to see each)');
    expect(spanWordsAt(rows, y, 250, 1, 1_000)).toBeNull();
    expect(spanWordsAt(rows, 1, 50, 1, 1_000)).toBeNull();
    expect(spansSentence([pool, lane([])], { start: 0, end: 1_000 })).toBe(' Task spans on pool workers: p-1 (pool worker 1 of 2): 3 tasks.');
    expect(spansSentence([lane([])], window)).toBe('');
  });
});
