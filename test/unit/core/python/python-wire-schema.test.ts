import { describe, expect, it } from 'vitest';
import { parsePythonLine } from '../../../../src/core/python/python-wire-schema';

const T = 1_764_800_000_123.4;
const hello = { type: 'hello', v: 1, token: 'a'.repeat(32), pid: 4242, ppid: 4241, t: T, executable: '/usr/bin/python3', version: '3.11.7', argv: ['x.py'], role: 'main', startMethod: null, name: 'MainProcess' };
const batch = (...facts: unknown[]) => JSON.stringify({ type: 'facts', facts });

describe('parsePythonLine', () => {
  it('takes the hello of the contract, then batches of every fact it names', () => {
    expect(parsePythonLine(JSON.stringify(hello), false)).toMatchObject({ ok: true, value: { type: 'hello', pid: 4242 } });
    expect(parsePythonLine(JSON.stringify({ ...hello, mono: 123_456.7 }), false)).toMatchObject({ ok: true, value: { mono: 123_456.7 } });
    // A Process's daemon flag, optional (a shim that predates it says none); a boolean or nothing.
    expect(parsePythonLine(JSON.stringify({ ...hello, role: 'process', daemon: true }), false)).toMatchObject({ ok: true, value: { daemon: true } });
    expect(parsePythonLine(JSON.stringify({ ...hello, daemon: 'yes' }), false)).toMatchObject({ ok: false });
    const line = batch(
      ['thread.start', T, 4242, 139812, 'MainThread', false],
      ['prim.new', T, 1, 'Lock', 'mutexA', 'deadlock.py', 4, {}],
      ['lock.acquired', T, 4242, 1, 1],
      ['thread.end', T, 4242],
      ['process.name', T, 'Process-1'],
      ['process.exit', T, 0, [4243]],
      ['pool.new', T, 1, 'pool', 'squares', 'map.py', 6, 2, null],
      ['pool.worker', T, 1, 1, 4243, null],
      ['task.step', T, 1, 1, 'submitted', null, 'square', [1, 0, 13, true]],
      ['task.run', T, 1, 0],
      ['task.step', T, 1, 1, 'running', 1, null, null],
      ['pool.state', T, 1, 'broken', 'BrokenProcessPool: ...'],
      ['process.reaped', T, 4250, -15],
      ['process.started', T, 4250, 'spawn', 123_456.7, 2],
    );
    expect(parsePythonLine(line, true)).toMatchObject({ ok: true, value: { type: 'facts' } });
  });

  it.each([
    ['not JSON', '{"type":', false, 'a line that is not JSON'],
    ['a hello missing its pid', JSON.stringify({ ...hello, pid: undefined }), false, 'a bad hello: pid'],
    ['a hello of another version', JSON.stringify({ ...hello, v: 2 }), false, "the wire's version must be 1"],
    ['a batch before the hello', batch(), false, 'a bad hello'],
    ['a hello again', JSON.stringify(hello), true, 'not a facts batch'],
    ['an unknown op', batch(['lock.stolen', T, 1, 1, 0]), true, 'fact 0: unknown fact "lock.stolen"'],
    ['a fact that is not a list', batch({ op: 'lock.acquired' }), true, 'a fact is a list'],
    ['a prototype key as a name', batch(['__proto__', T, 1, 1, 0]), true, 'unknown fact "__proto__"'],
    ['a huge number', batch(['lock.acquired', T, 1, 1, 1e300]), true, 'fact 0 (lock.acquired)'],
    ['Infinity', '{"type":"facts","facts":[["lock.acquired",1764800000000,1,1,1e400]]}', true, 'fact 0 (lock.acquired)'],
    ['a time that is not a clock', batch(['lock.acquired', 5, 1, 1, 1]), true, 'fact 0 (lock.acquired)'],
    ['a fact with extra fields', batch(['thread.end', T, 1, 'more']), true, 'fact 0 (thread.end)'],
    ['unknown params', batch(['prim.new', T, 1, 'Lock', 'a', 'f.py', 1, { evil: 1 }]), true, 'fact 0 (prim.new)'],
    ['an unknown kind', batch(['prim.new', T, 1, 'Mutex', 'a', 'f.py', 1, {}]), true, 'fact 0 (prim.new)'],
    ['a pool of an unknown class', batch(['pool.new', T, 1, 'Pool', 'a', 'x.py', 1, 2, null]), true, 'fact 0 (pool.new)'],
    ['a task step the lab has not', batch(['task.step', T, 1, 1, 'stolen', null, null, null]), true, 'fact 0 (task.step)'],
    ['a task of id 0', batch(['task.step', T, 1, 0, 'done', null, null, null]), true, 'fact 0 (task.step)'],
    ['a pool state the lab has not', batch(['pool.state', T, 1, 'paused', null]), true, 'fact 0 (pool.state)'],
    ['deep nesting', `{"type":"facts","facts":${'['.repeat(5000)}${']'.repeat(5000)}}`, true, 'nested more than 4 levels'],
    ['a start by an unknown method', batch(['process.started', T, 4250, 'clone', 1, 1]), true, 'fact 0 (process.started)'],
    ['a start with a negative monotonic time', batch(['process.started', T, 4250, 'fork', -1, 1]), true, 'fact 0 (process.started)'],
    ['a hello with a monotonic time that is not one', JSON.stringify({ ...hello, mono: 'soon' }), false, 'a bad hello: mono'],
    ['too many facts', batch(...Array.from({ length: 4097 }, () => ['thread.end', T, 1])), true, 'at most 4096'],
  ])('refuses %s with a reason', (_what, line, helloSeen, reason) => {
    const parsed = parsePythonLine(line, helloSeen);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });
});
