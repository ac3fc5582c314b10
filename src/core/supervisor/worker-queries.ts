import { assertNever } from '../../shared/assert-never';
import type { SyncErrorType, SyncReply } from '../../shared/sync';
import type { ParsedWorkerQuery, WorkerStatus } from '../../shared/worker-query';
import type { Cancel, Clock } from '../clock';
import { requestIdOf, type WorkerRouter } from '../worker-router';
import type { ManagedWorker } from './managed-worker';

const fail = (error: SyncErrorType, message: string): SyncReply => ({ ok: false, error, message });

/**
 * Answers a worker's questions about another worker (shared/worker-query.ts), from the supervisor's book:
 * Python's `is_alive()`, `exitcode`, `pid`, `name`, `daemon`, and `join(timeout)`. Any worker may ask about
 * any other: the lab's workers are all the lab's children, where Python lets only a parent ask.
 */
export class WorkerQueries {
  /** Workers waiting in a join now: a Python thread blocks in one call at a time. */
  private readonly joining = new Set<string>();

  constructor(
    private readonly workers: ReadonlyMap<string, ManagedWorker>,
    private readonly clock: Clock,
    private readonly isClosed: (id: string) => boolean = () => false,
  ) {}

  answer(from: ManagedWorker, query: ParsedWorkerQuery, answer: (reply: SyncReply) => void): void {
    // Python's _check_closed: every question about a closed process.
    if (this.isClosed(query.worker)) return answer(fail('ValueError', 'process object is closed'));
    const target = this.find(query.worker);
    if (target === undefined) return answer(fail('KeyError', `no worker named "${query.worker}"`));
    switch (query.op) {
      case 'status':
        return answer({ ok: true, value: statusOf(target) });
      case 'join':
        return this.join(from, target, query.timeout, answer);
      default:
        return assertNever(query);
    }
  }

  private find(key: string): ManagedWorker | undefined {
    return this.workers.get(key) ?? [...this.workers.values()].find((worker) => worker.descriptor.name === key);
  }

  /** Python's join(timeout): returns (None) once the worker has ended or the timeout has run out; negative waits no time. */
  private join(from: ManagedWorker, target: ManagedWorker, timeout: number | null, answer: (reply: SyncReply) => void): void {
    const fromId = from.descriptor.id;
    if (target === from) {
      // Python's words: Thread.join of the current thread, Process.join of the current process (not its child).
      return answer(from.descriptor.kind === 'thread' ? fail('RuntimeError', 'cannot join current thread') : fail('AssertionError', 'can only join a child process'));
    }
    if (this.joining.has(fromId)) return answer(fail('RuntimeError', 'this worker is already waiting in a join: one blocking call at a time'));
    if (target.ended || (timeout !== null && timeout <= 0)) return answer({ ok: true, value: null });
    this.joining.add(fromId);
    let cancel: Cancel = () => undefined;
    const done = () => {
      cancel();
      target.endWaiters.delete(done);
      this.joining.delete(fromId);
      // A joiner that has ended meanwhile has no one to tell.
      if (!from.ended) answer({ ok: true, value: null });
    };
    target.endWaiters.add(done);
    if (timeout !== null) cancel = this.clock.setTimeout(done, timeout * 1000);
  }
}

function statusOf(worker: ManagedWorker): WorkerStatus {
  const { descriptor, launched } = worker;
  const pid = launched === null ? null : descriptor.kind === 'thread' ? process.pid : launched.pid;
  return {
    id: descriptor.id,
    name: descriptor.name,
    pid,
    daemon: descriptor.daemon,
    alive: !worker.ended,
    exitcode: worker.exitCode,
    startFailed: worker.startFailure,
  };
}

/** Questions about other workers (a script's `join`, `is_alive`): from any worker that can read the answer. */
export function routeWorkerQueries(router: WorkerRouter<ManagedWorker>, queries: WorkerQueries): void {
  router.on('workerQuery', {
    from: 'ipc',
    handle: (worker, message) => queries.answer(worker, message.query, (reply) => worker.launched?.post({ type: 'syncReply', id: message.id, reply })),
    refused: { reason: 'sync requests need a two-way channel (thread or fork)' },
    malformed: (worker, raw, reason) => {
      const id = requestIdOf(raw);
      if (id !== null) worker.launched?.post({ type: 'syncReply', id, reply: { ok: false, error: 'ValueError', message: reason } });
    },
  });
}
