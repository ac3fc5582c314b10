import { HIST_EDGES_MS } from '../../shared/task-steps';

/** One bar of a run-time or wait-time histogram: its bucket in words, and the tasks in it. */
export interface HistogramBar {
  /** "≤ 0.1 ms", "≤ 2.5 s", "> 10 s": the bucket's upper edge. */
  readonly label: string;
  /** The axis's short word under the bar, or '' where the axis has no room for one. */
  readonly tick: string;
  readonly count: number;
  /** Its height against the tallest bar, 0..1. */
  readonly share: number;
}

/** Three ticks, two decades apart: 17 labels, or even six, do not fit under a chart a sixth of a card wide. */
const TICKED = new Set<number>([1, 100, 10000]);

/** A histogram of the 17 buckets of HIST_EDGES_MS: one below each edge, the last above 10 s. */
export function histogramBars(counts: readonly number[]): HistogramBar[] {
  const tallest = Math.max(1, ...counts);
  const edges: readonly (number | null)[] = [...HIST_EDGES_MS, null];
  return edges.map((edge, index) => {
    const count = counts[index] ?? 0;
    if (edge === null) return { label: `> ${formatEdge(HIST_EDGES_MS.at(-1)!)}`, tick: '', count, share: count / tallest };
    return { label: `≤ ${formatEdge(edge)}`, tick: TICKED.has(edge) ? formatEdge(edge).replace(' ', '') : '', count, share: count / tallest };
  });
}

/** "0.25 ms", "10 ms", "2.5 s". */
export function formatEdge(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * The histogram in one sentence, for a screen reader and a tooltip: how many tasks, and the bucket most
 * fell in ("120 tasks, most ≤ 100 ms (90)"); "no tasks yet" before any.
 */
export function histogramSummary(bars: readonly HistogramBar[]): string {
  const total = bars.reduce((sum, bar) => sum + bar.count, 0);
  if (total === 0) return 'no tasks yet';
  const most = bars.reduce((best, bar) => (bar.count > best.count ? bar : best));
  return `${total} ${total === 1 ? 'task' : 'tasks'}, most ${most.label} (${most.count})`;
}
