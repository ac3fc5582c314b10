import { lockLanesInOrder } from './lock-order';
import type { CounterLane, LockLane, ProcessGroup, Segment, ThreadLane, TimelineLanes, WorkerLane } from './timeline-lanes';

/** Where things go on the timeline's canvas: pure arithmetic, so it is tested without a canvas. */

export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

export const TIMELINE_LAYOUT = {
  /** The time axis at the top: dragging along it scrubs. */
  rulerHeight: 22,
  labelWidth: 150,
  groupHeight: 18,
  laneHeight: 16,
  counterHeight: 24,
} as const;

/** The narrowest and widest windows one can zoom to. */
export const MIN_SPAN_MS = 200;
export const MAX_SPAN_MS = 30 * 60_000;
/** What the timeline shows at first: the last 30 s (a demo's deadlock or race fits, and its steps show). */
export const DEFAULT_SPAN_MS = 30_000;

export function xOf(t: number, window: TimeWindow, left: number, width: number): number {
  return left + ((t - window.start) / (window.end - window.start)) * width;
}

export function timeAt(x: number, window: TimeWindow, left: number, width: number): number {
  return window.start + ((x - left) / width) * (window.end - window.start);
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping the moment `anchor` where it is on screen. */
export function zoomWindow(window: TimeWindow, factor: number, anchor: number): TimeWindow {
  const span = window.end - window.start;
  const next = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span * factor));
  const start = anchor - ((anchor - window.start) / span) * next;
  return { start, end: start + next };
}

export function panWindow(window: TimeWindow, deltaMs: number): TimeWindow {
  return { start: window.start + deltaMs, end: window.end + deltaMs };
}

/** Following live: the same span, ending now. */
export function followWindow(spanMs: number, now: number): TimeWindow {
  return { start: now - spanMs, end: now };
}

/**
 * The segments [from, to) that overlap the window, by binary search: segments are in time order and do
 * not overlap, so their ends are in order too (the open one, last, ends at +infinity).
 */
export function visibleRange<S>(segments: readonly Segment<S>[], window: TimeWindow): readonly [number, number] {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((segments[middle]!.end ?? Infinity) < window.start) low = middle + 1;
    else high = middle;
  }
  const from = low;
  high = segments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (segments[middle]!.start <= window.end) low = middle + 1;
    else high = middle;
  }
  return [from, low];
}

/** The points of a counter to draw: the last one before the window (its value holds into it) to the last in it. */
export function visiblePoints(points: readonly { readonly t: number }[], window: TimeWindow): readonly [number, number] {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (points[middle]!.t < window.start) low = middle + 1;
    else high = middle;
  }
  const from = Math.max(0, low - 1);
  high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (points[middle]!.t <= window.end) low = middle + 1;
    else high = middle;
  }
  return [from, low];
}

export type Row =
  | { readonly kind: 'heading'; readonly label: string; readonly y: number; readonly height: number }
  | { readonly kind: 'lane'; readonly lane: WorkerLane | ThreadLane; readonly y: number; readonly height: number }
  | { readonly kind: 'lock'; readonly lane: LockLane; readonly y: number; readonly height: number }
  | { readonly kind: 'counter'; readonly lane: CounterLane; readonly y: number; readonly height: number };

/**
 * The rows from top to bottom (y from the top of the lanes, below the ruler): each process with its worker
 * and thread lanes, then the locks (those waited for and held first, when there are many: lock-order.ts),
 * then the queues' depths, then the CPU cores.
 */
export function rowsOf(lanes: Pick<TimelineLanes, 'groups' | 'locks' | 'counters'>): { readonly rows: readonly Row[]; readonly height: number } {
  const { groupHeight, laneHeight, counterHeight } = TIMELINE_LAYOUT;
  const rows: Row[] = [];
  let y = 0;
  const heading = (label: string) => {
    rows.push({ kind: 'heading', label, y, height: groupHeight });
    y += groupHeight;
  };
  for (const group of lanes.groups as readonly ProcessGroup[]) {
    if (group.lanes.length === 0) continue;
    heading(group.label);
    for (const lane of group.lanes) {
      rows.push({ kind: 'lane', lane, y, height: laneHeight });
      y += laneHeight;
    }
  }
  if (lanes.locks.length > 0) heading('Locks: who holds them');
  for (const lane of lockLanesInOrder(lanes.locks)) {
    rows.push({ kind: 'lock', lane, y, height: laneHeight });
    y += laneHeight;
  }
  for (const group of ['queues', 'cpu'] as const) {
    const counters = lanes.counters.filter((lane) => lane.group === group);
    if (counters.length > 0) heading(group === 'queues' ? 'Queue depth' : 'CPU per core (%)');
    for (const lane of counters) {
      rows.push({ kind: 'counter', lane, y, height: counterHeight });
      y += counterHeight;
    }
  }
  return { rows, height: y };
}

/** The rows that show through a viewport `height` tall scrolled by `scroll`, by binary search. */
export function visibleRows(rows: readonly Row[], scroll: number, height: number): readonly Row[] {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const row = rows[middle]!;
    if (row.y + row.height <= scroll) low = middle + 1;
    else high = middle;
  }
  const shown: Row[] = [];
  for (let index = low; index < rows.length && rows[index]!.y < scroll + height; index++) shown.push(rows[index]!);
  return shown;
}

/** A round step between ticks (1, 2 or 5 times a power of ten ms) that leaves at least `minPx` between them. */
export function tickStep(spanMs: number, widthPx: number, minPx = 90): number {
  const raw = (spanMs / Math.max(1, widthPx)) * minPx;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const multiple of [1, 2, 5, 10]) if (power * multiple >= raw) return power * multiple;
  return power * 10;
}

/** "−12.3 s" from now: how the ruler and the marker name a past moment. */
export function agoLabel(t: number, now: number): string {
  const seconds = (now - t) / 1000;
  if (seconds < 0.05) return 'now';
  if (seconds < 60) return `−${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `−${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
