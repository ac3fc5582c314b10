import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait';
import { checksExactly } from './seed-lab-coverage';
import { exitedAt, ops, printedAt, readyAt, runToEnd, threadsOf, toEnd } from './seed-lab-read';
import { SeedLab, withRetries } from './seed-lab-run';

/**
 * The seeds' thread programs under the lab (seed-fact-checks.ts): their threads' rows (name, daemon flag,
 * start, end) and the primitives they use, from what the lab shows. One program at a time (seed-lab.test.ts
 * says why).
 *
 * The order of things is read from the lab's event log. Within one process the shim's facts arrive in the
 * order it made them (one connection), so "every thread started before any ended" is exact. Output and
 * facts arrive on two streams (the stdout pipe, the shim's socket): a line printed seconds before a thread
 * ends is surely logged first, but a line printed just after a join returned may be read before the
 * thread's end, so such a check retries (it is the observation that races, not the program).
 */

/** The threads' names, sorted, and every one ended at 0 (a thread has no exit code: the lab shows 0). */
function threadNames(run: SeedLab): string[] {
  const threads = threadsOf(run);
  for (const thread of threads) expect(thread.exit?.exitCode, thread.name).toBe(0);
  return threads.map((thread) => thread.name).sort();
}

/** No thread-program here starts a process: the lab shows the program's one process and its threads. */
function oneProcess(run: SeedLab): void {
  expect(run.processes()).toEqual([]);
}

/** The main thread's last line came out before any of `threads` ended (it did not wait for them), and the process ended after all of them. */
function mainRanAhead(run: SeedLab, lastLine: string, threadIds: readonly string[]): void {
  const printed = printedAt(run, lastLine);
  expect(printed).toBeGreaterThanOrEqual(0);
  for (const id of threadIds) expect(printed, `${lastLine} before ${run.name(id)} ended`).toBeLessThan(exitedAt(run, id));
  const processEnd = exitedAt(run, run.root);
  for (const id of threadIds) expect(exitedAt(run, id)).toBeLessThan(processEnd);
}

const CHECKS: Record<string, (run: SeedLab) => void> = {
  'threading-and-multiprocessing/01_thread_function.py': (run) => {
    expect(threadNames(run)).toEqual(['Thread-1 (countNum)', 'Thread-2 (countNum)']);
    oneProcess(run);
    mainRanAhead(run, 'ending!', threadsOf(run).map((thread) => thread.id));
  },
  'threading-and-multiprocessing/02_thread_subclass.py': (run) => {
    // MyThread keeps Thread's default names.
    expect(threadNames(run)).toEqual(['Thread-1', 'Thread-2']);
    mainRanAhead(run, 'ending', threadsOf(run).map((thread) => thread.id));
  },
  'threading-and-multiprocessing/03_join_and_daemon.py': (run) => {
    const threads = threadsOf(run);
    expect(threads.map((thread) => ({ name: thread.name, daemon: thread.daemon }))).toEqual([
      { name: 'Thread-1 (Music)', daemon: false },
      { name: 'Thread-2 (Blog)', daemon: false },
    ]);
    const [music, blog] = threads;
    mainRanAhead(run, 'all over', [music!.id, blog!.id]);
    // Not daemons: the 3 s Music thread ends first, the 5 s Blog thread last, and the process waits for it.
    expect(exitedAt(run, music!.id)).toBeLessThan(exitedAt(run, blog!.id));
  },
  'threading-and-multiprocessing/11_event_wait_timeout.py': (run) => {
    const facts = run.facts('readis_ready');
    const set = ops(facts, 'event.set');
    expect(set).toHaveLength(1);
    for (const name of ['t1', 't2']) {
      const mine = facts.filter((fact) => run.name(fact.actor) === name);
      // wait(2) while the main thread checks for 3 s: at least one wait times out before the set.
      expect(ops(mine, 'event.wait').every((fact) => fact.timeoutMs === 2_000), name).toBe(true);
      const timedOut = ops(mine, 'event.timedOut');
      expect(timedOut.length, name).toBeGreaterThanOrEqual(1);
      expect(timedOut.every((fact) => fact.t <= set[0]!.t)).toBe(true);
      const woken = ops(mine, 'event.woken');
      expect(woken, name).toHaveLength(1);
      expect(woken[0]!.t).toBeGreaterThanOrEqual(set[0]!.t);
    }
    expect(run.harness.lab.state().sync.states.readis_ready).toMatchObject({ kind: 'Event', flag: true, waiters: [] });
  },
  'threading-and-multiprocessing/15_producer_consumer_threads.py': (run) => {
    const facts = run.facts('q');
    const puts = ops(facts, 'queue.put');
    const gets = ops(facts, 'queue.get');
    expect(puts).toHaveLength(10);
    expect(new Set(puts.map((fact) => run.name(fact.actor)))).toEqual(new Set(['Thread-1 (Producer)']));
    // The consumer looks (q.empty()) before it gets: it never waits, and gets at most what was put.
    expect(gets.length).toBeGreaterThanOrEqual(1);
    expect(gets.length).toBeLessThanOrEqual(10);
    expect(new Set(gets.map((fact) => run.name(fact.actor)))).toEqual(new Set(['Thread-2 (Consumer)']));
    const states = run.statesOf('q');
    expect(states.every((state) => state.kind === 'Queue' && state.depth >= 0 && state.waiters.length === 0)).toBe(true);
    expect(run.harness.lab.state().sync.states.q).toMatchObject({ kind: 'Queue', puts: 10, gets: gets.length, depth: 10 - gets.length });
  },
  'multiprocess-tour/03_threads_share_memory.py': (run) => {
    // Ten threads in the one process: the list they share is one object (stdout shows it grow).
    expect(threadNames(run)).toEqual(Array.from({ length: 10 }, (_, n) => `Thread-${n + 1} (run)`).sort());
    oneProcess(run);
    // Some thread saw all ten appends. Not necessarily the last line: print() makes the list's repr before it
    // writes, so a thread that was switched out between the two writes an older list last.
    // (In start order as a rule, but a thread may append before the one started just before it: the elements are compared as a set.)
    const lists = run.stdout().trimEnd().split('\n').map((line) => line.replace(/[[\]\s]/g, '').split(',').sort((a, b) => Number(a) - Number(b)).join(','));
    expect(lists).toContain('0,1,2,3,4,5,6,7,8,9');
  },
  'threads-processes-join/01_join_loop.py': (run) => {
    const threads = threadsOf(run);
    expect(threadNames(run)).toEqual(Array.from({ length: 10 }, (_, n) => `Thread-${n + 1}`).sort());
    // All ten alive at the same time: each started (its row ready) before any ended (one connection, in order).
    const lastStart = Math.max(...threads.map((thread) => readyAt(run, thread.id)));
    const firstEnd = Math.min(...threads.map((thread) => exitedAt(run, thread.id)));
    expect(lastStart).toBeLessThan(firstEnd);
    // The main thread joins each in turn, for ever, and each join returns with its thread ended.
    expect(run.joins()).toEqual(Array.from({ length: 10 }, (_, n) => [`MainThread waits for Thread-${n + 1}`, `MainThread joined Thread-${n + 1}`]).flat());
  },
  'threads-processes-join/10_timer_cancel.py': (run) => {
    expect(ops(run.facts('t1'), 'timer.start')).toHaveLength(1);
    expect(ops(run.facts('t1'), 'timer.fired')).toHaveLength(1);
    expect(ops(run.facts('t2'), 'timer.start')).toHaveLength(1);
    expect(ops(run.facts('t2'), 'timer.cancel')).toHaveLength(1);
    expect(ops(run.facts('t2'), 'timer.fired')).toHaveLength(0);
    const { t1, t2 } = run.harness.lab.state().sync.states;
    expect({ t1, t2 }).toMatchObject({ t1: { kind: 'Timer', interval: 1, phase: 'fired' }, t2: { kind: 'Timer', interval: 2, phase: 'cancelled' } });
    // Both Timer threads ended (the cancelled one without running its function: no fired fact, no line).
    expect(threadNames(run)).toHaveLength(2);
    expect(run.stdout()).not.toContain('never printed');
  },
};

/** Join lessons: the main thread's line after join() came after the threads' ends (retried: see above). */
const JOINS: Record<string, { threads: string[]; before?: string; after: string }> = {
  'pipe-manager-pool/15_thread_function.py': { threads: ['Thread-1 (func)'], after: '主线程' },
  // MyThread keeps Thread's default name.
  'pipe-manager-pool/16_thread_subclass.py': { threads: ['Thread-1'], after: '主线程结束' },
  'threads-processes-join/12_join_to_see_results.py': { threads: ['Thread-1 (work)', 'Thread-2 (work)', 'Thread-3 (work)'], before: 'without join: []', after: 'after join: [0, 1, 2]' },
};

describe('the seeds’ thread programs under the lab', () => {
  for (const [program, check] of Object.entries(CHECKS)) it(program, () => runToEnd(program, check));

  for (const [program, { threads, before, after }] of Object.entries(JOINS)) {
    it(`${program}: its threads end before the main thread's line after join()`, () =>
      withRetries(program, 3, async (run) => {
        await toEnd(run);
        expect(threadNames(run)).toEqual(threads);
        oneProcess(run);
        const ids = threadsOf(run).map((thread) => thread.id);
        // Printed 0.5 s before they end ("without join": the list still empty), so logged before.
        if (before !== undefined) for (const id of ids) expect(printedAt(run, before)).toBeLessThan(exitedAt(run, id));
        const printed = printedAt(run, after);
        expect(printed).toBeGreaterThanOrEqual(0);
        for (const id of ids) expect(exitedAt(run, id), `${run.name(id)} ended before "${after}"`).toBeLessThan(printed);
        // The main thread waits in join() for each in turn (a wait-for edge), and each join returns joined.
        expect(run.joins()).toEqual(threads.flatMap((name) => [`MainThread waits for ${name}`, `MainThread joined ${name}`]));
      }));
  }

  it('threading-and-multiprocessing/14_lifo_and_priority_queue.py: the LifoQueue is never read; the PriorityQueue is drained, then its get blocks', async () => {
    const run = await SeedLab.start('threading-and-multiprocessing/14_lifo_and_priority_queue.py');
    try {
      // Both are named q: the second one, made by the same name later, is q.2 in the Queues view.
      const blocked = await waitFor('q.2 drained, its get parked', () => {
        const state = run.harness.lab.state().sync.states['q.2'];
        return state?.kind === 'PriorityQueue' && state.waiters.length === 1 ? state : undefined;
      });
      expect(blocked).toMatchObject({ puts: 4, gets: 4, depth: 0, waiters: [{ op: 'get', timeoutMs: null }] });
      expect(run.name(blocked.waiters[0]!.actor)).toBe('MainThread');
      expect(run.harness.lab.state().sync.states.q).toMatchObject({ kind: 'LifoQueue', puts: 3, gets: 0, depth: 3 });
      // Its four gets took the depth down one at a time (the items' order is in stdout: [3, ...] first).
      expect(ops(run.facts('q.2'), 'queue.get').map((fact) => fact.depth)).toEqual([3, 2, 1, 0]);
      expect((await waitFor('its lines in the Output view', () => (run.stdout().split('\n').length > 4 ? run.stdout() : undefined))).split('\n')[0]).toBe("[3, 'hello']");
      expect(run.harness.lab.state().workers[run.root]?.exit).toBeNull();
      await run.harness.ok({ type: 'kill', workerIds: [run.root] });
      await run.exitCode(15_000);
    } finally {
      await run.stop();
    }
  });

  it('checks here exactly the programs listed for this file', () => {
    checksExactly('seed-lab-threads.test.ts', [...Object.keys(CHECKS), ...Object.keys(JOINS), 'threading-and-multiprocessing/14_lifo_and_priority_queue.py']);
  });
});
