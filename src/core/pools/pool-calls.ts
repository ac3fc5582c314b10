import { describeFailure } from '../../shared/describe-failure';
import { jsonProblem } from '../../shared/json-problem';
import type { PoolReply } from '../../shared/pool-calls';
import { requestIdOf, type RoutedWorker, type WorkerRouter } from '../worker-router';
import type { Pools } from './pools';

/**
 * A user's script's pool calls (shared/pool-calls.ts), from any worker with a two-way channel: run on the
 * lab's pools and answered on the worker's channel. A malformed call is answered too, or the script would
 * wait for ever.
 */
export function routePoolCalls<W extends RoutedWorker>(router: WorkerRouter<W>, pools: Pools): void {
  router.on('poolCall', {
    from: 'ipc',
    handle: (worker, message) => {
      void pools.call(message.command).then(
        (reply) => answer(worker, message.id, reply),
        (error: unknown) => {
          console.error('lab: pool call failed:', error);
          answer(worker, message.id, { ok: false, error: 'RuntimeError', message: 'the lab could not do that (a bug: see its log)' });
        },
      );
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
    worker.launched?.post({ type: 'poolReply', id, reply: { ok: false, error: 'TypeError', message: `the value cannot be sent to this worker: ${describeFailure(error)}` } });
  }
}
