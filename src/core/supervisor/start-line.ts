import type { CheckedWorkerMessage } from '../../shared/worker-messages';
import type { Cancel, Clock } from '../clock';
import type { ManagedWorker } from './managed-worker';

/** A worker's first steps held at most: a Python thread makes one blocking call at a time, a hostile script more. */
export const MAX_HELD_PER_WORKER = 4;
/**
 * A start line opens by itself once it has not moved for this long: no member booted and none had its first
 * message held. Counted from the last move, not from the first held message, so a start that boots slowly on
 * a loaded machine (20 threads taking longer than this in all) still meets, while a member that never boots
 * holds the others for at most this long after the last one that did.
 */
export const START_LINE_MAX_WAIT_MS = 5_000;

interface Line {
  readonly members: readonly ManagedWorker[];
  readonly held: { readonly from: ManagedWorker; readonly message: CheckedWorkerMessage }[];
  deadline: Cancel | null;
}

/**
 * The start line: the workers of one start take their first step on a primitive together, once all of
 * them have booted. Python's threads started in a loop all begin within microseconds; a Node thread boots in
 * 20 to 100 ms and they are launched a few at a time, so without it the first would be done before the last
 * had begun, and the seeds' race (100 threads, num -= 1) would lose far fewer updates (82 instead of 99 left
 * in one run; 57 with a 10 ms pause). Bounded: a few messages per worker, and a few seconds in all, so one
 * member that never boots cannot hold the others for long (a deliberate difference from Python, documented
 * in docs/sync.md).
 */
export class StartLines {
  private readonly lines = new Map<string, Line>();

  constructor(
    private readonly clock: Clock,
    private readonly deliver: (from: ManagedWorker, message: CheckedWorkerMessage) => void,
  ) {}

  open(groupId: string, members: readonly ManagedWorker[]): void {
    if (members.length > 1) this.lines.set(groupId, { members, held: [], deadline: null });
  }

  /** True if the message is held until the line opens; false: deliver it now. */
  hold(worker: ManagedWorker, message: CheckedWorkerMessage): boolean {
    const line = this.lines.get(worker.descriptor.groupId);
    if (line === undefined) return false;
    if (line.held.filter((each) => each.from === worker).length >= MAX_HELD_PER_WORKER) return false;
    line.held.push({ from: worker, message });
    this.moved(worker.descriptor.groupId, line);
    return true;
  }

  /** One member is ready or has ended: the line opens when every member is. */
  booted(worker: ManagedWorker): void {
    const line = this.lines.get(worker.descriptor.groupId);
    if (line === undefined) return;
    if (line.members.every((member) => member.ready || member.ended)) this.release(worker.descriptor.groupId);
    else if (line.deadline !== null) this.moved(worker.descriptor.groupId, line);
  }

  /** The line moved: its deadline starts again (armed from the first held message on). */
  private moved(groupId: string, line: Line): void {
    line.deadline?.();
    line.deadline = this.clock.setTimeout(() => this.release(groupId), START_LINE_MAX_WAIT_MS);
  }

  private release(groupId: string): void {
    const line = this.lines.get(groupId);
    if (line === undefined) return;
    this.lines.delete(groupId);
    line.deadline?.();
    for (const { from, message } of line.held) if (!from.ended) this.deliver(from, message);
  }
}
