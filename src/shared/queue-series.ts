import { appendPoint, type SeriesPoint } from './time-series';
import type { SyncView } from './lab-state';

/**
 * The Queues panel's charts, from the states folded from queue and pipe facts (depth after each put and get,
 * messages in flight after each send and receive): one point per queue at each CPU sample, the lab's own tick,
 * so a chart costs O(its window) per sample however busy the queue, and a page, a replay and a seek draw the
 * same points from the same events. A point: [depth, unfinished, puts so far, gets so far] (queue-rates.ts);
 * a Pipe's [in flight, 0, sends, receives]. What happens between two ticks is folded, not drawn: a queue that
 * fills and drains within one sampling period shows its depth at the ticks only.
 */
export function withQueuePoints(sync: SyncView, t: number, periodMs: number, historyMs: number): SyncView {
  let queueSeries: Record<string, readonly SeriesPoint[]> | null = null;
  for (const state of Object.values(sync.states)) {
    let values: number[];
    switch (state.kind) {
      case 'Queue':
      case 'LifoQueue':
      case 'PriorityQueue':
      case 'JoinableQueue':
        values = [state.depth, state.unfinished, state.puts, state.gets];
        break;
      case 'Pipe':
        values = [state.inFlight, 0, state.sends, state.receives];
        break;
      default:
        continue;
    }
    queueSeries ??= { ...sync.queueSeries };
    queueSeries[state.name] = appendPoint(queueSeries[state.name] ?? [], { t, values }, periodMs, historyMs);
  }
  return queueSeries === null ? sync : { ...sync, queueSeries };
}
