import { expect } from 'vitest';
import type { Connection, Fact } from '../../support/python-collector';
import { count } from './seed-output';
import type { SeedRun } from './seed-run';

/**
 * Fact checks made today: what the shim reports of a seed program (docs/python-wire.md), read from the
 * bare collector's connections, one per Python process. Folded here by hand, not by the host's reducer:
 * these check the shim's word against the seed's lesson. The rest of seed-fact-checks.ts comes with the
 * host side (the lab's own views, deadlock detection).
 */
export type FactCheck = (connections: Connection[], run: SeedRun) => void;

const OP_FAMILIES = /^(lock|semaphore|event|condition|barrier|queue|timer)\./;
/** The ops on primitive `id`, as [op, t, tid, id, arg]. */
const opsOn = (facts: Fact[], id: number) =>
  facts.filter((fact) => typeof fact[0] === 'string' && OP_FAMILIES.test(fact[0]) && fact[3] === id) as [string, number, number, number, number][];
/** The ops' names on `id`, in order: the story of one primitive. */
const story = (facts: Fact[], id: number) => opsOn(facts, id).map(([op]) => op);
/** The numbers the ops `op` on `id` carry, in order. */
const args = (facts: Fact[], id: number, op: string) => opsOn(facts, id).filter(([name]) => name === op).map(([, , , , arg]) => arg);

/** prim.new is [name, t, id, kind, label, file, line, params]. */
function primitive(facts: Fact[], label: string, kind?: string): { id: number; kind: string; params: Record<string, unknown> } {
  const created = facts.find((fact) => fact[0] === 'prim.new' && fact[4] === label && (kind === undefined || fact[3] === kind));
  expect(created, `a prim.new labelled ${label}`).toBeDefined();
  return { id: created![2] as number, kind: created![3] as string, params: created![7] as Record<string, unknown> };
}

interface LockFold {
  /** tid -> recursion count. */
  holders: Map<number, number>;
  waiters: Set<number>;
  mostHolders: number;
  deepest: number;
  acquisitions: number;
}

/** Holders and waiters of a Lock or RLock, as its ops tell them, and the most holders it ever had at once. */
function foldLock(facts: Fact[], id: number): LockFold {
  const fold: LockFold = { holders: new Map(), waiters: new Set(), mostHolders: 0, deepest: 0, acquisitions: 0 };
  for (const [op, , tid, , arg] of opsOn(facts, id)) {
    if (op === 'lock.waiting') fold.waiters.add(tid);
    else if (op === 'lock.timedOut') fold.waiters.delete(tid);
    else if (op === 'lock.acquired') {
      fold.waiters.delete(tid);
      fold.holders.set(tid, arg);
      fold.acquisitions += 1;
      fold.deepest = Math.max(fold.deepest, arg);
    } else if (op === 'lock.released') {
      if (arg === 0) fold.holders.delete(tid);
      else fold.holders.set(tid, arg);
    } else if (op === 'lock.fastPath') fold.acquisitions += arg;
    fold.mostHolders = Math.max(fold.mostHolders, fold.holders.size);
  }
  return fold;
}

const mainFacts = (connections: Connection[]) => {
  const main = connections.find((connection) => connection.hello?.role === 'main');
  expect(main, 'the main process connected').toBeDefined();
  return main!.facts();
};
/** The tids of the threads started and not ended, but the main thread. thread.start is [name, t, tid, ident, name, daemon]. */
function aliveThreads(facts: Fact[]): number[] {
  const ended = new Set(facts.filter((fact) => fact[0] === 'thread.end').map((fact) => fact[2]));
  return facts.filter((fact) => fact[0] === 'thread.start' && fact[4] !== 'MainThread' && !ended.has(fact[2])).map((fact) => fact[2] as number);
}
const helloRoles = (connections: Connection[], role: string) => connections.filter((connection) => connection.hello?.role === role);

export const factChecksNow: Record<string, FactCheck> = {
  'threading-and-multiprocessing/07_lock_race_with_lock.py': (connections) => {
    const facts = mainFacts(connections);
    const lock = foldLock(facts, primitive(facts, 'lock').id);
    expect(lock.mostHolders).toBe(1);
    expect(lock.acquisitions).toBe(100);
    expect(lock.holders.size).toBe(0);
  },
  'threading-and-multiprocessing/08_deadlock_two_locks.py': (connections) => {
    const facts = mainFacts(connections);
    const a = foldLock(facts, primitive(facts, 'mutexA').id);
    const b = foldLock(facts, primitive(facts, 'mutexB').id);
    const [holdsA] = [...a.holders.keys()];
    const [holdsB] = [...b.holders.keys()];
    // The cycle: the holder of each waits for the other; the other 8 threads wait for mutexA.
    expect(holdsA).toBeDefined();
    expect(holdsB).toBeDefined();
    expect(holdsA).not.toBe(holdsB);
    expect(b.waiters.has(holdsA!)).toBe(true);
    expect(a.waiters.has(holdsB!)).toBe(true);
    // Every thread still alive waits on one of the two: no thread is left to release anything.
    expect([...a.waiters, ...b.waiters].sort()).toEqual(aliveThreads(facts).sort());
  },
  'threading-and-multiprocessing/09_deadlock_fixed_with_rlock.py': (connections) => {
    const facts = mainFacts(connections);
    const created = primitive(facts, 'mutexA');
    expect(created.kind).toBe('RLock');
    const lock = foldLock(facts, created.id);
    // Re-entered by its holder (fun1 takes "mutexB", the same lock, while holding "mutexA"), never shared.
    expect(lock.deepest).toBe(2);
    expect(lock.mostHolders).toBe(1);
    expect(lock.holders.size).toBe(0);
  },
  'threading-and-multiprocessing/12_semaphore_connection_pool.py': (connections) => {
    const facts = mainFacts(connections);
    const semaphore = primitive(facts, 'semaphore');
    expect(semaphore.params['value']).toBe(5);
    const unitsLeft = opsOn(facts, semaphore.id)
      .filter((fact) => fact[0] === 'semaphore.acquired')
      .map((fact) => fact[4]);
    expect(unitsLeft).toHaveLength(20);
    // Holders are 5 minus the units left: never more than 5, and 5 at some moment.
    expect(Math.min(...unitsLeft)).toBe(0);
  },
  'threading-and-multiprocessing/22_pool_apply_async.py': (connections) => expect(helloRoles(connections, 'pool-worker')).toHaveLength(5),
  'threading-and-multiprocessing/21_manager_dict_list.py': (connections) => expect(helloRoles(connections, 'manager')).toHaveLength(1),
  'multiprocessing-basics/07_terminate_exitcode.py': (connections) => {
    const exits = Object.fromEntries(
      helloRoles(connections, 'process').map((connection) => [connection.hello!.name, connection.facts().find((fact) => fact[0] === 'process.exit')?.[2]]),
    );
    expect(exits['exit_ok']).toBe(0);
    expect(exits['exit_error']).toBe(1);
    // slow_worker, killed by SIGTERM, cannot say so: its -15 is the host's to tell, from the OS.
    expect(exits['slow_worker']).toBeUndefined();
  },
  'multiprocess-tour/02_process_info.py': (connections, run) => {
    const [child] = helloRoles(connections, 'process');
    expect(child?.hello).toMatchObject({ startMethod: 'fork', ppid: run.pid });
  },
  'threading-and-multiprocessing/06_lock_race_without_lock.py': (connections) => {
    const facts = mainFacts(connections);
    // Made, and never used: case (4) is the one without it.
    expect(story(facts, primitive(facts, 'lock').id)).toEqual([]);
  },
  'threading-and-multiprocessing/10_event_redis_ready.py': (connections) => {
    const facts = mainFacts(connections);
    const event = primitive(facts, 'readis_ready', 'Event').id;
    expect(story(facts, event)).toEqual(['event.wait', 'event.wait', 'event.set', 'event.woken', 'event.woken']);
    expect(args(facts, event, 'event.wait')).toEqual([-1, -1]);
    expect(args(facts, event, 'event.set')).toEqual([2]);
  },
  'threading-and-multiprocessing/11_event_wait_timeout.py': (connections) => {
    const facts = mainFacts(connections);
    const event = primitive(facts, 'readis_ready', 'Event').id;
    expect(new Set(args(facts, event, 'event.wait'))).toEqual(new Set([2000]));
    const waiters = new Set(opsOn(facts, event).filter(([op]) => op === 'event.wait').map(([, , tid]) => tid));
    expect(waiters.size).toBe(2);
    for (const tid of waiters) {
      const own = opsOn(facts, event).filter(([, , actor]) => actor === tid).map(([op]) => op);
      expect(own).toContain('event.timedOut');
      expect(own.at(-1)).toBe('event.woken');
    }
  },
  'threading-and-multiprocessing/13_queue_join_task_done.py': (connections) => {
    const facts = mainFacts(connections);
    const q = primitive(facts, 'q', 'Queue');
    expect(q.params['maxsize']).toBe(5);
    expect(story(facts, q.id)).toEqual(['queue.put', 'queue.put', 'queue.get', 'queue.taskDone', 'queue.get', 'queue.taskDone']);
    expect(args(facts, q.id, 'queue.taskDone')).toEqual([1, 0]);
  },
  'threading-and-multiprocessing/14_lifo_and_priority_queue.py': (connections) => {
    const facts = mainFacts(connections);
    expect(args(facts, primitive(facts, 'q', 'LifoQueue').id, 'queue.put')).toEqual([1, 2, 3]);
    const priority = primitive(facts, 'q', 'PriorityQueue').id;
    expect(args(facts, priority, 'queue.get')).toEqual([3, 2, 1, 0]);
    // The block: the main thread parked on the empty queue, for ever.
    expect(opsOn(facts, priority).at(-1)).toMatchObject(['queue.emptyWait', expect.any(Number), expect.any(Number), priority, -1]);
  },
  'threading-and-multiprocessing/15_producer_consumer_threads.py': (connections, run) => {
    const facts = mainFacts(connections);
    const q = primitive(facts, 'q', 'Queue').id;
    expect(args(facts, q, 'queue.put')).toHaveLength(10);
    expect(args(facts, q, 'queue.get')).toHaveLength(count(run.stdout, 'has eat'));
    expect(Math.min(...opsOn(facts, q).map(([, , , , depth]) => depth))).toBeGreaterThanOrEqual(0);
  },
  'threading-and-multiprocessing/23_queue_put_get.py': (connections) => {
    const facts = mainFacts(connections);
    const q = primitive(facts, 'q', 'Queue');
    expect(q.params['maxsize']).toBe(10);
    expect(Math.max(...args(facts, q.id, 'queue.put'))).toBe(10);
  },
  'multiprocessing-basics/04_process_names.py': (connections) =>
    expect(helloRoles(connections, 'process').map((connection) => connection.hello!.name).sort()).toEqual(['Process-2', 't1']),
  'multiprocessing-basics/05_daemon_process.py': (connections) => {
    const exits = Object.fromEntries(helloRoles(connections, 'process').map((connection) => [connection.hello!.name, connection.facts().some((fact) => fact[0] === 'process.exit')]));
    // The non-daemon ended by itself; the daemon was terminated by its parent at exit and could not say so.
    expect(exits).toEqual({ daemon: false, 'non-daemon': true });
  },
  'threads-processes-join/06_getppid_reparented.py': (connections, run) => expect(helloRoles(connections, 'process').map((connection) => connection.hello!.ppid)).toEqual([run.pid]),
  'threads-processes-join/08_rlock_acquired_twice.py': (connections) => {
    const facts = mainFacts(connections);
    const created = primitive(facts, 'lock');
    expect(created.kind).toBe('RLock');
    expect(foldLock(facts, created.id).deepest).toBe(2);
  },
  'threads-processes-join/09_condition_notify.py': (connections) => {
    const facts = mainFacts(connections);
    const cond = primitive(facts, 'cond', 'Condition').id;
    expect(args(facts, cond, 'condition.wait')).toHaveLength(3);
    // notify() woke one, notify_all() the other two.
    expect(args(facts, cond, 'condition.notify')).toEqual([1, 2]);
    expect(args(facts, cond, 'condition.woken')).toHaveLength(3);
  },
  'threads-processes-join/10_timer_cancel.py': (connections) => {
    const facts = mainFacts(connections);
    expect(story(facts, primitive(facts, 't1', 'Timer').id)).toEqual(['timer.start', 'timer.fired']);
    expect(story(facts, primitive(facts, 't2', 'Timer').id)).toEqual(['timer.start', 'timer.cancel']);
  },
  'threads-processes-join/11_barrier_reset.py': (connections) => {
    const facts = mainFacts(connections);
    const barrier = primitive(facts, 'barrier', 'Barrier');
    expect(barrier.params['parties']).toBe(3);
    expect(story(facts, barrier.id)).toEqual(['barrier.arrive', 'barrier.arrive', 'barrier.arrive', 'barrier.trip', 'barrier.arrive', 'barrier.reset']);
  },
  'pipe-manager-pool/05_manager_dict.py': (connections) => expect(helloRoles(connections, 'manager')).toHaveLength(1),
  // close() and join() let every worker end by itself, so each has said hello (a worker terminated at once,
  // as in multiprocess-tour/01_pool_map.py, may not have).
  'pipe-manager-pool/14_pool_callback.py': (connections) => expect(helloRoles(connections, 'pool-worker')).toHaveLength(4),
  'threads-processes-join/07_lock_acquired_twice.py': (connections) => {
    const facts = mainFacts(connections);
    const lock = foldLock(facts, primitive(facts, 'lock').id);
    // A cycle of one: the holder waits for the lock it holds.
    const [holder] = [...lock.holders.keys()];
    expect(holder).toBeDefined();
    expect([...lock.waiters]).toEqual([holder]);
  },
};
