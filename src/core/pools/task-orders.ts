import type { TaskOrder } from '../../shared/task-wire';
import type { PoolWorker, RunnerTask } from './runner-book';
import type { TaskBacklog } from './task-backlog';

/** The order that sends a task to a worker (task-wire.ts). */
export function orderOf(task: RunnerTask): TaskOrder {
  const { call } = task;
  if (call.kind === 'call') return { type: 'task.run', taskId: task.id, fn: call.fn, args: call.args };
  if (call.kind === 'items') return { type: 'task.mapChunk', taskId: task.id, fn: call.fn, items: call.items };
  // A starmap's chunk whose calls take one argument each crosses as one list of items as well (task-wire.ts).
  if (call.calls.every((args) => args.length === 1)) return { type: 'task.mapChunk', taskId: task.id, fn: call.fn, items: call.calls.map((args) => args[0]) };
  return { type: 'task.runChunk', taskId: task.id, fn: call.fn, calls: call.calls };
}

/**
 * Takes tasks from the backlog for the open workers, round robin in slot order, each up to its room: the
 * tasks each worker is sent (one message each), and all of them in the order taken (explain mode lists
 * them so).
 */
export function deal(open: readonly PoolWorker[], backlog: TaskBacklog<RunnerTask>, roomOf: (worker: PoolWorker) => number) {
  const sent = new Map<PoolWorker, RunnerTask[]>();
  const taken: { readonly task: RunnerTask; readonly slot: number }[] = [];
  // Each worker's room is decided once, from what it held before this deal (held-work.ts fills by pairs).
  const rooms = open.map(roomOf);
  let more = true;
  while (more && backlog.size > 0) {
    more = false;
    for (const [index, worker] of open.entries()) {
      if (worker.inFlight.length >= rooms[index]!) continue;
      const task = backlog.shift();
      if (task === undefined) break;
      worker.inFlight.push(task);
      const list = sent.get(worker) ?? [];
      list.push(task);
      sent.set(worker, list);
      taken.push({ task, slot: worker.slot });
      more = true;
    }
  }
  return { sent, taken };
}
