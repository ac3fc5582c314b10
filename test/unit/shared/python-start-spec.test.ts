import { describe, expect, it } from 'vitest';
import { pythonArgv, pythonCommandLine } from '../../../src/core/supervisor/describe-start';
import { parseCommand } from '../../../src/shared/protocol';
import { startSpecSchema, type PythonStart } from '../../../src/shared/start-spec';

const refusal = (spec: unknown): string => {
  const parsed = parseCommand({ type: 'start', spec });
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(spec)}`);
  return parsed.error;
};

describe('the start spec of kind python', () => {
  it('takes inline code or a script, with python3 and no arguments by default', () => {
    expect(startSpecSchema.parse({ kind: 'python', count: 1, code: 'print(1)' })).toEqual({ kind: 'python', count: 1, code: 'print(1)', args: [], interpreter: 'python3', namePrefix: 'worker', daemon: false });
    expect(startSpecSchema.parse({ kind: 'python', count: 2, script: '/tmp/deadlock.py', args: ['-n', '5'], interpreter: 'python3.12' })).toMatchObject({ script: '/tmp/deadlock.py', args: ['-n', '5'], interpreter: 'python3.12' });
  });

  it.each([
    ['neither code nor script', { kind: 'python', count: 1 }, 'a Python program needs its code or a script path (one of the two)'],
    ['both code and script', { kind: 'python', count: 1, code: 'pass', script: '/x.py' }, 'one of the two'],
    ['empty code', { kind: 'python', count: 1, code: '   ' }, 'spec.code: code must not be empty'],
    ['a relative script', { kind: 'python', count: 1, script: 'deadlock.py' }, 'spec.script: script must be an absolute path, such as /home/me/deadlock.py'],
    ['arguments that are not text', { kind: 'python', count: 1, code: 'pass', args: [1] }, 'spec.args.0: each argument must be text'],
    ['an interpreter on two lines', { kind: 'python', count: 1, code: 'pass', interpreter: 'python3\nrm' }, 'spec.interpreter: interpreter must be a program name or a path on one line'],
    ['a task', { kind: 'python', count: 1, code: 'pass', task: { name: 'sleep', ms: 1 } }, 'spec.task: a Python program runs its code or script, not a task'],
    ['a method', { kind: 'python', count: 1, code: 'pass', method: 'fork' }, "spec.method: a Python program has no method: its own children start with Python's start methods"],
    ['detached', { kind: 'python', count: 1, code: 'pass', detached: true }, 'spec.detached: a Python program is watched by the lab, so it cannot be detached from it'],
    ['huge code', { kind: 'python', count: 1, code: 'x'.repeat(100_001) }, 'code is at most 100000 characters; run a longer program as a script'],
  ])('refuses %s, saying why', (_what, spec, words) => {
    expect(refusal(spec)).toContain(words);
  });

  it('runs the interpreter on the code or the script, then the arguments, and shows a line a person would type', () => {
    const code = startSpecSchema.parse({ kind: 'python', count: 1, code: "print('hi')", args: ['a b'] }) as PythonStart;
    expect(pythonArgv(code)).toEqual(['python3', '-c', "print('hi')", 'a b']);
    expect(pythonCommandLine(code)).toBe(`python3 -c 'print('\\''hi'\\'')' 'a b'`);
    const script = startSpecSchema.parse({ kind: 'python', count: 1, script: '/tmp/x.py', interpreter: '/usr/bin/python3.11' }) as PythonStart;
    expect(pythonArgv(script)).toEqual(['/usr/bin/python3.11', '/tmp/x.py']);
  });
});
