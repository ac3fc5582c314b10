import type { JoinOutcome, JoinWait } from '../../shared/joins';
import type { LabEventBody } from '../../shared/protocol';

/** Joins of processes whose hello has not been read yet (a spawned child says it late), kept at most this many. */
export const PY_JOINS_PENDING_MAX = 1_024;

/** Where a joined process is, as the session knows it: its worker and its main thread, or null when not known yet. */
export interface JoinedProcess {
  readonly workerId: string;
  readonly mainThread: string | null;
}

interface Pending {
  readonly joiner: string;
  readonly pid: number;
  readonly timeoutMs: number | null;
}

/**
 * Python threads' joins of threads and processes (docs/python-wire.md, `join.wait` / `join.end`), as lab
 * events: `join.waiting` when a thread starts waiting in a join, `join.returned` when it returns, stamped by the lab as every event is, (or its
 * thread ends while waiting: `interrupted`). The joins waiting for ever are what the deadlock check reads
 * (wait-for.ts): a join's holder is the joined thread, or a joined process's main thread. A process joined
 * before its hello was read waits here, at most PY_JOINS_PENDING_MAX, until the hello says which worker it is.
 */
export class PythonJoins {
  private readonly waiting = new Map<string, JoinWait>();
  /** By the joined pid: joins whose target process has not said hello yet. */
  private readonly pending = new Map<number, Pending[]>();
  private pendingCount = 0;

  constructor(private readonly emit: (event: LabEventBody) => void) {}

  /** Every join in progress whose target is known, for the deadlock check (the timed ones end by themselves: wait-for.ts skips them). */
  waits(): JoinWait[] {
    return [...this.waiting.values()];
  }

  /** `joiner` (a thread worker) waits for a thread worker, whose end ends the join. */
  thread(joiner: string, target: string, timeoutMs: number | null): void {
    this.begin({ workerId: joiner, target, holder: target, timeoutMs });
  }

  /** A join of a process: told now if the process is known, else when its hello comes (`processSeen`). */
  process(joiner: string, pid: number, known: JoinedProcess | null, timeoutMs: number | null): void {
    if (known !== null) return this.begin({ workerId: joiner, target: known.workerId, holder: known.mainThread ?? known.workerId, timeoutMs });
    if (this.pendingCount >= PY_JOINS_PENDING_MAX) return;
    const list = this.pending.get(pid) ?? [];
    list.push({ joiner, pid, timeoutMs });
    this.pending.set(pid, list);
    this.pendingCount += 1;
  }

  /** A process said hello: the joins that waited for it are told now. */
  processSeen(pid: number, seen: JoinedProcess): void {
    const list = this.pending.get(pid);
    if (list === undefined) return;
    this.pending.delete(pid);
    this.pendingCount -= list.length;
    for (const each of list) this.begin({ workerId: each.joiner, target: seen.workerId, holder: seen.mainThread ?? seen.workerId, timeoutMs: each.timeoutMs });
  }

  /** A process's main thread became known (its first thread.start came after a join of it was told). */
  mainThreadKnown(workerId: string, mainThread: string): void {
    for (const [joiner, wait] of this.waiting) if (wait.target === workerId && wait.holder === workerId) this.waiting.set(joiner, { ...wait, holder: mainThread });
  }

  /** The joiner's join returned; a join never told (its target never said hello) ends untold. */
  returned(joiner: string, outcome: JoinOutcome): boolean {
    this.dropPending(joiner);
    const wait = this.waiting.get(joiner);
    if (wait === undefined) return false;
    this.waiting.delete(joiner);
    this.emit({ type: 'join.returned', workerId: joiner, target: wait.target, outcome });
    return true;
  }

  /** A thread ended (or its process did) while waiting in a join: that wait is over. */
  actorEnded(joiner: string): boolean {
    return this.returned(joiner, 'interrupted');
  }

  private begin(wait: JoinWait): void {
    // A thread waits in one call at a time: a join still open (its end lost) is over.
    if (this.waiting.has(wait.workerId)) this.returned(wait.workerId, 'interrupted');
    this.waiting.set(wait.workerId, wait);
    this.emit({ type: 'join.waiting', workerId: wait.workerId, target: wait.target, timeoutMs: wait.timeoutMs });
  }

  private dropPending(joiner: string): void {
    for (const [pid, list] of this.pending) {
      const kept = list.filter((each) => each.joiner !== joiner);
      if (kept.length === list.length) continue;
      this.pendingCount -= list.length - kept.length;
      if (kept.length === 0) this.pending.delete(pid);
      else this.pending.set(pid, kept);
    }
  }
}
