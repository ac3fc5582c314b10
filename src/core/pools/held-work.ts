/**
 * How many tasks a pool's worker holds at once (task-runner.ts): enough that a trivial task costs no round
 * trip of its own, few enough that a task does not wait long behind others while another worker idles.
 */

/**
 * Tasks one worker holds at most (running, and waiting in it), so that the next is there when one ends and
 * a trivial task costs no round trip of its own. Measured informally, 20,000 `square` tasks on 2 threads
 * (2 shared cores, noisy): 1 held ~29k tasks/s, 2 ~54k/s, 8 ~50k/s, 32 ~95-115k/s.
 */
export const PREFETCH = 32;
/**
 * But a worker holds only about this much work beyond the task it runs, by the pool's recent run times: two
 * tasks of 1 ms, one of 2 ms or more, 32 trivial ones. Python's workers take their next task from one shared queue when
 * they are free, so a task never waits long behind others in a busy worker while a second worker idles;
 * here a task waits at most about this long for that (and long tasks, or before any task has ended, are
 * held one at a time). A task sent is no longer cancellable (runner-port.ts).
 */
export const HELD_WORK_MS = 2;
/** How much the newest run time counts in the pool's recent run time (a moving average). */
const RUN_TIME_WEIGHT = 0.25;

export class HeldWork {
  /** How long the pool's tasks ran of late, as the host saw them (started to end); none has ended yet: null. */
  private recentRunMs: number | null = null;

  ranFor(ms: number): void {
    this.recentRunMs = this.recentRunMs === null ? ms : this.recentRunMs + RUN_TIME_WEIGHT * (ms - this.recentRunMs);
  }

  /**
   * How many tasks a worker may hold: the one it runs and about HELD_WORK_MS of work more, at most PREFETCH;
   * and no more than it may still run before it is replaced (`left`, null: no limit).
   */
  room(left: number | null): number {
    const recent = this.recentRunMs;
    const room = recent === null ? 1 : recent <= HELD_WORK_MS / PREFETCH ? PREFETCH : Math.max(1, Math.min(PREFETCH, Math.floor(HELD_WORK_MS / recent) + 1));
    return left === null ? room : Math.min(room, left);
  }

  /**
   * How many tasks a worker holding `held` is filled up to now: its room, but two at a time where it holds
   * several. Each message to a worker costs both sides (profiled on 1 ms tasks, 2 threads: the host's
   * postMessage of one order was its largest cost, about a sixth of its busy time), and one order a
   * task ended was one message each. So a worker that may hold 2 or more is given one task more of room
   * and is sent tasks only once it has room for 2 (PREFETCH still the most): it never holds fewer than it did (its room less one, the
   * moment a task ends), and at most one task's work more. A worker holding nothing is always filled.
   */
  fillTo(held: number, left: number | null): number {
    const room = this.room(left);
    if (room < 2) return room;
    const paired = Math.min(room + 1, PREFETCH, left ?? PREFETCH);
    // No task more to give (PREFETCH, or all it may still run before it is replaced): filled as it was.
    if (paired <= room) return room;
    return held === 0 || paired - held >= 2 ? paired : held;
  }
}
