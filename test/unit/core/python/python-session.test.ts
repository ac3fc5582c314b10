import { describe, expect, it } from 'vitest';
import { PY_ENDED_THREADS_KEPT, PY_PARENT_KEPT_MS, PythonSession } from '../../../../src/core/python/python-session';
import type { SyncFact } from '../../../../src/shared/facts';
import type { LabEventBody } from '../../../../src/shared/protocol';
import type { PythonFact, PythonHello } from '../../../../src/shared/python-wire';
import { findDeadlock } from '../../../../src/shared/wait-for';
import { ManualClock } from '../sync/harness';

// Ten seconds before the manual clock's now.
const T = 1_699_999_990_000;
const hello = (pid: number, ppid = 1, extra: Partial<PythonHello> = {}): PythonHello => ({ type: 'hello', v: 1, token: 't', pid, ppid, t: T, executable: 'python3', version: '3.12.1', argv: ['x.py'], role: 'main', startMethod: null, name: 'MainProcess', ...extra });

/** A session with the lab around it reduced to lists: what it emitted, the facts it made, the checks it asked for. */
function session() {
  const clock = new ManualClock();
  const events: LabEventBody[] = [];
  const facts: SyncFact[] = [];
  let changes = 0;
  const python = new PythonSession({
    clock,
    emit: (event) => void events.push(event),
    fact: (fact) => void facts.push(fact),
    workerOfPid: (pid) => (pid === 100 ? { workerId: 'w1', groupId: 'g1' } : null),
    ownerOfPid: () => null,
    nameTaken: (name) => name === 'taken',
    changed: () => void (changes += 1),
  });
  return { python, events, facts, clock, changes: () => changes };
}

const start = (tid: number, name: string): PythonFact => ['thread.start', T, tid, tid * 10, name, false];

describe('the Python session', () => {
  it('names threads of the lab worker w1.N, folds ops into facts whose actor is the thread, and finds the deadlock', () => {
    const { python, events, facts } = session();
    python.hello(1, hello(100));
    expect(python.facts(1, [start(100, 'MainThread'), start(101, 'a'), start(102, 'b'), ['prim.new', T, 1, 'Lock', 'mutexA', '/x/deadlock.py', 4, {}], ['prim.new', T, 2, 'Lock', 'taken', 'deadlock.py', 5, {}]])).toBeNull();
    expect(events.filter((event) => event.type === 'sync.created').map((event) => event.type === 'sync.created' && [event.primitive.name, event.where, event.origin])).toEqual([
      ['mutexA', 'deadlock.py:4', 'observed'],
      ['taken.2', 'deadlock.py:5', 'observed'],
    ]);
    expect(python.facts(1, [['lock.acquired', T, 101, 1, 1], ['lock.acquired', T, 102, 2, 1], ['lock.waiting', T, 101, 2, -1], ['lock.waiting', T, 102, 1, -1]])).toBeNull();
    expect(facts.map((fact) => `${fact.actor} ${fact.op} ${fact.primitive}`)).toEqual(['w1.2 lock.acquired mutexA', 'w1.3 lock.acquired taken.2', 'w1.2 lock.waiting taken.2', 'w1.3 lock.waiting mutexA']);
    expect(findDeadlock(python.snapshots())?.map((step) => `${step.workerId}>${step.primitive}>${step.heldBy}`)).toEqual(['w1.2>taken.2>w1.3', 'w1.3>mutexA>w1.2']);
    // Its end frees what its threads held and ends their waits: no deadlock is left behind.
    python.closed(1, null, hello(100));
    expect(findDeadlock(python.snapshots())).toBeNull();
    expect(events.filter((event) => event.type === 'worker.exited').map((event) => event.type === 'worker.exited' && event.workerId)).toEqual(['w1.1', 'w1.2', 'w1.3']);
  });

  it.each([
    ['an op on a primitive never created', [['lock.acquired', T, 101, 9, 1]], 'lock.acquired on primitive 9, which the process never created'],
    ['an op of another kind', [['prim.new', T, 1, 'Event', 'go', 'x.py', 1, {}], ['lock.acquired', T, 101, 1, 1]], 'lock.acquired on go, a Event: not one of its operations'],
    ['a primitive created twice', [['prim.new', T, 1, 'Lock', 'a', 'x.py', 1, {}], ['prim.new', T, 1, 'Lock', 'b', 'x.py', 2, {}]], 'primitive 1 created twice'],
  ] as const)('closes the connection for %s, with a reason, keeping what came before', (_what, batch, reason) => {
    const { python, facts } = session();
    python.hello(1, hello(100));
    expect(python.facts(1, batch as unknown as PythonFact[])).toBe(reason);
    expect(facts).toEqual([]);
  });

  it("routes a Condition's lock ops to its lock, and folds a shared primitive of two processes into one", () => {
    const { python, events, facts } = session();
    python.hello(1, hello(100));
    python.facts(1, [start(100, 'MainThread'), ['prim.new', T, 1, 'Condition', 'cond', 'x.py', 1, {}], ['lock.acquired', T, 100, 1, 1], ['prim.new', T, 2, 'Semaphore', 'sem', 'x.py', 2, { value: 3, shared: '/mp-1' }]]);
    expect(facts.at(-1)).toMatchObject({ op: 'lock.acquired', primitive: 'cond.lock', actor: 'w1.1' });
    python.hello(2, hello(200, 100, { role: 'process', startMethod: 'fork', name: 'Process-1' }));
    python.facts(2, [start(200, 'MainThread'), ['prim.new', T, 5, 'Semaphore', 'sem', 'x.py', 2, { value: 3, shared: '/mp-1' }], ['semaphore.acquired', T, 200, 5, 2]]);
    expect(facts.at(-1)).toMatchObject({ op: 'semaphore.acquired', primitive: 'sem', actor: 'py1.1', units: 2 });
    expect(events.filter((event) => event.type === 'sync.created')).toHaveLength(2);
    expect(events.find((event) => event.type === 'worker.starting' && event.worker.id === 'py1')).toMatchObject({ worker: { name: 'Process-1', method: 'python', observed: { process: 'w1', role: 'process', startMethod: 'fork' } } });
    expect(python.targetOf('py1')).toEqual({ kind: 'process', pid: 200, name: 'Process-1' });
    expect(python.targetOf('py1.1')).toMatchObject({ kind: 'thread', name: 'MainThread', processName: 'Process-1' });
    expect(python.targetOf('w1')).toBeNull();
  });

  it("hangs a child's late hello under its parent whose stream already ended (multiprocessing joins its children after the shim's last report)", () => {
    const { python, events, clock } = session();
    const parentOf = (id: string) => {
      const starting = events.find((event) => event.type === 'worker.starting' && event.worker.id === id);
      return starting?.type === 'worker.starting' ? starting.worker.observed?.process : undefined;
    };
    python.hello(1, hello(100));
    python.closed(1, null, hello(100));
    python.hello(2, hello(200, 100, { role: 'process', startMethod: 'fork', name: 'Process-7' }));
    expect(parentOf('py1')).toBe('w1');
    // Long after, a pid given again to a process that never said hello is nobody's parent here.
    clock.advance(PY_PARENT_KEPT_MS + 1);
    python.hello(3, hello(300, 100, { role: 'process', startMethod: 'fork', name: 'Process-8' }));
    expect(parentOf('py2')).toBeNull();
    // Within the time, an observed process given that pid again is the parent from its own hello on.
    python.hello(4, hello(400, 1, { name: 'First' }));
    python.closed(4, null, hello(400));
    python.hello(5, hello(400, 1, { name: 'Reused' }));
    python.hello(6, hello(600, 400, { role: 'process', startMethod: 'fork', name: 'Child' }));
    expect(parentOf('py5')).toBe('py4');
  });

  it("shows an observed Process's daemon flag from its hello (false where a hello has none)", () => {
    const { python, events } = session();
    python.hello(1, hello(100));
    python.hello(2, hello(200, 100, { role: 'process', startMethod: 'fork', name: 'daemon', daemon: true }));
    python.hello(3, hello(300, 100, { role: 'process', startMethod: 'fork', name: 'non-daemon' }));
    const rows = events.flatMap((event) => (event.type === 'worker.starting' ? [[event.worker.name, event.worker.daemon]] : []));
    expect(rows).toEqual([
      ['daemon', true],
      ['non-daemon', false],
    ]);
  });

  it('keeps the lists bounded: a program that starts thousands of threads leaves the last ended ones only', () => {
    const { python, events } = session();
    python.hello(1, hello(100));
    for (let tid = 1000; tid < 1300; tid++) python.facts(1, [start(tid, `t${tid}`), ['thread.end', T, tid]]);
    const closed = events.filter((event) => event.type === 'worker.closed').length;
    expect(closed).toBe(300 - PY_ENDED_THREADS_KEPT);
  });

  it("dates facts by the program's clock, never after the host's now nor before the last fact", () => {
    const { python, facts } = session();
    python.hello(1, hello(100));
    python.facts(1, [start(100, 'MainThread'), ['prim.new', T, 1, 'Lock', 'l', 'x.py', 1, {}], ['lock.acquired', T + 5, 100, 1, 1], ['lock.released', T + 1, 100, 1, 0], ['lock.acquired', T + 99_999_999, 100, 1, 1]]);
    expect(facts.map((fact) => fact.t)).toEqual([T + 5, T + 5, T + 10_000]);
  });

  it('says why a connection was closed, and goes quiet about it once the lab is stopping', () => {
    const { python, events } = session();
    python.closed(0, '3 Python connections refused: the lab keeps at most 1024 open', null);
    expect(events).toEqual([{ type: 'python.unobserved', workerId: null, pid: null, reason: '3 Python connections refused: the lab keeps at most 1024 open' }]);
    python.stop();
    python.closed(5, 'the lab is stopping', null);
    expect(events).toHaveLength(1);
  });
});

describe('a Python program run again', () => {
  it("gets its primitives' names again once the run that had them has ended, not while it lives", () => {
    const { python, events } = session();
    const run = (connection: number, pid: number) => {
      python.hello(connection, hello(pid));
      python.facts(connection, [start(pid, 'MainThread'), ['prim.new', T, 1, 'Lock', 'mutexA', 'deadlock.py', 4, {}], ['prim.new', T, 2, 'Condition', 'cond', 'deadlock.py', 5, {}]]);
    };
    const created = () => events.filter((event) => event.type === 'sync.created').map((event) => event.type === 'sync.created' && event.primitive.name);
    run(1, 300);
    run(2, 301);
    expect(created()).toEqual(['mutexA', 'cond', 'mutexA.2', 'cond.2']);
    python.closed(1, null, hello(300));
    run(3, 302);
    expect(created().slice(4)).toEqual(['mutexA', 'cond']);
    expect(events.filter((event) => event.type === 'sync.deleted')).toEqual([
      { type: 'sync.deleted', name: 'mutexA', removed: ['mutexA'] },
      { type: 'sync.deleted', name: 'cond', removed: ['cond', 'cond.lock'] },
    ]);
  });
});

describe("a Condition with the lock the shim announced before it", () => {
  it('keeps its own name, its lock named label.lock beside it', () => {
    const { python, events } = session();
    python.hello(1, hello(100));
    expect(python.facts(1, [start(100, 'MainThread'), ['prim.new', T, 1, 'RLock', 'cond.lock', 'x.py', 3, {}], ['prim.new', T, 2, 'Condition', 'cond', 'x.py', 3, { lock: 1 }], ['lock.acquired', T, 100, 2, 1]])).toBeNull();
    expect(events.filter((event) => event.type === 'sync.created').map((event) => event.type === 'sync.created' && event.primitive)).toEqual([
      { kind: 'RLock', name: 'cond.lock' },
      { kind: 'Condition', name: 'cond', lock: 'cond.lock' },
    ]);
  });

  it("tells a child's start latency once its parent's start() call and its hello are both in, in either order", () => {
    const { python, events } = session();
    python.hello(1, hello(100));
    python.facts(1, [['process.started', T, 200, 'fork', 1_000, 2]]);
    python.hello(2, hello(200, 100, { role: 'process', startMethod: 'fork', name: 'Process-1', mono: 1_025 }));
    python.hello(3, hello(300, 100, { role: 'process', startMethod: 'spawn', name: 'Process-2', mono: 2_110 }));
    python.facts(1, [['process.started', T, 300, 'spawn', 2_000, 1]]);
    expect(events.filter((event) => event.type === 'python.started')).toEqual([
      { type: 'python.started', workerId: 'py1', pid: 200, startMethod: 'fork', latencyMs: 25, clock: 'monotonic', parentThreads: 2 },
      { type: 'python.started', workerId: 'py2', pid: 300, startMethod: 'spawn', latencyMs: 110, clock: 'monotonic', parentThreads: 1 },
    ]);
  });
});
