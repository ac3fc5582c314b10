import { primitiveNameSchema } from '../shared/sync';
import type { SyncHub } from './sync-hub';
import { requestIdOf, type RoutedWorker, type WorkerRouter } from './worker-router';

/** Nothing for the thread to attach: it falls back to requests (a process always uses them). */
const NO_ATTACHMENT = { lock: null, queue: null, recording: null } as const;

const TWO_WAY = 'sync requests need a two-way channel (thread or fork)';

/** The answer a malformed request still gets, or the worker would wait for it for ever. */
function answerMalformed(worker: RoutedWorker, raw: Readonly<Record<string, unknown>>, reason: string): void {
  const id = requestIdOf(raw);
  if (id !== null) worker.launched?.post({ type: 'syncReply', id, reply: { ok: false, error: 'ValueError', message: reason } });
}

/** The lab's primitives, as workers reach them: requests, a script's creations, fast-path rings, queue batches. */
export function routeSyncMessages<W extends RoutedWorker>(router: WorkerRouter<W>, sync: SyncHub): void {
  router.on('sync', {
    from: 'ipc',
    handle: (worker, message) => sync.request(worker.descriptor.id, message.request, (reply) => worker.launched?.post({ type: 'syncReply', id: message.id, reply })),
    refused: { reason: TWO_WAY },
    malformed: answerMalformed,
  });
  router.on('syncCreate', {
    from: 'ipc',
    // As the UI's New primitive, in the same words, charged to this worker: a name taken is a ValueError,
    // a List past the memory budget (or one primitive too many) a MemoryError.
    handle: (worker, message) => worker.launched?.post({ type: 'syncReply', id: message.id, reply: sync.createFor(worker.descriptor.id, message.primitive) }),
    refused: { reason: TWO_WAY },
    malformed: answerMalformed,
  });
  router.on('syncAttach', {
    // Only a thread can share memory with the host; a process keeps every operation brokered.
    from: 'thread',
    // Step mode's flag with every attach: a thread never uses a cell or a ring without it (step-gate.ts).
    handle: (worker, message) => worker.launched?.post({ type: 'syncAttached', id: message.id, ...(sync.attach(worker.descriptor.id, message.name) ?? NO_ATTACHMENT), step: sync.step.flag.buffer as SharedArrayBuffer }),
    refused: { reason: null, answer: (worker, message) => worker.launched?.post({ type: 'syncAttached', id: message.id, ...NO_ATTACHMENT }) },
    // No cell for a bad name: the thread falls back to a request, which is then answered with the error.
    malformed: (worker, raw) => {
      const id = requestIdOf(raw);
      if (id !== null) worker.launched?.post({ type: 'syncAttached', id, ...NO_ATTACHMENT });
    },
  });
  router.on('syncRing', {
    // A thread's fast-path ops; a process has no ring, and one that says it has is not heard.
    from: 'thread',
    handle: (worker, message) => sync.ringBatch(worker.descriptor.id, message.from, message.entries),
    refused: { reason: null },
  });
  router.on('queueBatch', {
    // Only a forked process batches (a thread's queue ops are brokered, or its own fast path's).
    from: 'forked',
    handle: (worker, message) => sync.queueBatch(worker.descriptor.id, message.name, message.ops),
    refused: { reason: 'queue batches come from forked processes only' },
    // A batch is never answered, but what the worker held on that queue is back, as after any batch (its
    // credits and lease would otherwise wait for its next good batch). Only a name a primitive can have (the
    // one rule, primitiveNameSchema): no other can be a queue it holds. (lab.ts gave it back only for a batch
    // that also carried a request id, which a batch never has: the give-back never ran.)
    malformed: (worker, raw) => {
      const queue = primitiveNameSchema.safeParse(raw['name']);
      if (queue.success) sync.queueBatch(worker.descriptor.id, queue.data, null);
    },
  });
}
