import type { SyncFactOp } from '../../shared/facts';

/**
 * A Manager's queues (a Python program's `manager.Queue()`, `params.remote`): the queue lives in the
 * manager's process, so its proxies' ops carry no depth (the shim sends 0) and the host counts it over
 * every process that reports. Puts are timed before their round trip, gets after (docs/python-wire.md), so
 * in time order a get follows the put of its item.
 */
export class RemoteQueues {
  private readonly counts = new Map<string, { depth: number; unfinished: number }>();

  created(name: string): void {
    this.counts.set(name, { depth: 0, unfinished: 0 });
  }

  forget(name: string): void {
    this.counts.delete(name);
  }

  /**
   * The number an op on `primitive` carries: the shim's own for any other primitive; for a Manager queue the
   * depth after a put or a get (never below 0: a get whose put's process is not observed), the unfinished
   * tasks after a task_done.
   */
  argOf(primitive: string, op: SyncFactOp, arg: number): number {
    const counted = this.counts.get(primitive);
    if (counted === undefined) return arg;
    switch (op) {
      case 'queue.put':
        counted.unfinished += 1;
        return (counted.depth += 1);
      case 'queue.get':
        return (counted.depth = Math.max(0, counted.depth - 1));
      case 'queue.taskDone':
        return (counted.unfinished = Math.max(0, counted.unfinished - 1));
      default:
        return arg;
    }
  }
}
