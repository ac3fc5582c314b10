import { expect } from 'vitest';
import type { Connection, Fact } from '../../support/python-collector';
import type { SeedRun } from './seed-run';

/**
 * Fact checks made today: what the shim reports of a seed program (docs/python-wire.md), read from the
 * bare collector's connections, one per Python process. Folded here by hand, not by the host's reducer:
 * these check the shim's word against the seed's lesson. The rest of seed-fact-checks.ts comes with the
 * host side (the lab's own views, deadlock detection).
 */
export type FactCheck = (connections: Connection[], run: SeedRun) => void;

/** An op is [name, t, tid, id, arg]. */
const opsOn = (facts: Fact[], id: number) => facts.filter((fact) => typeof fact[0] === 'string' && /^(lock|semaphore)\./.test(fact[0]) && fact[3] === id);

/** prim.new is [name, t, id, kind, label, file, line, params]. */
function primitive(facts: Fact[], label: string): { id: number; kind: string; params: Record<string, unknown> } {
  const created = facts.find((fact) => fact[0] === 'prim.new' && fact[4] === label);
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
  for (const [op, , tid, , arg] of opsOn(facts, id) as [string, number, number, number, number][]) {
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
      .map((fact) => fact[4] as number);
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
  'threads-processes-join/07_lock_acquired_twice.py': (connections) => {
    const facts = mainFacts(connections);
    const lock = foldLock(facts, primitive(facts, 'lock').id);
    // A cycle of one: the holder waits for the lock it holds.
    const [holder] = [...lock.holders.keys()];
    expect(holder).toBeDefined();
    expect([...lock.waiters]).toEqual([holder]);
  },
};
