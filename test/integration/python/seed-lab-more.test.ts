import { describe, expect, it } from 'vitest';
import type { SyncFact, SyncFactOf, SyncFactOp } from '../../../src/shared/facts';
import { waitFor } from '../../support/wait';
import { checksExactly } from './seed-lab-coverage';
import { runToEnd } from './seed-lab-read';
import { acquisitions, mostHoldersAtOnce, SeedLab } from './seed-lab-run';

/**
 * More of seed-fact-checks.ts under the real lab, beyond the central lessons of seed-lab.test.ts: the
 * primitives' facts and states and the processes' rows that the lab shows for the seeds' smaller programs.
 * One program at a time (seed-lab.test.ts says why).
 */

const ops = <Op extends SyncFactOp>(facts: readonly SyncFact[], op: Op) => facts.filter((fact): fact is SyncFactOf<Op> => fact.op === op);

/** Runs a program that ends by itself to exit 0, the lab settled (seed-lab-read.ts: toEnd), then `check`. */
const ended = runToEnd;

/**
 * The facts of a Lock once its `count` acquisitions are all in. The program's exit can be seen before the
 * host has read the last children's connections (their hello and facts, written before they ended, wait in
 * the socket on a loaded machine): those children have no row yet, so the wait above does not cover them.
 */
async function allOf(run: SeedLab, lock: string, count: number): Promise<SyncFact[]> {
  await waitFor(`${count} acquisitions of ${lock}`, () => acquisitions(run.facts(lock)) >= count, 15_000).catch(() => undefined);
  const facts = run.facts(lock);
  expect(acquisitions(facts)).toBe(count);
  return facts;
}

/** The end of every observed child process (multiprocessing's), by the name on its row. */
function childEnds(run: SeedLab): Record<string, number | undefined> {
  return Object.fromEntries(run.processes('process').map((each) => [run.name(each.workerId), run.harness.find('worker.exited', each.workerId)?.exitCode]));
}

const CHECKS: Record<string, (run: SeedLab) => void | Promise<void>> = {
  'threading-and-multiprocessing/13_queue_join_task_done.py': (run) => {
    expect(run.harness.lab.state().sync.states.q).toMatchObject({ kind: 'Queue', maxsize: 5, puts: 2, gets: 2, unfinished: 0, depth: 0, waiters: [] });
    expect(ops(run.facts('q'), 'queue.taskDone')).toHaveLength(2);
    // join() found no task unfinished: it never parked.
    expect(ops(run.facts('q'), 'queue.join')).toHaveLength(0);
  },
  'threading-and-multiprocessing/23_queue_put_get.py': (run) => {
    const states = run.statesOf('q');
    expect(Math.max(...states.map((state) => (state.kind === 'Queue' ? state.depth : -1)))).toBe(10);
    expect(states.every((state) => state.kind === 'Queue' && state.waiters.length === 0)).toBe(true);
    expect(run.harness.lab.state().sync.states.q).toMatchObject({ maxsize: 10, puts: 11, gets: 1, depth: 10 });
  },
  'threading-and-multiprocessing/10_event_redis_ready.py': (run) => {
    const facts = run.facts('readis_ready');
    const set = ops(facts, 'event.set');
    expect(set).toHaveLength(1);
    const waits = ops(facts, 'event.wait');
    expect(waits.map((fact) => run.name(fact.actor)).sort()).toEqual(['t1', 't2']);
    expect(waits.every((fact) => fact.t < set[0]!.t)).toBe(true);
    const woken = ops(facts, 'event.woken');
    expect(woken.map((fact) => run.name(fact.actor)).sort()).toEqual(['t1', 't2']);
    expect(woken.every((fact) => fact.t >= set[0]!.t)).toBe(true);
  },
  'threads-processes-join/08_rlock_acquired_twice.py': (run) => {
    const states = run.statesOf('lock');
    expect(states.some((state) => state.kind === 'RLock' && state.holder?.count === 2)).toBe(true);
    expect(states.every((state) => state.kind === 'RLock' && state.waiters.length === 0)).toBe(true);
    expect(run.harness.lab.state().sync.states.lock).toMatchObject({ holder: null });
  },
  'threads-processes-join/09_condition_notify.py': (run) => {
    // Named by its variable, its own RLock beside it as cond.lock (it was cond.2 before: its own lock's name counted as a clash).
    expect(run.harness.lab.state().sync.states.cond).toMatchObject({ kind: 'Condition', lock: 'cond.lock', waiters: [] });
    const facts = run.facts('cond');
    expect(ops(facts, 'condition.wait').length).toBeGreaterThanOrEqual(3);
    const notified = ops(facts, 'condition.notify').map((fact) => fact.woken);
    expect(notified).toEqual([1, 2]);
    expect(new Set(ops(facts, 'condition.woken').map((fact) => run.name(fact.actor)))).toEqual(new Set(['consumer 1', 'consumer 2', 'consumer 3']));
  },
  'threads-processes-join/11_barrier_reset.py': (run) => {
    const facts = run.facts('barrier');
    expect(ops(facts, 'barrier.trip').map((fact) => fact.parties)).toEqual([3]);
    expect(ops(facts, 'barrier.arrive')).toHaveLength(4);
    expect(ops(facts, 'barrier.reset')).toHaveLength(1);
    expect(run.harness.lab.state().sync.states.barrier).toMatchObject({ kind: 'Barrier', parties: 3, waiters: [] });
  },
  'threading-and-multiprocessing/16_process_function.py': (run) => {
    expect(childEnds(run)).toEqual({ 'Process-1': 0, 'Process-2': 0, 'Process-3': 0 });
  },
  'multiprocessing-basics/04_process_names.py': (run) => {
    expect(childEnds(run)).toEqual({ t1: 0, 'Process-2': 0 });
  },
  'threading-and-multiprocessing/19_process_queue.py': (run) => {
    const facts = run.facts('q');
    const puts = ops(facts, 'queue.put');
    expect(puts).toHaveLength(3);
    // Three puts from three processes, three gets in the main process.
    const owners = (list: readonly SyncFact[]) => new Set(list.map((fact) => run.harness.lab.state().workers[fact.actor]?.observed?.process));
    expect(owners(puts).size).toBe(3);
    expect([...owners(ops(facts, 'queue.get'))]).toEqual([run.root]);
  },
  'threading-and-multiprocessing/17_process_subclass.py': (run) => {
    expect(childEnds(run)).toEqual({ 'MyProcess-1': 0, 'MyProcess-2': 0, 'MyProcess-3': 0 });
  },
  'multiprocessing-basics/01_process_basic.py': (run) => {
    expect(childEnds(run)).toEqual({ 'Process-1': 0, 'Process-2': 0, 'Process-3': 0, 'Process-4': 0, 'Process-5': 0 });
  },
  'multiprocessing-basics/09_process_subclass.py': (run) => {
    expect(childEnds(run)).toEqual({ 'Worker-1': 0, 'Worker-2': 0, 'Worker-3': 0, 'Worker-4': 0, 'Worker-5': 0 });
  },
  'multiprocess-tour/06_process_lock.py': async (run) => {
    // One multiprocessing Lock across 10 forked processes: one primitive, acquired once by each, and never two
    // holders at once in what the lab recorded, though each process's release reaches the host on its own
    // connection, often after the next process's acquire (the host folds their facts in time order: fact-merge.ts).
    const facts = await allOf(run, 'lock', 10);
    expect(mostHoldersAtOnce(facts)).toBe(1);
    expect(new Set(facts.map((fact) => run.harness.lab.state().workers[fact.actor]?.observed?.process)).size).toBe(10);
  },
  'pipe-manager-pool/07_manager_with_lock.py': async (run) => {
    expect(run.stdout()).toBe("{'count': 50}\n");
    const facts = await allOf(run, 'ml', 50);
    const children = run.processes('process').length;
    expect({ acquisitions: acquisitions(facts), children, unobserved: run.harness.all('python.unobserved').length }).toEqual({ acquisitions: 50, children: 50, unobserved: 0 });
    expect(mostHoldersAtOnce(facts)).toBe(1);
    expect(run.processes('manager')).toHaveLength(1);
    // Under the lock each process reads what the last one wrote: 100 down to 51, each once (no update lost; their
    // order across 50 streams is only as good as the merge's, fact-merge.ts), and the dict ends at 50.
    const reads = run.harness.all('sync.read').filter((event) => event.primitive === 'm_dic').map((event) => Number(event.value));
    expect(reads.sort((a, b) => b - a)).toEqual(Array.from({ length: 50 }, (_, n) => 100 - n));
    expect(run.harness.lab.state().sync.states.m_dic).toMatchObject({ contents: "{'count': 50}" });
  },
  'threading-and-multiprocessing/22_pool_apply_async.py': (run) => {
    expect(run.processes('pool-worker')).toHaveLength(5);
  },
};

describe('more seed programs under the lab', () => {
  for (const [program, check] of Object.entries(CHECKS)) it(program, () => ended(program, check));

  it('threads-processes-join/07_lock_acquired_twice.py: a thread waiting for itself is a deadlock of one, detected', async () => {
    const run = await SeedLab.start('threads-processes-join/07_lock_acquired_twice.py');
    try {
      const detected = await run.harness.waitFor('deadlock.detected', undefined, 30_000);
      expect(detected.cycle).toHaveLength(1);
      const [step] = detected.cycle;
      expect(step).toMatchObject({ primitive: 'lock', heldBy: step!.workerId });
      expect(run.name(step!.workerId)).toMatch(/^Thread-1/);
      const wait = ops(run.facts('lock'), 'lock.waiting').at(-1);
      expect(detected.t - wait!.t).toBeLessThanOrEqual(1_000);
      await run.harness.ok({ type: 'kill', workerIds: [run.root] });
      await run.harness.waitFor('deadlock.cleared', undefined, 10_000);
    } finally {
      await run.stop();
    }
  });

  it('checks here exactly the programs listed for this file', () => {
    checksExactly('seed-lab-more.test.ts', [...Object.keys(CHECKS), 'threads-processes-join/07_lock_acquired_twice.py']);
  });
});
