import { describe, expect, it } from 'vitest';
import { FactMerge, type MergedSession, PY_MERGE_HOLD_MS, PY_MERGE_STEPS_MAX, PY_MERGE_WAIT_MS } from '../../../../src/core/python/fact-merge';
import { PythonSession } from '../../../../src/core/python/python-session';
import type { SyncFact } from '../../../../src/shared/facts';
import { PrimitiveFold } from '../../../../src/shared/primitive-fold';
import type { LabEventBody } from '../../../../src/shared/protocol';
import type { PythonFact, PythonHello } from '../../../../src/shared/python-wire';
import { ManualClock } from '../sync/harness';

// Ten seconds before the manual clock's now: every fact below is in the host's past.
const T = 1_699_999_990_000;
const hello = (pid: number, ppid: number, role: PythonHello['role'] = 'process'): PythonHello => ({ type: 'hello', v: 1, token: 't', pid, ppid, t: T, executable: 'python3', version: '3.12.1', argv: ['x.py'], role, startMethod: role === 'main' ? null : 'fork', name: role === 'main' ? 'MainProcess' : `Process-${pid}` });
const start = (tid: number): PythonFact => ['thread.start', T, tid, tid, `t${tid}`, false];

/** A real session behind the merge, with what it recorded replayed by the page's fold (the recording's view). */
function lab(options: { heldMax?: number; stepsMax?: number } = {}) {
  const clock = new ManualClock();
  const events: LabEventBody[] = [];
  const facts: SyncFact[] = [];
  const refused: [number, string][] = [];
  const session = new PythonSession({
    clock,
    emit: (event) => void events.push(event),
    fact: (fact) => void facts.push(fact),
    workerOfPid: (pid) => (pid === 100 ? { workerId: 'w1', groupId: 'g1' } : null),
    ownerOfPid: () => null,
    nameTaken: () => false,
    changed: () => undefined,
  });
  const merge = new FactMerge(session, { clock, refuse: (connection, reason) => void refused.push([connection, reason]), ...options });
  /** The state a recording of this run folds to, now. */
  const replayed = (name: string) => {
    const fold = new PrimitiveFold();
    for (const event of events) if (event.type === 'sync.created') fold.created(event.primitive, event.origin);
    for (const fact of facts) fold.apply(fact);
    return fold.states.get(name);
  };
  const ops = () => facts.map((fact) => `${fact.actor} ${fact.op}`);
  return { clock, merge, facts, events, refused, replayed, ops };
}

/** The pools' batches are told after the host's turn (setImmediate), and at most one each FLUSH_EVERY_MS. */
async function batches(clock: ManualClock): Promise<void> {
  for (let turn = 0; turn < 3; turn++) {
    clock.advance(PY_MERGE_HOLD_MS);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The parent (connection 1, pid 100, the lab's w1) and a forked child (connection 2, pid 200, py1), both holding `q` and `lock`. */
function twoProcesses(options: { heldMax?: number; stepsMax?: number } = {}) {
  const run = lab(options);
  run.merge.hello(1, hello(100, 1, 'main'));
  run.merge.hello(2, hello(200, 100));
  const made = (id: number, kind: 'Lock' | 'JoinableQueue', label: string): PythonFact => ['prim.new', T, id, kind, label, 'x.py', id, kind === 'Lock' ? { shared: '/mp-lock' } : { maxsize: 0, shared: '/mp-q' }];
  expect(run.merge.facts(1, [start(100), made(1, 'Lock', 'lock'), made(2, 'JoinableQueue', 'q')])).toBeNull();
  expect(run.merge.facts(2, [start(200), made(1, 'Lock', 'lock'), made(2, 'JoinableQueue', 'q')])).toBeNull();
  return run;
}

describe('the merge of Python processes\' streams by time', () => {
  it('folds a JoinableQueue in time order when the consumer\'s get and task_done are read before the producer\'s put', () => {
    const { merge, replayed, ops } = twoProcesses();
    // The consumer's batch is read first: held, for the producer has told nothing as late.
    expect(merge.facts(2, [['queue.get', T + 20, 200, 2, 0], ['queue.taskDone', T + 30, 200, 2, 0]])).toBeNull();
    expect(merge.holding).toBe(2);
    expect(ops()).toEqual([]);
    // Then the producer's, made earlier: its put goes first, the consumer's next, its join last.
    expect(merge.facts(1, [['queue.put', T + 10, 100, 2, 1], ['queue.join', T + 40, 100, 2, 0]])).toBeNull();
    expect(ops()).toEqual(['w1.1 queue.put', 'py1.1 queue.get', 'py1.1 queue.taskDone']);
    // The join waits for the consumer to tell something as late (or for its hold).
    expect(merge.holding).toBe(1);
    expect(merge.facts(2, [['queue.emptyWait', T + 50, 200, 2, -1]])).toBeNull();
    expect(ops().slice(3)).toEqual(['w1.1 queue.join']);
    expect(replayed('q')).toMatchObject({ kind: 'JoinableQueue', puts: 1, gets: 1, unfinished: 0, depth: 0 });
  });

  it('never shows a multiprocessing Lock with two holders when the acquirer\'s stream is read before the releaser\'s', () => {
    const { clock, merge, facts, replayed } = twoProcesses();
    merge.facts(1, [['lock.acquired', T + 1, 100, 1, 1]]);
    merge.facts(2, [['lock.waiting', T + 2, 200, 1, -1], ['lock.acquired', T + 4, 200, 1, 1]]);
    merge.facts(1, [['lock.released', T + 3, 100, 1, 0], ['lock.acquired', T + 7, 100, 1, 1]]);
    merge.facts(2, [['lock.released', T + 6, 200, 1, 0]]);
    // The parent's last acquire waits for the child to tell something later, or for its hold.
    clock.advance(PY_MERGE_HOLD_MS);
    // Replayed after each fact, the lock never has a holder while another one holds it.
    const fold = new PrimitiveFold();
    fold.created({ kind: 'Lock', name: 'lock' }, 'observed');
    const holders: (string | null)[] = [];
    for (const fact of facts) {
      const before = fold.states.get('lock');
      if (fact.op === 'lock.acquired' && before?.kind === 'Lock') expect(before.holder, `${fact.actor} acquires`).toBeNull();
      fold.apply(fact);
      const after = fold.states.get('lock');
      if (after?.kind === 'Lock') holders.push(after.holder?.actor ?? null);
    }
    expect(holders).toEqual(['w1.1', 'w1.1', null, 'py1.1', null, 'w1.1']);
    expect(replayed('lock')).toMatchObject({ holder: { actor: 'w1.1' }, waiters: [] });
  });

  it("waits with an acquire while another process's thread holds the Lock, however late that release comes", () => {
    const { clock, merge, ops } = twoProcesses();
    merge.facts(1, [['lock.acquired', T + 1, 100, 1, 1]]);
    merge.facts(2, [['lock.waiting', T + 2, 200, 1, -1], ['lock.acquired', T + 4, 200, 1, 1], ['lock.released', T + 6, 200, 1, 0], ['queue.put', T + 7, 200, 2, 1]]);
    // The parent computes after its release (its shim sends it at its next op): the child's acquire waits past the hold.
    clock.advance(PY_MERGE_HOLD_MS * 4);
    expect(ops()).toEqual(['w1.1 lock.acquired', 'py1.1 lock.waiting']);
    // The parent's other facts go on meanwhile; then its release comes, and the child's acquire right after it.
    merge.facts(1, [['lock.released', T + 3, 100, 1, 0], ['queue.put', T + 900, 100, 2, 2]]);
    expect(ops()).toEqual(['w1.1 lock.acquired', 'py1.1 lock.waiting', 'w1.1 lock.released', 'py1.1 lock.acquired', 'py1.1 lock.released', 'py1.1 queue.put']);
    clock.advance(PY_MERGE_HOLD_MS);
    expect(ops().at(-1)).toBe('w1.1 queue.put');
  });

  it('gives up waiting after PY_MERGE_WAIT_MS (a release never told), as the lab folded before', () => {
    const { clock, merge, ops } = twoProcesses();
    merge.facts(1, [['lock.acquired', T + 1, 100, 1, 1]]);
    merge.facts(2, [['lock.acquired', T + 4, 200, 1, 1]]);
    clock.advance(PY_MERGE_HOLD_MS);
    expect(ops()).toEqual(['w1.1 lock.acquired']);
    clock.advance(PY_MERGE_WAIT_MS);
    expect(ops()).toEqual(['w1.1 lock.acquired', 'py1.1 lock.acquired']);
    expect(merge.holding).toBe(0);
  });

  it("shows a Pool task running on its worker before done, when the worker's task.run is read after the owner's done", async () => {
    const { clock, merge, events } = lab();
    merge.hello(1, hello(100, 1, 'main'));
    merge.hello(2, { ...hello(200, 100), role: 'pool-worker', name: 'ForkPoolWorker-1' });
    const chunk = (taskId: number, sentAt: number, doneAt: number): PythonFact[] => [
      ['task.step', sentAt - 2, 1, taskId, 'submitted', null, 'square', [1, taskId - 1, 13, true]],
      ['task.step', sentAt - 1, 1, taskId, 'queued', null, null, null],
      ['task.step', sentAt, 1, taskId, 'sent', null, null, null],
      ['task.step', doneAt, 1, taskId, 'done', null, null, null],
    ];
    merge.facts(1, [['pool.new', T, 1, 'pool', 'squares', 'x.py', 6, 1, null], ['pool.worker', T, 1, 1, 200, null], ...chunk(1, T + 3, T + 20), ...chunk(2, T + 30, T + 40)]);
    // The worker's run of chunk 1 (at T + 10) reaches the host long after the owner's batch.
    clock.advance(PY_MERGE_HOLD_MS * 3);
    merge.facts(2, [['task.run', T + 10, 1, 0], ['task.run', T + 35, 1, 1]]);
    await batches(clock);
    const steps = (taskId: number) => events.flatMap((event) => (event.type === 'pool.tasks' ? event.steps : [])).filter((step) => step.id === taskId).map((step) => (step.step === 'running' ? `running on ${step.slot}` : step.step));
    expect(steps(1)).toEqual(['submitted', 'queued', 'sent', 'running on 1', 'done']);
    expect(steps(2)).toEqual(['submitted', 'queued', 'sent', 'running on 1', 'done']);
  });

  it("stops waiting for a pool's runs once an end came without one (its workers not observed)", async () => {
    const { clock, merge, events } = lab();
    merge.hello(1, hello(100, 1, 'main'));
    merge.hello(2, { ...hello(200, 100), role: 'pool-worker' });
    const done = (taskId: number, at: number): PythonFact[] => [['task.step', at, 1, taskId, 'submitted', null, 'f', [taskId, 0, 1, false]], ['task.step', at + 1, 1, taskId, 'done', null, null, null]];
    merge.facts(1, [['pool.new', T, 1, 'pool', 'p', 'x.py', 6, 1, null], ['pool.worker', T, 1, 1, 200, null], ...done(1, T + 1)]);
    clock.advance(PY_MERGE_WAIT_MS + PY_MERGE_HOLD_MS);
    merge.facts(1, done(2, T + 5));
    await batches(clock);
    expect(merge.holding).toBe(0);
    expect(events.flatMap((event) => (event.type === 'pool.tasks' ? event.steps : [])).filter((step) => step.step === 'done').map((step) => step.id)).toEqual([1, 2]);
  });

  it('lets a fact go after PY_MERGE_HOLD_MS when another process stays quiet (blocked, computing)', () => {
    const { clock, merge, ops } = twoProcesses();
    merge.facts(2, [['queue.put', T + 20, 200, 2, 1]]);
    expect(ops()).toEqual([]);
    clock.advance(PY_MERGE_HOLD_MS - 1);
    expect(ops()).toEqual([]);
    clock.advance(1);
    expect(ops()).toEqual(['py1.1 queue.put']);
    expect(merge.holding).toBe(0);
  });

  it("tells a process's end after all it said, in time order with the others' facts", () => {
    const { clock, merge, ops, replayed, events } = twoProcesses();
    merge.facts(1, [['lock.acquired', T + 1, 100, 1, 1]]);
    merge.facts(2, [['lock.waiting', T + 2, 200, 1, -1]]);
    merge.facts(1, [['lock.released', T + 3, 100, 1, 0]]);
    // The child's acquire is held (the parent is quiet since T + 3 < T + 4) when its stream ends: so is its end.
    merge.facts(2, [['lock.acquired', T + 4, 200, 1, 1], ['lock.released', T + 5, 200, 1, 0], ['thread.end', T + 6, 200], ['process.exit', T + 7, 0, []]]);
    merge.closed(2, null, hello(200, 100));
    const exited = () => events.filter((event) => event.type === 'worker.exited').map((event) => event.type === 'worker.exited' && event.workerId);
    expect(exited()).toEqual([]);
    clock.advance(PY_MERGE_HOLD_MS);
    expect(ops()).toEqual(['w1.1 lock.acquired', 'py1.1 lock.waiting', 'w1.1 lock.released', 'py1.1 lock.acquired', 'py1.1 lock.released']);
    expect(exited()).toEqual(['py1.1', 'py1']);
    expect(merge.holding).toBe(0);
    expect(replayed('lock')).toMatchObject({ holder: null, ownerDied: null });
    // Closed by the host (the lab stopping), a stream's facts go at once.
    merge.facts(1, [['queue.put', T + 8, 100, 2, 1]]);
    merge.closed(1, 'the lab is stopping', hello(100, 1, 'main'));
    expect(ops().at(-1)).toBe('w1.1 queue.put');
  });

  it('closes a connection whose held fact the session refuses, with the session\'s reason, and keeps the others', () => {
    const { merge, refused, ops } = twoProcesses();
    expect(merge.facts(2, [['lock.acquired', T + 5, 200, 9, 1]])).toBeNull();
    expect(merge.facts(1, [['queue.put', T + 6, 100, 2, 1]])).toBeNull();
    expect(refused).toEqual([[2, 'lock.acquired on primitive 9, which the process never created']]);
    // The refused stream holds nothing back any more.
    expect(merge.holding).toBe(0);
    expect(ops()).toEqual(['w1.1 queue.put']);
    // A refusal met while giving on a connection's own batch is returned to the listener at once.
    expect(merge.facts(1, [['lock.acquired', T + 7, 100, 9, 1]])).toBe('lock.acquired on primitive 9, which the process never created');
  });

  it('holds at most heldMax facts: past it the earliest go at once, in time order', () => {
    const { merge, ops } = twoProcesses({ heldMax: 2 });
    merge.facts(2, [['queue.put', T + 20, 200, 2, 1], ['queue.put', T + 21, 200, 2, 2]]);
    expect(ops()).toEqual([]);
    merge.facts(2, [['queue.put', T + 22, 200, 2, 3]]);
    expect(ops()).toEqual(['py1.1 queue.put']);
    expect(merge.holding).toBe(2);
  });
});

describe('the merge stopping with the lab', () => {
  it("drains a stream the program closed with facts still held, tells its end, and never wakes up again", () => {
    const { clock, merge, ops, events } = twoProcesses();
    merge.facts(1, [['lock.acquired', T + 1, 100, 1, 1]]);
    // The child's acquire waits for the parent's release; its stream ends meanwhile (the listener forgets it).
    merge.facts(2, [['lock.acquired', T + 4, 200, 1, 1], ['thread.end', T + 6, 200], ['process.exit', T + 7, 0, []]]);
    merge.closed(2, null, hello(200, 100));
    expect(merge.holding).toBe(3);
    expect(clock.pending).toBe(1);
    merge.stop();
    // Given whole, waiting or not, then its end.
    expect(ops()).toEqual(['w1.1 lock.acquired', 'py1.1 lock.acquired']);
    expect(merge.holding).toBe(0);
    expect(events.filter((event) => event.type === 'worker.exited').map((event) => event.type === 'worker.exited' && event.workerId)).toContain('py1');
    // No timer is left to fold into the stopped lab's store (or keep the host alive).
    expect(clock.pending).toBe(0);
    const told = events.length;
    clock.advance(PY_MERGE_WAIT_MS * 2);
    expect(events.length).toBe(told);
    // The listener's close, after, goes straight to the session.
    merge.closed(1, 'the lab is stopping', hello(100, 1, 'main'));
    expect(events.filter((event) => event.type === 'worker.exited').map((event) => event.type === 'worker.exited' && event.workerId)).toContain('w1.1');
  });
});

describe('a wait the merge gave up', () => {
  it('sticks when another stream goes first that turn: the acquire is not held for a second PY_MERGE_WAIT_MS', () => {
    const { clock, merge, ops } = twoProcesses();
    // A third process, quiet since its hello: everything later waits its hold for it.
    merge.hello(3, hello(300, 100));
    merge.facts(1, [['lock.acquired', T + 1, 100, 1, 1]]);
    clock.advance(PY_MERGE_HOLD_MS);
    expect(ops()).toEqual(['w1.1 lock.acquired']);
    // The child's acquire waits for the parent's release, never told.
    merge.facts(2, [['lock.acquired', T + 4, 200, 1, 1]]);
    clock.advance(PY_MERGE_WAIT_MS - 100);
    // Just before the wait runs out, the parent tells an earlier fact: held its hold for the quiet third.
    merge.facts(1, [['queue.put', T + 3, 100, 2, 1]]);
    clock.advance(100);
    // The wait has run out, but the parent's put comes first and is not due yet.
    expect(ops()).toEqual(['w1.1 lock.acquired']);
    clock.advance(PY_MERGE_HOLD_MS - 100);
    // The put goes, and the acquire that gave up waiting right after it (as the lab folded before the merge).
    expect(ops()).toEqual(['w1.1 lock.acquired', 'w1.1 queue.put', 'py1.1 lock.acquired']);
    expect(merge.holding).toBe(0);
  });
});

describe("a killed child's exit code, told by its parent", () => {
  it("is kept while the child's last facts wait in the merge (up to PY_MERGE_WAIT_MS), not told as not known", () => {
    const { clock, merge, events } = twoProcesses();
    merge.facts(1, [['lock.acquired', T + 1, 100, 1, 1]]);
    // The child's acquire waits for the parent's release; then it is killed (no process.exit): its stream ends.
    merge.facts(2, [['lock.acquired', T + 4, 200, 1, 1]]);
    merge.closed(2, null, hello(200, 100));
    // The parent reaps it at once: its report goes on (a waiting stream holds no one back), long before the child's end.
    merge.facts(1, [['process.reaped', T + 5, 200, -9]]);
    const exits = () => events.flatMap((event) => (event.type === 'worker.exited' && event.workerId === 'py1' ? [event] : []));
    expect(exits()).toEqual([]);
    // The wait gives up, the child's end is told with the code its parent reported (a second more: the old window).
    clock.advance(PY_MERGE_WAIT_MS + PY_MERGE_HOLD_MS + 1_000);
    expect(exits()).toMatchObject([{ code: null, signal: 'SIGKILL', detail: null }]);
  });
});

describe('the merge of many streams', () => {
  it('does bounded work per settle with a thousand connections, and still gives every fact in time order', () => {
    const clock = new ManualClock();
    const given: number[] = [];
    let asked = 0;
    // A session that only records (the merge is what is measured): how often the merge asks it is its work.
    const session: MergedSession = {
      hello: () => undefined,
      facts: (_connection, facts) => {
        for (const fact of facts) given.push(fact[1]);
        return null;
      },
      closed: () => undefined,
      mayWait: () => {
        asked += 1;
        return false;
      },
    };
    // The work of each wake-up (and of each batch read), on its own.
    let most = 0;
    const measured = { now: () => clock.now(), monotonic: () => clock.monotonic(), setTimeout: (callback: () => void, ms: number) => clock.setTimeout(() => {
      const before = asked;
      callback();
      most = Math.max(most, asked - before);
    }, ms) };
    const merge = new FactMerge(session, { clock: measured, refuse: () => undefined });
    const streams = 1_000;
    const each = 10;
    for (let id = 1; id <= streams; id++) merge.hello(id, hello(1_000 + id, 1));
    // Interleaved in time: stream i tells T + i + streams * k. Held until the last stream has told (the ones
    // not heard from yet told nothing as late); then each fact given is a turn looking at every stream.
    for (let id = 1; id <= streams; id++) {
      const before = asked;
      merge.facts(id, Array.from({ length: each }, (_, k): PythonFact => ['queue.put', T + id + streams * k, 1, 1, k]));
      most = Math.max(most, asked - before);
    }
    // The last batch gave only what its steps allowed: the rest goes on later, the host's turn between.
    expect(merge.holding).toBeGreaterThan(0);
    clock.advance(PY_MERGE_HOLD_MS);
    // Every fact given, in time order, in many wake-ups of bounded work (one turn looks at every stream).
    expect(given).toHaveLength(streams * each);
    expect(given).toEqual([...given].sort((a, b) => a - b));
    expect(most).toBeLessThanOrEqual(PY_MERGE_STEPS_MAX + 2 * streams);
    expect(merge.holding).toBe(0);
  });
});

describe('a stream the host closes when the steps run out', () => {
  it('gives the rest of its facts whole (none lost), the others going on in time order after', () => {
    const { clock, merge, ops } = twoProcesses({ stepsMax: 1 });
    // A third process, quiet since its hello: the others' facts wait their hold for it.
    merge.hello(3, hello(300, 100));
    merge.facts(2, [['queue.put', T + 20, 200, 2, 1], ['queue.put', T + 22, 200, 2, 2]]);
    merge.facts(1, [['queue.put', T + 21, 100, 2, 2]]);
    expect(ops()).toEqual([]);
    // One turn of steps: the child's first fact, then the rest of it whole, before the parent's earlier one.
    merge.closed(2, 'a line longer than the lab reads', hello(200, 100));
    expect(ops()).toEqual(['py1.1 queue.put', 'py1.1 queue.put']);
    expect(merge.holding).toBe(1);
    clock.advance(PY_MERGE_HOLD_MS);
    expect(ops()).toEqual(['py1.1 queue.put', 'py1.1 queue.put', 'w1.1 queue.put']);
  });
});
