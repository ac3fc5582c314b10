import type { CountedOps } from './counted-gaps';
import type { LaneState } from './lane-state';

/** The shapes of the timeline's lanes (timeline-lanes.ts derives them; draw-timeline.ts draws them). */

export interface Segment<S> {
  readonly start: number;
  /** Null while it lasts. */
  end: number | null;
  readonly state: S;
}

export interface WorkerLane {
  readonly kind: 'worker';
  readonly key: string;
  readonly label: string;
  /** The process it runs in: the lab host for a thread worker, its own process otherwise. */
  groupKey: string;
  readonly segments: Segment<LaneState>[];
  /** Its fast-path ops counted over the recording rate, not kept (counted-gaps.ts): drawn hatched over the segments. */
  readonly gaps: Segment<CountedOps>[];
  /** A pool worker's tasks (task-spans.ts): a band along the lane's foot, under its state colour. */
  readonly spans: Segment<TaskSpan>[];
  /** "pool worker 2 of 4" beside its name while it holds a pool's slot; null for other workers. */
  badge: string | null;
}

/**
 * One task a pool worker ran, from the batch where its slot took it to the one where it left (task-spans.ts);
 * or, with `taskId` null, a mark where `tasks` tasks ran between two batches that nothing else shows.
 */
export interface TaskSpan {
  readonly taskId: number | null;
  /** Its function, where the page heard it submitted (explain mode's steps). */
  readonly fn: string | null;
  /** A map's chunk (chunksize above 1): how many items the task ran. */
  readonly items: number | null;
  readonly tasks: number;
  /** Tasks on the lane up to this span, this one's included: how many fall in a window, by two look-ups. */
  readonly total: number;
}

/** A thread seen in a process worker's samples (its main thread is the worker's own lane). */
export interface ThreadLane {
  readonly kind: 'thread';
  readonly key: string;
  readonly label: string;
  readonly groupKey: string;
  readonly segments: Segment<LaneState>[];
}

export interface LockHold {
  readonly holder: string;
  readonly label: string;
}

export interface LockLane {
  readonly kind: 'lock';
  readonly key: string;
  readonly label: string;
  readonly segments: Segment<LockHold>[];
  /** Who waits for it now (lock-order.ts puts the locks waited for first). */
  readonly waiters: ReadonlySet<string>;
}

/** A release that unblocked a waiter: drawn as an arrow from the releaser's hold to the next one. */
export interface Handoff {
  readonly primitive: string;
  readonly from: string;
  readonly to: string;
  readonly released: number;
  readonly acquired: number;
}

export interface CounterLane {
  readonly kind: 'counter';
  readonly key: string;
  readonly label: string;
  readonly group: 'queues' | 'cpu';
  readonly points: { readonly t: number; readonly value: number }[];
  /** The scale's top: 100 for CPU, the highest depth seen (at least 1) for a queue. */
  max: number;
}

export interface ProcessGroup {
  readonly key: string;
  label: string;
  readonly lanes: (WorkerLane | ThreadLane)[];
}
