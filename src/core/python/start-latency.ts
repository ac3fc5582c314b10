import type { PythonStartMethod } from '../../shared/python-wire';

/** Starts waiting for their other end (a parent's call, a child's hello), at most, each side. */
export const PY_STARTS_PENDING = 1_024;
/** How long one end waits for the other (host's monotonic ms): a child that never says hello is forgotten. */
export const PY_START_WAIT_MS = 60_000;
/** A latency longer than this is no start's (forged, or clocks that disagree): not told. */
export const PY_START_LATENCY_MAX_MS = 600_000;

/** A measured start: from the parent's Process.start() call to the child's hello. */
export interface StartMeasure {
  readonly workerId: string;
  readonly pid: number;
  readonly startMethod: PythonStartMethod;
  readonly latencyMs: number;
  /** Which clock both ends were read on: time.monotonic() (every process's CLOCK_MONOTONIC), or time.time() from an older shim. */
  readonly clock: 'monotonic' | 'wall';
  /** Threads the parent ran when it called start(): more than one, with fork, is the hazard. */
  readonly parentThreads: number;
}

interface ParentCall {
  readonly parentPid: number;
  readonly method: PythonStartMethod;
  readonly wall: number;
  readonly mono: number;
  readonly threads: number;
  readonly at: number;
}

interface ChildHello {
  readonly workerId: string;
  readonly ppid: number;
  readonly method: PythonStartMethod;
  readonly wall: number;
  readonly mono: number | undefined;
  readonly at: number;
}

/**
 * Start latency per child, from its two ends on two connections read in no set order: the parent's
 * `process.started` (docs/python-wire.md) and the child's hello. Whichever comes second makes the measure.
 * Each side keeps at most PY_STARTS_PENDING ends for at most PY_START_WAIT_MS, so a program that forges
 * calls for children that never come, or floods starts, costs a bounded map.
 */
export class StartLatencies {
  private readonly calls = new Map<number, ParentCall>();
  private readonly hellos = new Map<number, ChildHello>();

  constructor(private readonly now: () => number) {}

  /** A parent's `process.started` for child `pid`. */
  called(parentPid: number, pid: number, method: PythonStartMethod, wall: number, mono: number, threads: number): StartMeasure | null {
    const call: ParentCall = { parentPid, method, wall, mono, threads, at: this.now() };
    const hello = this.hellos.get(pid);
    if (hello !== undefined) {
      this.hellos.delete(pid);
      return measure(pid, call, hello);
    }
    keep(this.calls, pid, call, this.now());
    return null;
  }

  /** A child's hello, if multiprocessing started it (the forkserver and the resource tracker are not Process.start()'s). */
  hello(workerId: string, pid: number, ppid: number, method: PythonStartMethod, wall: number, mono: number | undefined): StartMeasure | null {
    const hello: ChildHello = { workerId, ppid, method, wall, mono, at: this.now() };
    const call = this.calls.get(pid);
    if (call !== undefined) {
      this.calls.delete(pid);
      return measure(pid, call, hello);
    }
    keep(this.hellos, pid, hello, this.now());
    return null;
  }
}

function keep<T extends { at: number }>(ends: Map<number, T>, pid: number, end: T, now: number): void {
  ends.delete(pid);
  ends.set(pid, end);
  // Oldest first (insertion order): the stale and the excess go from the head.
  for (const [stale, { at }] of ends) {
    if (now - at <= PY_START_WAIT_MS && ends.size <= PY_STARTS_PENDING) break;
    ends.delete(stale);
  }
}

/**
 * The two ends, if they are one start: the same method, and the child's parent the caller (a forkserver
 * child's parent is the forkserver, so that check is the method's only). Else nothing is told.
 */
function measure(pid: number, call: ParentCall, hello: ChildHello): StartMeasure | null {
  if (call.method !== hello.method) return null;
  if (call.method !== 'forkserver' && hello.ppid !== call.parentPid) return null;
  const monotonic = hello.mono !== undefined;
  const latencyMs = monotonic ? hello.mono! - call.mono : hello.wall - call.wall;
  if (!(latencyMs >= 0 && latencyMs <= PY_START_LATENCY_MAX_MS)) return null;
  return { workerId: hello.workerId, pid, startMethod: call.method, latencyMs: Math.round(latencyMs * 100) / 100, clock: monotonic ? 'monotonic' : 'wall', parentThreads: call.threads };
}
