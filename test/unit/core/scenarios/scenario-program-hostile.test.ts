import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '../../../../src/core/scenarios/scenario-file';
import { planProgram } from '../../../../src/core/scenarios/program-plan';
import { scenarioProgramSchema } from '../../../../src/shared/scenario';

/**
 * What a scenario file's program may smuggle into a start: a NUL written as "\0" in a quoted YAML string (no
 * NUL byte in the file) cannot be on a command line, so it is refused at the file's line, not started to fail
 * without a word; an example path stays inside the shipped examples whatever it spells.
 */

const file = (program: string) => `title: T
seed: s
narration: [{ text: a }]
variants:
  - id: one
    label: One
    program: ${program}
    check: { kind: exit, worker: main, equals: 0, verdict: { pass: ok, fail: no } }
`;

const errorOf = (text: string) => {
  const parsed = parseScenarioFile('evil.yaml', text);
  return parsed.ok ? 'accepted' : parsed.error;
};

describe("a hostile scenario program", () => {
  it('a NUL in inline code or in an argument is refused at its line', () => {
    expect(errorOf(file('{ kind: python, code: "print(1)\\0" }'))).toBe('evil.yaml line 7: variants[0].program.code must not contain a NUL character');
    expect(errorOf(file('{ kind: python, code: "print(1)", args: ["a\\0b"] }'))).toBe('evil.yaml line 7: variants[0].program.args[0]: an argument must not contain a NUL character');
  });

  it('an example path that climbs out, is absolute, or hides .. is refused; a script may be anywhere (it is the user\'s own), but must be there', () => {
    for (const example of ['../../../etc/passwd.py', '/etc/x.py', 'a/../../b.py', 'a/..\\\\b.py', '.hidden/x.py', 'a/b.py\\0.py']) {
      expect(scenarioProgramSchema.safeParse({ kind: 'python', example }).success, example).toBe(false);
    }
    const places = { examples: '/nowhere/examples', folder: '/nowhere/mine', interpreter: undefined, namePrefix: 'evil' };
    expect(planProgram(scenarioProgramSchema.parse({ kind: 'python', script: '../../not-there.py' }), places)).toBe('the script /not-there.py is not there');
    expect(planProgram(scenarioProgramSchema.parse({ kind: 'python', code: 'print(1)' }), { ...places, interpreter: 'python3\0' })).toMatch(/^the program cannot be started: interpreter must be a program name or a path on one line$/);
  });
});
