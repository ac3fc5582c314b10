import { describe, expect, it } from 'vitest';
import { PythonSession } from '../../../../src/core/python/python-session';
import type { SyncFact } from '../../../../src/shared/facts';
import type { LabEventBody } from '../../../../src/shared/protocol';
import type { PythonFact, PythonHello } from '../../../../src/shared/python-wire';
import { describeCycle } from '../../../../src/shared/sync';
import { findDeadlock } from '../../../../src/shared/wait-for';
import { ManualClock } from '../sync/harness';

const T = 1_699_999_990_000;
const hello = (pid: number, ppid = 1, extra: Partial<PythonHello> = {}): PythonHello => ({ type: 'hello', v: 1, token: 't', pid, ppid, t: T, executable: 'python3', version: '3.12.1', argv: ['x.py'], role: 'main', startMethod: null, name: 'MainProcess', ...extra });
const start = (tid: number, name: string): PythonFact => ['thread.start', T, tid, tid * 10, name, false];

function session() {
  const events: LabEventBody[] = [];
  const facts: SyncFact[] = [];
  let changes = 0;
  const python = new PythonSession({
    clock: new ManualClock(),
    emit: (event) => void events.push(event),
    fact: (fact) => void facts.push(fact),
    workerOfPid: (pid) => (pid === 100 ? { workerId: 'w1', groupId: 'g1' } : null),
    ownerOfPid: () => null,
    nameTaken: () => false,
    changed: () => void (changes += 1),
  });
  const joins = () => events.flatMap((event) => (event.type === 'join.waiting' ? [`${event.workerId} waits for ${event.target} ${event.timeoutMs ?? 'for ever'}`] : event.type === 'join.returned' ? [`${event.workerId} ${event.outcome} ${event.target}`] : []));
  return { python, events, facts, joins, changes: () => changes };
}

describe("Python threads' joins (join.wait / join.end)", () => {
  it('tells a join of a thread, and how it returned: joined, or timed out with the thread still running', () => {
    const { python, joins, changes } = session();
    python.hello(1, hello(100));
    const before = changes();
    expect(python.facts(1, [start(100, 'MainThread'), start(101, 'counter-1'), ['join.wait', T, 100, 'thread', 101, 1000], ['join.end', T, 100, 'thread', 101, 'timedOut']])).toBeNull();
    expect(changes()).toBeGreaterThan(before);
    expect(python.joinWaits()).toEqual([]);
    python.facts(1, [['join.wait', T, 100, 'thread', 101, -1]]);
    expect(python.joinWaits()).toEqual([{ workerId: 'w1.1', target: 'w1.2', holder: 'w1.2', timeoutMs: null }]);
    python.facts(1, [['thread.end', T, 101], ['join.end', T, 100, 'thread', 101, 'joined']]);
    expect(joins()).toEqual(['w1.1 waits for w1.2 1000', 'w1.1 timedOut w1.2', 'w1.1 waits for w1.2 for ever', 'w1.1 joined w1.2']);
    expect(python.joinWaits()).toEqual([]);
  });

  it("tells a join of a child process by its worker, waiting for the child's hello when the join comes first; the process's main thread is what it waits for", () => {
    const { python, joins } = session();
    python.hello(1, hello(100));
    python.facts(1, [start(100, 'MainThread'), ['join.wait', T, 100, 'process', 200, -1]]);
    // Its hello not read yet (a spawned child says it late): nothing to show.
    expect(joins()).toEqual([]);
    python.hello(2, hello(200, 100, { role: 'process', startMethod: 'spawn', name: 'Process-1' }));
    expect(joins()).toEqual(['w1.1 waits for py1 for ever']);
    expect(python.joinWaits()).toEqual([{ workerId: 'w1.1', target: 'py1', holder: 'py1', timeoutMs: null }]);
    python.facts(2, [start(200, 'MainThread')]);
    expect(python.joinWaits()).toEqual([{ workerId: 'w1.1', target: 'py1', holder: 'py1.1', timeoutMs: null }]);
    // A second join of a known child is told at once.
    python.facts(1, [['join.end', T, 100, 'process', 200, 'timedOut'], ['join.wait', T, 100, 'process', 200, 500]]);
    expect(joins().slice(1)).toEqual(['w1.1 timedOut py1', 'w1.1 waits for py1 500']);
  });

  it('ends a join whose joiner ended while waiting (its process killed) as interrupted', () => {
    const { python, joins } = session();
    python.hello(1, hello(100));
    python.facts(1, [start(100, 'MainThread'), start(101, 'worker'), ['join.wait', T, 100, 'thread', 101, -1]]);
    python.closed(1, null, hello(100));
    expect(joins()).toEqual(['w1.1 waits for w1.2 for ever', 'w1.1 interrupted w1.2']);
    expect(python.joinWaits()).toEqual([]);
  });

  it('names the deadlock of a thread that holds a lock while it joins the thread waiting for that lock', () => {
    const { python } = session();
    python.hello(1, hello(100));
    python.facts(1, [
      start(100, 'MainThread'),
      ['prim.new', T, 1, 'Lock', 'L', 'x.py', 3, {}],
      ['lock.acquired', T, 100, 1, 1],
      start(101, 'B'),
      ['lock.waiting', T, 101, 1, -1],
      ['join.wait', T, 100, 'thread', 101, -1],
    ]);
    const cycle = findDeadlock(python.snapshots(), python.joinWaits());
    expect(cycle).toEqual([
      { workerId: 'w1.1', primitive: 'w1.2', heldBy: 'w1.2', via: 'join' },
      { workerId: 'w1.2', primitive: 'L', heldBy: 'w1.1' },
    ]);
    const names: Record<string, string> = { 'w1.1': 'MainThread', 'w1.2': 'B' };
    expect(describeCycle(cycle!, (id) => names[id] ?? id)).toBe('Deadlock: MainThread waits to join B; B waits for L held by MainThread');
    // With a timeout the join ends by itself: no deadlock.
    python.facts(1, [['join.end', T, 100, 'thread', 101, 'timedOut'], ['join.wait', T, 100, 'thread', 101, 2000]]);
    expect(findDeadlock(python.snapshots(), python.joinWaits())).toBeNull();
  });

  it('refuses a join fact of the wrong shape on the wire', async () => {
    const { parsePythonLine } = await import('../../../../src/core/python/python-wire-schema');
    expect(parsePythonLine(JSON.stringify({ type: 'facts', facts: [['join.wait', T, 1, 'thread', 2, -1], ['join.end', T, 1, 'process', 2, 'joined']] }), true).ok).toBe(true);
    expect(parsePythonLine(JSON.stringify({ type: 'facts', facts: [['join.wait', T, 1, 'pool', 2, -1]] }), true)).toMatchObject({ ok: false, reason: expect.stringContaining('join.wait') });
    expect(parsePythonLine(JSON.stringify({ type: 'facts', facts: [['join.end', T, 1, 'thread', 2, 'maybe']] }), true)).toMatchObject({ ok: false, reason: expect.stringContaining('join.end') });
  });
});
