import { describe, expect, it } from 'vitest';
import { ObservedDicts, PY_DICT_KEYS_KEPT } from '../../../../src/core/python/observed-dicts';
import { PythonSession } from '../../../../src/core/python/python-session';
import type { SyncFact } from '../../../../src/shared/facts';
import type { LabEventBody } from '../../../../src/shared/protocol';
import type { PythonFact, PythonHello } from '../../../../src/shared/python-wire';
import { ManualClock } from '../sync/harness';

const T = 1_699_999_990_000;
const hello = (pid: number, ppid = 1, extra: Partial<PythonHello> = {}): PythonHello => ({ type: 'hello', v: 1, token: 't', pid, ppid, t: T, executable: 'python3', version: '3.12.1', argv: ['x.py'], role: 'main', startMethod: null, name: 'MainProcess', ...extra });
const start = (tid: number, name: string): PythonFact => ['thread.start', T, tid, tid * 10, name, false];

function session() {
  const events: LabEventBody[] = [];
  const facts: SyncFact[] = [];
  const python = new PythonSession({
    clock: new ManualClock(),
    emit: (event) => void events.push(event),
    fact: (fact) => void facts.push(fact),
    workerOfPid: (pid) => (pid === 100 ? { workerId: 'w1', groupId: 'g1' } : null),
    ownerOfPid: () => null,
    nameTaken: () => false,
    changed: () => undefined,
  });
  return { python, events, facts };
}

describe("a Manager dict's contents, rebuilt from its keyed facts", () => {
  it('follows writes, deletes and clears in Python order, and says … when a write could not be followed', () => {
    const dicts = new ObservedDicts();
    expect(dicts.apply('d', 'initial', "'count'", '100', 1)).toBe("{'count': 100}");
    expect(dicts.apply('d', 'read', "'count'", '100', 2)).toBeNull();
    expect(dicts.apply('d', 'write', "'name'", "'alvin'", 3)).toBe("{'count': 100, 'name': 'alvin'}");
    expect(dicts.apply('d', 'delete', "'count'", '', 4)).toBe("{'name': 'alvin'}");
    expect(dicts.apply('d', 'write', "'count'", '99', 5)).toBe("{'name': 'alvin', 'count': 99}");
    expect(dicts.apply('d', 'unknown', '', '', 6)).toBe("{'name': 'alvin', 'count': 99, …}");
    expect(dicts.apply('d', 'clear', '', '', 7)).toBe('{}');
  });

  it("keeps a key's latest write by its time, whatever order the streams were read in", () => {
    const dicts = new ObservedDicts();
    dicts.apply('d', 'write', "'count'", '50', 20);
    expect(dicts.apply('d', 'write', "'count'", '53', 10)).toBe("{'count': 50}");
  });

  it('keeps at most PY_DICT_KEYS_KEPT keys of a dict, then says …, and cuts its repr at 200 characters', () => {
    const dicts = new ObservedDicts();
    let contents = '';
    for (let key = 0; key <= PY_DICT_KEYS_KEPT; key++) contents = dicts.apply('d', 'write', String(key), 'None', key)!;
    expect(contents.length).toBe(200);
    expect(contents.endsWith('…')).toBe(true);
    dicts.forget('d');
    expect(dicts.apply('d', 'write', '1', '2', 1)).toBe('{1: 2}');
  });
});

describe('the session tells shared data contents and keys, and counts a Manager queue’s depth', () => {
  it("tells a Value's contents as sync.write, a dict's reads as sync.read and its writes with key, value and contents", () => {
    const { python, events } = session();
    python.hello(1, hello(100));
    expect(python.facts(1, [
      start(100, 'MainThread'),
      ['prim.new', T, 1, 'Value', 'num', 'x.py', 3, { typecode: 'd', shared: 'shm@1' }],
      ['prim.contents', T, 100, 1, '3.1415927'],
      ['prim.new', T, 2, 'Dict', 'm_dic', 'x.py', 4, { shared: 'a@b' }],
      ['data.key', T, 100, 2, 'initial', "'count'", '100'],
      ['data.key', T, 100, 2, 'read', "'count'", '100'],
      ['data.key', T, 100, 2, 'write', "'count'", '99'],
    ])).toBeNull();
    const told = events.filter((event) => event.type === 'sync.write' || event.type === 'sync.read');
    expect(told).toEqual([
      { type: 'sync.write', primitive: 'num', actor: 'w1.1', contents: '3.1415927' },
      { type: 'sync.write', primitive: 'm_dic', actor: 'w1.1', contents: "{'count': 100}" },
      { type: 'sync.read', primitive: 'm_dic', actor: 'w1.1', key: "'count'", value: '100' },
      { type: 'sync.write', primitive: 'm_dic', actor: 'w1.1', contents: "{'count': 99}", key: "'count'", value: '99' },
    ]);
    // Keys on a Value, contents on a Lock: the connection is closed with a reason.
    expect(python.facts(1, [['data.key', T, 100, 1, 'read', '1', '2']])).toBe('data.key on num, a Value: only a dict has keys');
  });

  it("counts a Manager queue's depth over the processes that put and get (params.remote: the shim's ops carry 0)", () => {
    const { python, facts } = session();
    python.hello(1, hello(100));
    python.facts(1, [start(100, 'MainThread'), ['prim.new', T, 1, 'Queue', 'q', 'x.py', 3, { remote: true, shared: 'k@a' }]]);
    python.hello(2, hello(200, 100, { role: 'pool-worker', startMethod: 'fork', name: 'ForkPoolWorker-1' }));
    python.facts(2, [start(200, 'MainThread'), ['prim.new', T, 1, 'Queue', 'Queue-1', '', 0, { remote: true, shared: 'k@a' }], ['queue.put', T, 200, 1, 0], ['queue.put', T, 200, 1, 0]]);
    python.facts(1, [['queue.get', T, 100, 1, 0], ['queue.get', T, 100, 1, 0], ['queue.get', T, 100, 1, 0]]);
    expect(facts.map((fact) => `${fact.op} ${'depth' in fact ? fact.depth : ''} ${fact.primitive}`)).toEqual(['queue.put 1 q', 'queue.put 2 q', 'queue.get 1 q', 'queue.get 0 q', 'queue.get 0 q']);
  });
});
