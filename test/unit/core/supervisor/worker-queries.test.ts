import { describe, expect, it } from 'vitest';
import type { ManagedWorker } from '../../../../src/core/supervisor/managed-worker';
import { WorkerQueries } from '../../../../src/core/supervisor/worker-queries';
import type { SyncReply } from '../../../../src/shared/sync';
import { workerQuerySchema, type WorkerQuery } from '../../../../src/shared/worker-query';
import { ManualClock } from '../sync/harness';
import { bookOf, markExited } from '../../../support/managed-worker';

function worker(id: string, kind: 'thread' | 'process' = 'process'): ManagedWorker {
  return bookOf({ id, name: `worker-${id.slice(1)}`, groupId: 'g1', kind, method: kind === 'thread' ? 'thread' : 'fork', command: null, task: { name: 'hang' }, daemon: true, detached: false, ipc: true }, new ManualClock());
}

/** Ends a worker as the supervisor does: marked, then its waiters woken. */
function end(target: ManagedWorker, exitCode: number): void {
  markExited(target, exitCode);
  for (const waiter of target.endWaiters) waiter();
  target.endWaiters.clear();
}

function setup() {
  const clock = new ManualClock();
  const [asker, other] = [worker('w1'), worker('w2')];
  const queries = new WorkerQueries(new Map([asker, other].map((each) => [each.descriptor.id, each])), clock);
  const replies: SyncReply[] = [];
  const ask = (query: WorkerQuery, from = asker) => queries.answer(from, workerQuerySchema.parse(query), (reply) => replies.push(reply));
  return { clock, asker, other, replies, ask };
}

describe("a worker's questions about another worker", () => {
  it('status: alive with no exitcode while it runs, then its exit code; by id or by name', () => {
    const t = setup();
    t.ask({ op: 'status', worker: 'w2' });
    end(t.other, -15);
    t.ask({ op: 'status', worker: 'worker-2' });
    expect(t.replies).toEqual([
      { ok: true, value: { id: 'w2', name: 'worker-2', pid: null, daemon: true, alive: true, exitcode: null, startFailed: null } },
      { ok: true, value: { id: 'w2', name: 'worker-2', pid: null, daemon: true, alive: false, exitcode: -15, startFailed: null } },
    ]);
  });

  it('join(timeout) answers when the timeout runs out, and not before; join() when the worker ends', () => {
    const t = setup();
    t.ask({ op: 'join', worker: 'w2', timeout: 2 });
    t.clock.advance(1999);
    expect(t.replies).toEqual([]);
    t.clock.advance(1);
    expect(t.replies).toEqual([{ ok: true, value: null }]);
    expect(t.other.endWaiters.size).toBe(0);
    t.ask({ op: 'join', worker: 'w2' });
    expect(t.replies).toHaveLength(1);
    end(t.other, 0);
    expect(t.replies).toEqual([{ ok: true, value: null }, { ok: true, value: null }]);
    expect(t.clock.pending).toBe(0);
  });

  it('join(0) and join(-1) answer at once, as CPython (_kill_process)', () => {
    const t = setup();
    t.ask({ op: 'join', worker: 'w2', timeout: 0 });
    t.ask({ op: 'join', worker: 'w2', timeout: -1 });
    expect(t.replies).toEqual([{ ok: true, value: null }, { ok: true, value: null }]);
    expect(t.clock.pending).toBe(0);
  });

  it('refuses in Python words: an unknown worker, joining oneself, a second join at once', () => {
    const t = setup();
    const thread = worker('w3', 'thread');
    t.ask({ op: 'status', worker: 'w9' });
    t.ask({ op: 'join', worker: 'w1' });
    t.ask({ op: 'join', worker: 'w2' });
    t.ask({ op: 'join', worker: 'w2' });
    const queries = new WorkerQueries(new Map([['w3', thread]]), t.clock);
    queries.answer(thread, workerQuerySchema.parse({ op: 'join', worker: 'w3' }), (reply) => t.replies.push(reply));
    expect(t.replies).toEqual([
      { ok: false, error: 'KeyError', message: 'no worker named "w9"' },
      { ok: false, error: 'AssertionError', message: 'can only join a child process' },
      { ok: false, error: 'RuntimeError', message: 'this worker is already waiting in a join: one blocking call at a time' },
      { ok: false, error: 'RuntimeError', message: 'cannot join current thread' },
    ]);
  });

  it('a joiner that ends while it waits is not answered, and its join leaves nothing behind', () => {
    const t = setup();
    t.ask({ op: 'join', worker: 'w2', timeout: 5 });
    markExited(t.asker, 0);
    end(t.other, 0);
    expect(t.replies).toEqual([]);
    expect(t.clock.pending).toBe(0);
  });

  it('a closed worker: ValueError "process object is closed", as Python after close()', () => {
    const t = setup();
    const queries = new WorkerQueries(new Map(), t.clock, (id) => id === 'w2');
    queries.answer(t.asker, workerQuerySchema.parse({ op: 'status', worker: 'w2' }), (reply) => t.replies.push(reply));
    queries.answer(t.asker, workerQuerySchema.parse({ op: 'join', worker: 'w2' }), (reply) => t.replies.push(reply));
    expect(t.replies).toEqual([
      { ok: false, error: 'ValueError', message: 'process object is closed' },
      { ok: false, error: 'ValueError', message: 'process object is closed' },
    ]);
  });

  it.each([
    [{ op: 'join', worker: 'w2', timeout: 'soon' }, 'timeout must be a number of seconds'],
    [{ op: 'join', worker: 'w2', timeout: 1e9 }, 'timeout must be from -86400 to 86400 seconds'],
    [{ op: 'kill', worker: 'w2' }, 'a worker query is "status" or "join"'],
    [{ op: 'status', worker: '' }, 'a worker is named by its id'],
  ])('the contract refuses %j in words', (query, words) => {
    const parsed = workerQuerySchema.safeParse(query);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message).join('; ')).toContain(words);
  });
});
