import { describe, expect, it } from 'vitest';
import type { SyncFact } from '../../../src/shared/facts';
import { checksExactly } from './seed-lab-coverage';
import { ops, processRows, runToEnd, threadsOf, toEnd } from './seed-lab-read';
import { PYTHON_313, SeedLab, untilState, withRetries } from './seed-lab-run';

/**
 * The seeds' programs that pass data between processes under the lab (seed-fact-checks.ts): multiprocessing
 * Queues, Pipes, shared Values and Arrays, a Manager's dict and list, from their facts and their states in
 * the Queues and Locks views. One program at a time (seed-lab.test.ts says why).
 *
 * What is written is checked from the facts too (a Value's and an Array's contents, a Manager dict's keys,
 * values and contents), and a Pipe end pickled to a spawn child is the same Pipe there. Not checked: a
 * multiprocessing Queue's depth across processes at the end (their facts fold in time order only within
 * fact-merge.ts's 250 ms hold: a child's put read later than that, on a loaded machine, folds after the
 * parent's get; seen 1 run in 2 here).
 */

/** What a data primitive held after each of its writes, as the lab was told (sync.write), in order. */
const contentsOf = (run: SeedLab, primitive: string) => run.harness.all('sync.write').filter((event) => event.primitive === primitive).map((event) => event.contents);

/** The process worker each fact's actor (a thread) runs in. */
const processOf = (run: SeedLab) => (fact: SyncFact) => run.harness.lab.state().workers[fact.actor]?.observed?.process;

/** The one Manager server process, and its accepter thread "killed at exit" (a daemon thread still running when its interpreter ended). */
function managerShown(run: SeedLab): string {
  const [manager, ...others] = processRows(run, 'manager');
  expect(others).toEqual([]);
  expect(manager?.name).toMatch(/^SyncManager-\d+$/);
  expect(manager?.ppid).toBe(run.pid());
  const accepter = threadsOf(run, manager!.id).find((thread) => thread.name.endsWith('(accepter)'));
  expect({ daemon: accepter?.daemon, detail: accepter?.exit?.detail }).toEqual({ daemon: true, detail: expect.stringMatching(/^killed at exit/) });
  return manager!.id;
}

const CHECKS: Record<string, (run: SeedLab) => void> = {
  'multiprocess-tour/05_process_queue.py': (run) => {
    const facts = run.facts('q');
    const puts = ops(facts, 'queue.put');
    // Said together, so that a put missing says whether its process was observed at all.
    expect({ puts: puts.length, putters: new Set(puts.map(processOf(run))).size, children: processRows(run).length, unobserved: run.harness.all('python.unobserved').map((event) => event.reason) }).toEqual({ puts: 10, putters: 10, children: 10, unobserved: [] });
    const gets = ops(facts, 'queue.get');
    expect(gets).toHaveLength(10);
    expect([...new Set(gets.map(processOf(run)))]).toEqual([run.root]);
    expect(run.harness.lab.state().sync.states.q).toMatchObject({ kind: 'Queue', puts: 10, gets: 10, waiters: [] });
  },
  'multiprocess-tour/07_value_array.py': (run) => {
    const [child] = processRows(run);
    // The child writes both, the parent none (it only reads: reads are not facts).
    const num = ops(run.facts('num'), 'value.write');
    expect(num.map(processOf(run))).toEqual([child!.id]);
    const arr = ops(run.facts('arr'), 'array.write');
    expect(arr.reduce((sum, fact) => sum + fact.cells, 0)).toBe(10);
    expect(new Set(arr.map(processOf(run)))).toEqual(new Set([child!.id]));
    // What they hold, from the facts (prim.contents, told as sync.write): first as made, last as the child left them, as the parent prints.
    expect(contentsOf(run, 'num')).toEqual(['0.0', '3.1415927']);
    expect(contentsOf(run, 'arr')[0]).toBe('[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]');
    expect(contentsOf(run, 'arr').at(-1)).toBe('[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]');
    expect(run.harness.lab.state().sync.states).toMatchObject({ num: { kind: 'Value', typecode: 'd', writes: 1, contents: '3.1415927' }, arr: { kind: 'Array', typecode: 'i', length: 10, cellsWritten: 10, contents: '[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]' } });
    expect(run.stdout().split('\n').slice(2, 4)).toEqual(['3.1415927', '[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]']);
  },
  'multiprocess-tour/08_manager_dict_list.py': (run) => {
    const manager = managerShown(run);
    const [child] = processRows(run);
    expect(ops(run.facts('d'), 'dict.write').map(processOf(run))).toEqual([child!.id, child!.id, child!.id]);
    expect(ops(run.facts('l'), 'list.write').map(processOf(run))).toEqual([child!.id]);
    expect(run.harness.lab.state().sync.states).toMatchObject({ d: { kind: 'Dict', writes: 3 }, l: { kind: 'List', writes: 1 } });
    // Each write's key and value (from the call's own arguments), and the dict as they leave it: as the parent prints it.
    expect(run.harness.all('sync.write').filter((event) => event.primitive === 'd').map((event) => `${event.key} = ${event.value}`)).toEqual(["1 = '1'", "'2' = 2", '0.25 = None']);
    expect(run.harness.lab.state().sync.states.d).toMatchObject({ contents: "{1: '1', '2': 2, 0.25: None}" });
    expect(run.stdout().split('\n')[0]).toBe("{1: '1', '2': 2, 0.25: None}");
    expect(child!.id).not.toBe(manager);
  },
  'multiprocessing-basics/10_queue_maxsize.py': (run) => {
    // One process: its facts in order. Full at 3, then emptied. A multiprocessing Queue's put hands the item
    // to its feeder thread, so the first get may wait a moment for it to reach the pipe (an emptyWait of the
    // main thread, seen 1 run in 3 on a busy machine): a real wait, left out of the order checked here.
    const facts = run.facts('q');
    const depths = facts.filter((fact) => fact.op === 'queue.put' || fact.op === 'queue.get').map((fact) => `${fact.op} ${'depth' in fact ? fact.depth : ''}`);
    expect(depths).toEqual(['queue.put 1', 'queue.put 2', 'queue.put 3', 'queue.get 2', 'queue.get 1', 'queue.get 0']);
    for (const wait of ops(facts, 'queue.emptyWait')) expect(run.name(wait.actor)).toBe('MainThread');
    expect(ops(facts, 'queue.fullWait')).toEqual([]);
    expect(run.harness.lab.state().sync.states.q).toMatchObject({ kind: 'Queue', maxsize: 3, depth: 0, waiters: [] });
  },
  'pipe-manager-pool/01_pipe_one_process.py': (run) => {
    expect(run.facts('conn1-conn2').map((fact) => `${fact.op} by ${run.name(fact.actor)}`)).toEqual(['pipe.send by MainThread', 'pipe.recv by MainThread']);
    expect(run.harness.lab.state().sync.states['conn1-conn2']).toMatchObject({ kind: 'Pipe', duplex: true, sends: 1, receives: 1, inFlight: 0, senders: [`${run.root}.1`], receivers: [`${run.root}.1`] });
  },
  'pipe-manager-pool/02_pipe_to_child.py': (run) => {
    const [child] = processRows(run);
    const facts = run.facts('conn1-conn2');
    expect(ops(facts, 'pipe.send').map(processOf(run))).toEqual([run.root]);
    expect(ops(facts, 'pipe.recv').map(processOf(run))).toEqual([child!.id]);
    // If the child got to recv() first, it waited there until the parent's send (never the other way round).
    for (const wait of ops(facts, 'pipe.recvWait')) expect(processOf(run)(wait)).toBe(child!.id);
    expect(run.harness.lab.state().sync.states['conn1-conn2']).toMatchObject({ sends: 1, receives: 1, inFlight: 0, waiters: [] });
  },
  'pipe-manager-pool/04_pipe_eof_closed_in_child.py': (run) => {
    const [child] = processRows(run);
    expect(child?.exit?.exitCode).toBe(0);
    const facts = run.facts('conn1-conn2');
    // The child closes its copy of conn1 first, so the parent's close is the last writer's: the child's
    // recv sees EOF (EOFError, "对方管道已关闭") and it closes conn2.
    expect(ops(facts, 'pipe.close')).toHaveLength(3);
    expect(ops(facts, 'pipe.recv').map(processOf(run))).toEqual([child!.id]);
    expect(run.harness.lab.state().sync.states['conn1-conn2']).toMatchObject({ sends: 1, receives: 1, closed: [true, true], waiters: [] });
    expect(run.stdout()).toBe('你好啊\n对方管道已关闭\n');
  },
  'pipe-manager-pool/05_manager_dict.py': (run) => {
    managerShown(run);
    const [child] = processRows(run);
    expect(ops(run.facts('m_dic'), 'dict.write').map(processOf(run))).toEqual([child!.id]);
    // Made with its first contents, then the child's write of 'name': as the two prints show.
    expect(contentsOf(run, 'm_dic')).toEqual(["{'name': '大佬'}", "{'name': '大猪蹄子'}"]);
  },
  'threading-and-multiprocessing/20_process_pipe.py': (run) => {
    const [child] = processRows(run);
    const facts = run.facts('parent_conn-child_conn');
    // One message each way: the child's list up, the parent's reply down.
    expect(ops(facts, 'pipe.send').map(processOf(run)).sort()).toEqual([child!.id, run.root].sort());
    expect(ops(facts, 'pipe.recv').map(processOf(run)).sort()).toEqual([child!.id, run.root].sort());
    expect(run.harness.lab.state().sync.states['parent_conn-child_conn']).toMatchObject({ kind: 'Pipe', sends: 2, receives: 2, inFlight: 0, waiters: [] });
  },
  'threading-and-multiprocessing/21_manager_dict_list.py': (run) => {
    managerShown(run);
    const children = processRows(run).map((row) => row.id);
    expect(children).toHaveLength(10);
    // Each of the ten processes writes d[n] and d["name"], and appends to l: 20 and 10 writes.
    const dictWrites = ops(run.facts('d'), 'dict.write').map(processOf(run));
    expect(dictWrites).toHaveLength(20);
    for (const child of children) expect(dictWrites.filter((id) => id === child), child).toHaveLength(2);
    expect(ops(run.facts('l'), 'list.write').map(processOf(run)).sort()).toEqual([...children].sort());
  },
};

describe('the seeds’ Queue, Pipe, Value and Manager programs under the lab', () => {
  for (const [program, check] of Object.entries(CHECKS)) it(program, () => runToEnd(program, check));

  // The contents and keys facts on a second interpreter: Value and Array contents, a Manager dict's keys and contents.
  for (const program of ['multiprocess-tour/07_value_array.py', 'multiprocess-tour/08_manager_dict_list.py', 'pipe-manager-pool/05_manager_dict.py']) {
    it(`${program} on python3.13`, () =>
      withRetries(program, 1, async (run) => {
        await toEnd(run);
        CHECKS[program]!(run);
      }, PYTHON_313));
  }

  it('pipe-manager-pool/06_manager_lost_update.py: 50 processes write the Manager dict, the count ends above 50 (updates lost)', () =>
    // Retried: a lost update is likely (50 read-then-write round trips at once), not certain.
    withRetries('pipe-manager-pool/06_manager_lost_update.py', 3, async (run) => {
      await toEnd(run);
      managerShown(run);
      const writers = ops(run.facts('m_dic'), 'dict.write').map(processOf(run));
      expect(writers).toHaveLength(50);
      expect(new Set(writers).size).toBe(50);
      const count = Number(/'count': (\d+)/.exec(run.stdout())?.[1]);
      expect(count, run.stdout()).toBeGreaterThan(50);
      // From the facts alone: 50 reads of 'count' and 50 writes; the lost update is a value read by two
      // processes (both then write the same count - 1), and the count the dict ends at is what stdout says.
      const reads = run.harness.all('sync.read').filter((event) => event.primitive === 'm_dic');
      expect(reads.map((event) => event.key)).toEqual(Array.from({ length: 50 }, () => "'count'"));
      expect(new Set(reads.map((event) => event.value)).size).toBeLessThan(50);
      expect(run.harness.lab.state().sync.states.m_dic).toMatchObject({ contents: `{'count': ${count}}` });
    }));

  it('pipe-manager-pool/03_pipe_eof_hangs_under_fork.py: under fork the child waits in recv for ever, the parent waiting for it at exit', async () => {
    const run = await SeedLab.start('pipe-manager-pool/03_pipe_eof_hangs_under_fork.py');
    try {
      // The parent sent one message and closed conn1; the child, its own copy of conn1 still open, never sees EOF.
      const stuck = await untilState(run, 'conn1-conn2', 'the child parked in recv after one message', (state) => state.kind === 'Pipe' && state.receives === 1 && state.closed[0] && state.waiters.length === 1);
      const [child] = processRows(run);
      expect(stuck.kind === 'Pipe' ? stuck.waiters.map((waiter) => ({ process: run.harness.lab.state().workers[waiter.actor]?.observed?.process, op: waiter.op })) : []).toEqual([{ process: child!.id, op: 'pipe_recv' }]);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(run.harness.lab.state().sync.states['conn1-conn2']).toMatchObject({ receives: 1, waiters: [{ actor: stuck.kind === 'Pipe' ? stuck.waiters[0]!.actor : '' }] });
      expect(run.harness.lab.state().workers[run.root]?.exit).toBeNull();
      expect(child!.exit).toBeNull();
      await run.harness.ok({ type: 'terminateTree', workerIds: [run.root] });
      await run.exitCode(15_000);
    } finally {
      await run.stop();
    }
  });

  for (const [python, interpreter] of [['', undefined], [' (python3.13)', PYTHON_313]] as const) {
  it(`pipe-manager-pool/03_pipe_eof_hangs_under_fork.py under spawn${python}: the child has no copy of conn1, so it sees EOF and ends at 0`, async () => {
    const run = await SeedLab.startUnderSpawn('pipe-manager-pool/03_pipe_eof_hangs_under_fork.py', interpreter);
    try {
      await toEnd(run);
      const [child, ...others] = processRows(run);
      expect(others).toEqual([]);
      expect({ startMethod: child?.observed?.startMethod, exitCode: child?.exit?.exitCode }).toEqual({ startMethod: 'spawn', exitCode: 0 });
      expect(run.stdout()).toBe('你好啊\n对方管道已关闭\n');
      // The end pickled to the spawned child keeps its identity (the shim's reducer carries the Pipe's key): one
      // Pipe, the parent's send and close of conn1, then the child's recv of the message and its close of conn2.
      const facts = run.facts('conn1-conn2');
      expect(facts.map((fact) => `${fact.op}${fact.op === 'pipe.close' ? ` ${fact.end}` : ''} by ${processOf(run)(fact) === child!.id ? 'the child' : 'the parent'}`)).toEqual(['pipe.send by the parent', 'pipe.close 0 by the parent', 'pipe.recv by the child', 'pipe.close 1 by the child']);
      expect(run.harness.lab.state().sync.states['conn1-conn2']).toMatchObject({ kind: 'Pipe', sends: 1, receives: 1, closed: [true, true], inFlight: 0 });
    } finally {
      await run.stop();
    }
  });
  }

  it('checks here exactly the programs listed for this file', () => {
    checksExactly('seed-lab-data.test.ts', [...Object.keys(CHECKS), 'pipe-manager-pool/06_manager_lost_update.py', 'pipe-manager-pool/03_pipe_eof_hangs_under_fork.py']);
  });
});
