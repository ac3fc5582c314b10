import { visibleRange, visibleRows, type Row, type TimeWindow } from './geometry';
import type { Segment, TaskSpan, WorkerLane } from './lane-types';

/**
 * What the timeline draws and says of a pool worker's task spans (task-spans.ts). At 30k tasks a second a
 * task is a few microseconds, far below a pixel: spans narrower than a pixel that touch are drawn as one
 * run that counts them, as the lanes' segments become one rectangle a pixel wide; a span wide enough is
 * drawn alone, and named where its words fit.
 */

export interface SpanRun {
  readonly x0: number;
  x1: number;
  /** The spans' indexes [from, to). */
  readonly from: number;
  to: number;
  tasks: number;
  /** The one task it is, wide enough to draw alone; null: below a pixel (merged with the narrow ones it touches). */
  taskId: number | null;
}

/** The spans of `window` as the runs to draw, x by `x`, clipped to [left, right]; `end`: where open spans end. */
export function spanRuns(spans: readonly Segment<TaskSpan>[], window: TimeWindow, x: (t: number) => number, left: number, right: number, end: number, minPx = 1): SpanRun[] {
  const [from, to] = visibleRange(spans, window);
  const runs: SpanRun[] = [];
  let run: SpanRun | null = null;
  for (let index = from; index < to; index++) {
    const span = spans[index]!;
    const x0 = Math.max(left, x(span.start));
    const x1 = Math.min(right, x(span.end ?? end));
    if (x1 < x0) continue;
    const narrow = x1 - x0 < minPx;
    // A narrow span joins a run of narrow ones it touches; a wide one is a run of its own.
    if (run !== null && narrow && run.taskId === null && x0 - run.x1 < minPx) {
      run.x1 = Math.max(run.x1, x1);
      run.to = index + 1;
      run.tasks += span.state.tasks;
      continue;
    }
    run = { x0, x1, from: index, to: index + 1, tasks: span.state.tasks, taskId: narrow ? null : span.state.taskId };
    runs.push(run);
  }
  return runs;
}

/** Tasks a lane's spans show in `window` (the spans' running totals: two binary searches, not a scan). */
export function tasksInWindow(spans: readonly Segment<TaskSpan>[], window: TimeWindow): number {
  const [from, to] = visibleRange(spans, window);
  if (from >= to) return 0;
  return spans[to - 1]!.state.total - spans[from]!.state.total + spans[from]!.state.tasks;
}

/** "task 12 sleep", "task 3 square ×25" (a map's chunk of 25 items), or "task 12" where the page never heard its function. */
export function taskWords(span: TaskSpan): string {
  if (span.taskId === null) return `${span.tasks.toLocaleString('en')} ${span.tasks === 1 ? 'task' : 'tasks'}`;
  const named = span.fn === null ? `task ${span.taskId}` : `task ${span.taskId} ${span.fn}`;
  return span.items !== null && span.items > 1 ? `${named} ×${span.items.toLocaleString('en')}` : named;
}

/** A lane's name as the tooltip and the accessible text say it: "p-1 (pool worker 1 of 2)". */
export function laneTitle(lane: Pick<WorkerLane, 'label' | 'badge'>): string {
  return lane.badge === null ? lane.label : `${lane.label} (${lane.badge})`;
}

/**
 * What the pointer at lane height `y` and moment `t` is over (within `slackMs` either side: a pixel or two):
 * one task with how long it ran, or how many tasks are there. Null off a lane's spans.
 */
export function spanWordsAt(rows: readonly Row[], y: number, t: number, slackMs: number, end: number): string | null {
  const row = visibleRows(rows, y, 1)[0];
  if (row === undefined || row.kind !== 'lane' || row.lane.kind !== 'worker') return null;
  const { spans } = row.lane;
  const near = { start: t - slackMs, end: t + slackMs };
  const [from, to] = visibleRange(spans, near);
  if (from >= to) return null;
  const title = laneTitle(row.lane);
  const only = spans[from]!;
  if (to - from === 1 && only.state.taskId !== null) {
    const ms = Math.round((only.end ?? end) - only.start);
    return `${title}: ${taskWords(only.state)} (${only.end === null ? `running, ${ms} ms so far` : `ran ${ms} ms`})`;
  }
  const tasks = tasksInWindow(spans, near);
  return `${title}: ${tasks.toLocaleString('en')} ${tasks === 1 ? 'task' : 'tasks'} here (below a pixel at this zoom: zoom in to see each)`;
}

/** The accessible text's sentence on pool workers' tasks in view, or '' when there are none. */
export function spansSentence(lanes: readonly Pick<WorkerLane, 'label' | 'badge' | 'spans'>[], window: TimeWindow): string {
  const shown: string[] = [];
  for (const lane of lanes) {
    const tasks = tasksInWindow(lane.spans, window);
    if (tasks > 0) shown.push(`${laneTitle(lane)}: ${tasks.toLocaleString('en')} ${tasks === 1 ? 'task' : 'tasks'}`);
  }
  if (shown.length === 0) return '';
  const named = shown.slice(0, 8);
  if (shown.length > 8) named.push(`and ${shown.length - 8} more`);
  return ` Task spans on pool workers: ${named.join('; ')}.`;
}
