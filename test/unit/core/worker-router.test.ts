import { describe, expect, it } from 'vitest';
import { SyncHub } from '../../../src/core/sync-hub';
import { routeSyncMessages } from '../../../src/core/sync-routes';
import { maySend, WorkerRouter, type RoutedWorker, type Sender } from '../../../src/core/worker-router';
import type { WorkerDescriptor } from '../../../src/shared/worker';
import type { CheckedWorkerMessage } from '../../../src/shared/worker-messages';
import type { HostMessage } from '../../../src/shared/worker-wire';
import { ManualClock } from './sync/harness';

type Method = WorkerDescriptor['method'];

function descriptorOf(method: Method): WorkerDescriptor {
  return {
    id: `w-${method}`,
    name: method,
    groupId: 'g1',
    kind: method === 'thread' ? 'thread' : 'process',
    method,
    command: method === 'command' ? 'sleep 1' : null,
    task: method === 'command' ? null : { name: 'hang' },
    daemon: false,
    detached: false,
    ipc: method === 'thread' || method === 'fork',
  };
}

/** A worker whose answers are kept, as the real one's post would send them. */
function workerOf(method: Method): RoutedWorker & { readonly posted: HostMessage[] } {
  const posted: HostMessage[] = [];
  return { descriptor: descriptorOf(method), launched: { post: (message) => posted.push(message) }, posted };
}

const METHODS: readonly Method[] = ['thread', 'fork', 'spawn', 'exec', 'command'];

describe('who may send a worker message', () => {
  it('is decided by the worker kind alone: threads, forked processes, or either (a two-way channel)', () => {
    const table = Object.fromEntries(METHODS.map((method) => [method, (['thread', 'forked', 'ipc'] as Sender[]).filter((from) => maySend(descriptorOf(method), from))]));
    expect(table).toEqual({ thread: ['thread', 'ipc'], fork: ['forked', 'ipc'], spawn: [], exec: [], command: [] });
  });
});

describe('the lab\'s sync routes', () => {
  function routed() {
    const reports: string[] = [];
    const hub = new SyncHub({ clock: new ManualClock(), emit: () => undefined, samplePeriodMs: () => 500, syncSampleMs: 0 });
    expect(hub.create({ kind: 'Lock', name: 'L' }).ok).toBe(true);
    const router = new WorkerRouter((workerId, reason) => reports.push(`${workerId}: ${reason}`));
    routeSyncMessages(router, hub);
    return { router, reports, hub };
  }

  const attach: CheckedWorkerMessage = { type: 'syncAttach', id: 4, name: 'L' };
  const create: CheckedWorkerMessage = { type: 'syncCreate', id: 5, primitive: { kind: 'Event', name: 'E' } } as CheckedWorkerMessage;
  const batch: CheckedWorkerMessage = { type: 'queueBatch', name: 'Q', ops: [] };
  const ring: CheckedWorkerMessage = { type: 'syncRing', from: 0, entries: new Int32Array(0) };

  it('gives a thread its lock cell, a process an empty attachment, and reports neither', () => {
    const { router, reports } = routed();
    const thread = workerOf('thread');
    const fork = workerOf('fork');
    router.route(thread, attach);
    router.route(fork, attach);
    expect(thread.posted).toMatchObject([{ type: 'syncAttached', id: 4, lock: { recursive: false } }]);
    expect((thread.posted[0] as { lock: { cell: unknown } }).lock.cell).toBeInstanceOf(SharedArrayBuffer);
    expect(fork.posted).toEqual([{ type: 'syncAttached', id: 4, lock: null, queue: null, recording: null }]);
    expect(reports).toEqual([]);
  });

  it('answers a creation from a thread or a fork, and refuses one from spawn, exec or a command in words', () => {
    const { router, reports } = routed();
    for (const method of METHODS) {
      const worker = workerOf(method);
      router.route(worker, { ...create, primitive: { kind: 'Event', name: `E_${method}` } } as CheckedWorkerMessage);
      expect(worker.posted.map((message) => message.type)).toEqual(method === 'thread' || method === 'fork' ? ['syncReply'] : []);
    }
    expect(reports).toEqual(['w-spawn', 'w-exec', 'w-command'].map((id) => `${id}: sync requests need a two-way channel (thread or fork)`));
  });

  it('hears queue batches from forked processes only, and ring batches from threads only (a process\'s is not heard at all)', () => {
    const { router, reports } = routed();
    router.route(workerOf('fork'), batch);
    router.route(workerOf('thread'), ring);
    expect(reports).toEqual([]);
    router.route(workerOf('thread'), batch);
    router.route(workerOf('fork'), ring);
    router.route(workerOf('spawn'), ring);
    expect(reports).toEqual(['w-thread: queue batches come from forked processes only']);
  });

  it('answers a malformed request or attach by its id, in the words of its refusal, and nothing without an id', () => {
    const { router } = routed();
    const thread = workerOf('thread');
    router.rejected(thread, { type: 'sync', id: 7, request: 'nonsense' }, 'request: bad');
    router.rejected(thread, { type: 'syncAttach', id: 8, name: 42 }, 'name: bad');
    router.rejected(thread, { type: 'sync', id: 1.5 }, 'id: bad');
    router.rejected(thread, { type: 'syncRing', from: -1 }, 'from: bad');
    router.rejected(thread, { type: 'no such type', id: 9 }, 'type: bad');
    router.rejected(thread, 'not even an object', 'bad');
    expect(thread.posted).toEqual([
      { type: 'syncReply', id: 7, reply: { ok: false, error: 'ValueError', message: 'request: bad' } },
      { type: 'syncAttached', id: 8, lock: null, queue: null, recording: null },
    ]);
  });

  it('gives back what a forked worker held on a queue when its batch is malformed (a batch is never answered)', async () => {
    const { router, hub } = routed();
    expect(hub.create({ kind: 'Queue', name: 'Q', maxsize: 2 }).ok).toBe(true);
    const fork = workerOf('fork');
    const ask = (workerId: string, request: Parameters<SyncHub['request']>[1]) => new Promise((resolve) => hub.request(workerId, request, resolve));
    // The batching producer's first put takes the queue's other slot as a credit: to anyone else it is full.
    expect(await ask(fork.descriptor.id, { op: 'put', name: 'Q', item: 1, block: true, timeout: null, batch: true })).toMatchObject({ ok: true });
    expect(await ask('w-other', { op: 'put', name: 'Q', item: 2, block: false, timeout: null })).toMatchObject({ ok: false, error: 'Full' });
    router.rejected(fork, { type: 'queueBatch', name: 'Q', ops: 'not a list' }, 'ops: bad');
    expect(await ask('w-other', { op: 'put', name: 'Q', item: 2, block: false, timeout: null })).toMatchObject({ ok: true });
  });

  it('refuses a second route for a type (a wiring bug, said at start-up)', () => {
    const { router, hub } = routed();
    expect(() => routeSyncMessages(router, hub)).toThrow('worker messages of type sync already have a route');
  });

  it('does not hear a type nobody serves, nor the supervisor\'s own', () => {
    const { router, reports } = routed();
    const thread = workerOf('thread');
    router.route(thread, { type: 'workerQuery', id: 3, query: { op: 'status', worker: 'w2' } } as CheckedWorkerMessage);
    router.route(thread, { type: 'ready', pid: 1, tid: null });
    expect(thread.posted).toEqual([]);
    expect(reports).toEqual([]);
  });
});
