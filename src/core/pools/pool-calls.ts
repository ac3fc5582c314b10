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
        (reply) => worker.launched?.post({ type: 'poolReply', id: message.id, reply }),
        (error: unknown) => {
          console.error('lab: pool call failed:', error);
          worker.launched?.post({ type: 'poolReply', id: message.id, reply: { ok: false, error: 'RuntimeError', message: 'the lab could not do that (a bug: see its log)' } });
        },
      );
    },
    refused: { reason: 'pool calls need a two-way channel (thread or fork)' },
    malformed: (worker, raw, reason) => {
      const id = requestIdOf(raw);
      if (id !== null) worker.launched?.post({ type: 'poolReply', id, reply: { ok: false, error: 'ValueError', message: reason } });
    },
  });
}
