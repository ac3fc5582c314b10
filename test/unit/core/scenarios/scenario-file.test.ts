import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenarioFile } from '../../../../src/core/scenarios/scenario-file';
import { loadScenarios } from '../../../../src/core/scenarios/scenario-library';
import { INITIAL_STATE } from '../../../../src/shared/lab-state';
import { labStateSchema } from '../../../../src/shared/lab-state-schema';
import { idleProgress } from '../../../../src/shared/scenario-run';

/**
 * Scenario files as people write them (docs/scenarios.md): a good file parses; a bad one is refused with
 * one sentence that names the file and the line of what is wrong; nothing a file holds costs more than its
 * bounded size.
 */

const GOOD = `title: Water
seed: a seed, section 1
narration:
  - text: first
  - text: second
    look: { panels: [locks, wait-for], primitive: lockA }
variants:
  - id: broken
    label: Broken
    program: { kind: python, example: threading-and-multiprocessing/08_deadlock_two_locks.py }
    check:
      kind: deadlock
      expect: cycle
      cycle: 2
      verdict:
        pass: 'a cycle of {value}'
        fail: 'none: {value}'
`;

/** The file's error, which must name the line. */
function errorOf(text: string): string {
  const parsed = parseScenarioFile('water.yaml', text);
  if (parsed.ok) throw new Error('the file was accepted');
  return parsed.error;
}

describe('a scenario file', () => {
  it('parses with its defaults filled in', () => {
    const parsed = parseScenarioFile('water.yaml', GOOD);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.scenario.narration[1]?.look).toEqual({ panels: ['locks', 'wait-for'], primitive: 'lockA' });
    expect(parsed.scenario.variants[0]?.check).toMatchObject({ kind: 'deadlock', expect: 'cycle', cycle: 2, retries: 1, limit: 60 });
    expect(parsed.scenario.variants[0]?.program).toEqual({ kind: 'python', example: 'threading-and-multiprocessing/08_deadlock_two_locks.py', args: [] });
  });

  it('a value out of its set names the line and the choices', () => {
    expect(errorOf(GOOD.replace('expect: cycle', 'expect: maybe'))).toBe('water.yaml line 13: variants[0].check.expect must be one of cycle, none');
  });

  it('an unknown check kind names its line', () => {
    expect(errorOf(GOOD.replace('kind: deadlock', 'kind: deadlocks'))).toBe('water.yaml line 12: variants[0].check.kind must be one of printed, value, deadlock, cores, exit, ends, primitive');
  });

  it('a misspelt key is named, at its own line, before the key it lacks', () => {
    expect(errorOf(GOOD.replace('  - text: second', '  - txt: second'))).toBe('water.yaml line 5: unknown key "txt" in narration[1] (docs/scenarios.md lists the keys)');
  });

  it('a key left out is missing, at the line of what should hold it', () => {
    expect(errorOf(GOOD.replace('    label: Broken\n', ''))).toBe('water.yaml line 8: variants[0]: label is missing');
  });

  it('a check compares with one bound, and a verdict uses only the known placeholders', () => {
    const printed = GOOD.replace('      kind: deadlock\n      expect: cycle\n      cycle: 2\n', "      kind: cores\n      atMost: 1.2\n      atLeast: 1.7\n");
    expect(errorOf(printed)).toBe('water.yaml line 12: variants[0].check: a check compares with exactly one of equals, notEquals, atLeast, atMost');
    expect(errorOf(GOOD.replace("'a cycle of {value}'", "'a cycle of {count}'"))).toBe('water.yaml line 16: variants[0].check.verdict.pass may use {value}, {expected}, {seconds}, {worker}, not {count}');
  });

  it('a pattern that could take exponential time on one line of output is refused', () => {
    // A function, so that a "$" in the pattern is not read as a replacement's $'.
    const printed = (pattern: string) => GOOD.replace('      kind: deadlock\n      expect: cycle\n      cycle: 2\n', () => `      kind: printed\n      pattern: '${pattern}'\n`);
    expect(parseScenarioFile('water.yaml', printed('num:(-?\\d+)')).ok).toBe(true);
    for (const pattern of ['(a+)+$', '(a|aa)*b', '([ab]+)+', '(x)\\1']) {
      expect(errorOf(printed(pattern))).toMatch(/^water\.yaml line 13: variants\[0\]\.check\.pattern repeats a group that itself repeats/);
    }
  });

  it('a program has one of example, script and code, and an example stays inside the examples', () => {
    expect(errorOf(GOOD.replace('example: threading-and-multiprocessing/08_deadlock_two_locks.py', "example: a.py, code: 'x'"))).toBe('water.yaml line 10: variants[0].program: a python program has exactly one of example, script or code');
    expect(errorOf(GOOD.replace('threading-and-multiprocessing/08', '../08'))).toMatch(/^water\.yaml line 10: variants\[0\]\.program\.example must be a path inside resources\/python\/examples/);
  });

  it('two variants of one id are refused at the second', () => {
    const twice = GOOD + GOOD.slice(GOOD.indexOf('  - id: broken'));
    expect(errorOf(twice)).toBe('water.yaml line 18: variants[1].id: two variants are called broken');
  });

  it('YAML that does not parse names its line', () => {
    expect(errorOf(GOOD.replace('title: Water', 'title: Water\ntitle: Again'))).toBe('water.yaml line 2: Map keys must be unique');
    expect(errorOf('title: [unclosed\nseed: x\n')).toMatch(/^water\.yaml line \d+: /);
  });

  it('bounded: aliases that would multiply, nesting too deep, a file too large, and nothing at all are each one sentence', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 6 }, (_, n) => `${String.fromCharCode(98 + n)}: &${String.fromCharCode(98 + n)} [${Array(10).fill(`*${String.fromCharCode(97 + n)}`).join(', ')}]`)].join('\n');
    expect(errorOf(laughs)).toMatch(/^water\.yaml: not readable as YAML: .*resource exhaustion/);
    expect(errorOf(`${'['.repeat(20_000)}${']'.repeat(20_000)}`)).toMatch(/^water\.yaml( line 1)?: nested too deeply$/);
    expect(errorOf(`title: ${'x'.repeat(70_000)}`)).toBe('water.yaml: the file is larger than 64 KiB: a scenario is a page of text');
    expect(errorOf('')).toBe('water.yaml: the file is empty: a scenario needs a title, a seed, narration and variants');
  });
});

describe('the scenario folders', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lab-scenarios-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('a bad user file is listed with its error; the good ones, and the library, are read', async () => {
    writeFileSync(join(folder, 'mine.yaml'), GOOD);
    writeFileSync(join(folder, 'water.yaml'), GOOD.replace('expect: cycle', 'expect: maybe'));
    writeFileSync(join(folder, 'Bad Name.yaml'), GOOD);
    writeFileSync(join(folder, 'race.yaml'), GOOD);
    writeFileSync(join(folder, 'notes.txt'), 'not a scenario');
    const library = join(__dirname, '..', '..', '..', '..', 'resources', 'scenarios');
    const loaded = await loadScenarios([
      { source: 'library', path: library },
      { source: 'user', path: folder },
      { source: 'user', path: join(folder, 'nowhere') },
      // The desktop app's default folder need not be there.
      { source: 'user', path: join(folder, 'not-made-yet'), optional: true },
    ]);
    const shipped = readdirSync(library).filter((name) => name.endsWith('.yaml')).length;
    expect(loaded.entries.filter((entry) => entry.source === 'library')).toHaveLength(shipped);
    expect(loaded.entries.filter((entry) => entry.source === 'user').map((entry) => entry.id)).toEqual(['mine']);
    expect(loaded.problems.map((problem) => problem.error)).toEqual([
      'Bad Name.yaml: a scenario file\'s name is its id: lower-case letters, digits, "-" and "_" (such as race.yaml)',
      "race.yaml: another scenario is called race already (the library's comes first): rename this file",
      'water.yaml line 13: variants[0].check.expect must be one of cycle, none',
      expect.stringMatching(/^the folder could not be read: .*ENOENT/),
    ]);
  });

  it('every file of the library is valid', async () => {
    const library = join(__dirname, '..', '..', '..', '..', 'resources', 'scenarios');
    const loaded = await loadScenarios([{ source: 'library', path: library }]);
    expect(loaded.problems).toEqual([]);
    for (const entry of loaded.entries) expect(readFileSync(join(library, entry.file), 'utf8').length).toBeGreaterThan(0);
    // A keyframe holds the library: a recording's state reads back the same (its schema parses its own output).
    const scenarios = { library: loaded.entries.map(({ folder: _folder, ...entry }) => entry), problems: [], progress: { race: idleProgress('race') } };
    const parsed = labStateSchema.parse(JSON.parse(JSON.stringify({ ...INITIAL_STATE, scenarios })));
    expect(parsed.scenarios).toEqual(scenarios);
  });
});
