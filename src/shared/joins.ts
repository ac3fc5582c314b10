import { z } from 'zod';

/**
 * Joins between workers (issue 10): a thread waiting in `Thread.join()` or `Process.join()` for another
 * thread or process. Not a primitive (nobody holds it): the joiner waits for the target's end, so in the
 * wait-for graph it is an edge from the joiner to the target, and in a deadlock a join for ever is a wait
 * that only the target's end can end (wait-for.ts).
 */

/** How a join returned: the target ended, the timeout ran out with the target still running, or an exception ended the wait. */
export const JOIN_OUTCOMES = ['joined', 'timedOut', 'interrupted'] as const;
export type JoinOutcome = (typeof JOIN_OUTCOMES)[number];

/** What a joiner waits for: a thread, or a process (its end is its threads' end). */
export const JOIN_TARGETS = ['thread', 'process'] as const;
export type JoinTarget = (typeof JOIN_TARGETS)[number];

const workerId = z.string().min(1).max(64);

/** `join.waiting`: `workerId` (a thread) waits in a join of `target` (a worker), for ever (null) or for timeoutMs. */
export const joinWaitingShape = { workerId, target: workerId, timeoutMs: z.number().int().min(0).max(2 ** 31 - 1).nullable() };
/** `join.returned`: that join returned, and how. */
export const joinReturnedShape = { workerId, target: workerId, outcome: z.enum(JOIN_OUTCOMES) };

/** A join in progress, as the joiner's row has it. */
export interface JoinWaitView {
  readonly target: string;
  readonly since: number;
  readonly timeoutMs: number | null;
}

/**
 * A join in progress as the deadlock check reads it: `holder` is the worker whose end ends it (the target
 * thread, or a target process's main thread: while that waits for ever, the process never ends).
 */
export interface JoinWait {
  readonly workerId: string;
  readonly target: string;
  readonly holder: string;
  readonly timeoutMs: number | null;
}

/** The log's words, after the joiner's name: "joined counter-1: it has ended", "join of counter-1 timed out: counter-1 is still running". */
export function describeJoinReturned(target: string, outcome: JoinOutcome): string {
  switch (outcome) {
    case 'joined':
      return `joined ${target}: it has ended`;
    case 'timedOut':
      return `join of ${target} timed out: ${target} is still running`;
    case 'interrupted':
      return `join of ${target} was ended by an exception`;
  }
}

/** "waits for counter-1 (join)", "waits for daemon (join, timeout 1000 ms)". */
export function describeJoinWaiting(target: string, timeoutMs: number | null): string {
  return `waits for ${target} (join${timeoutMs === null ? '' : `, timeout ${timeoutMs} ms`})`;
}
