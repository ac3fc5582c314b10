import { describeFailure } from '../../shared/describe-failure';
import { jsonProblem } from '../../shared/json-problem';
import type { PoolReply } from '../../shared/pool-calls';
import { requestIdOf, type RoutedWorker, type WorkerRouter } from '../worker-router';
import type { Pools } from './pools';

/**
 * A worker's pool calls not answered yet (a join that waits for a pool to end, a map that runs): each holds
 * a promise and its command in the host, and a script may send them faster than they end. Past this many,
 * the next is answered at once with an error.
 */
export const MAX_POOL_CALLS_WAITING = 16_384;

/**
 * A user's script's pool calls (shared/pool-calls.ts), from any worker with a two-way channel: run on the
 * lab's pools and answered on the worker's channel. A malformed call is answered too, or the script would
 * wait for ever.
 */
export function routePoolCalls<W extends RoutedWorker>(router: WorkerRouter<W>, pools: Pools): void {
  const waiting = new Map<string, number>();
  const settled = (workerId: string) => {
    const left = (waiting.get(workerId) ?? 1) - 1;
    if (left === 0) waiting.delete(workerId);
    else waiting.set(workerId, left);
  };
  router.on('poolCall', {
    from: 'ipc',
    handle: (worker, message) => {
      const workerId = worker.descriptor.id;
      const before = waiting.get(workerId) ?? 0;
      if (before >= MAX_POOL_CALLS_WAITING) {
        return answer(worker, message.id, { ok: false, error: 'RuntimeError', message: `${MAX_POOL_CALLS_WAITING} pool calls of this worker wait for their answers already: await some first` });
      }
      waiting.set(workerId, before + 1);
      void pools
        .call(message.command)
        .then(
          (reply) => answer(worker, message.id, reply),
          (error: unknown) => {
            console.error('lab: pool call failed:', error);
            answer(worker, message.id, { ok: false, error: 'RuntimeError', message: 'the lab could not do that (a bug: see its log)' });
          },
        )
        .finally(() => settled(workerId));
    },
    refused: { reason: 'pool calls need a two-way channel (thread or fork)' },
    malformed: (worker, raw, reason) => {
      const id = requestIdOf(raw);
      if (id !== null) answer(worker, id, { ok: false, error: 'ValueError', message: reason });
    },
  });
}

/**
 * Posts a reply the worker's channel can carry. A thread pool's value may be anything structured clone
 * takes (a BigInt, a Map), which a forked script's JSON channel would drop without a word (a Map arrives
 * as {}) or refuse by throwing in the host (a BigInt): a process is told why instead, as Python's pickle
 * would refuse it.
 */
function answer(worker: RoutedWorker, id: number, reply: PoolReply): void {
  const problem = reply.ok && worker.descriptor.kind === 'process' ? jsonProblem(reply.value) : null;
  const carried: PoolReply =
    problem === null ? reply : { ok: false, error: 'TypeError', message: `the value cannot reach a process as JSON (null, true/false, a number, text, a list or a dict with text keys), not ${problem} (Python: must be picklable)` };
  try {
    worker.launched?.post({ type: 'poolReply', id, reply: carried });
  } catch (error) {
    // A thread's value structured clone cannot copy back: the script still gets its answer.
    try {
      worker.launched?.post({ type: 'poolReply', id, reply: { ok: false, error: 'TypeError', message: `the value cannot be sent to this worker: ${describeFailure(error)}` } });
    } catch {
      // Its channel is gone: nobody is left to answer.
    }
  }
}
