import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm run scenarios` as a person or `npm test` runs it (scripts/scenarios.ts, through tsx): one line per
 * variant, and its exit code, 0 only when every variant passed and every file was read.
 */

const ROOT = join(__dirname, '..', '..', '..');
const base = mkdtempSync(join(tmpdir(), 'lab-headless-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function scenario(folder: string, id: string, code: string, pattern: string, equals: number): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, `${id}.yaml`),
    `title: ${id}\nseed: a test\nnarration: [{ text: it prints }]\nvariants:\n  - id: only\n    label: Only\n    program: { kind: python, code: ${JSON.stringify(code)} }\n    check: { kind: printed, pattern: '${pattern}', equals: ${equals}, verdict: { pass: 'printed {value}', fail: 'printed {value}, not ${equals}' } }\n`,
  );
}

function run(...args: string[]): { status: number | null; lines: string[] } {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'scenarios.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, lines: result.stdout.trimEnd().split('\n') };
}

describe('npm run scenarios', () => {
  it('exits 0 when every variant passed, 1 when one failed, with a line for each', () => {
    const good = join(base, 'good');
    scenario(good, 'answer', "print('answer 42')", 'answer (\\d+)', 42);
    const passed = run('--dir', good, '--only', 'answer');
    expect(passed.lines.filter((line) => /^(PASS|FAIL) /.test(line))).toEqual([expect.stringMatching(/^PASS answer\/only +printed 42 \(1 try, [\d.]+ s\)$/)]);
    expect(passed.lines.at(-1)).toMatch(/^1 of 1 variants passed in [\d.]+ s \(load average [\d.]+ on \d+ cores\)$/);
    expect(passed.status).toBe(0);

    const bad = join(base, 'bad');
    scenario(bad, 'wrong', "print('answer 41')", 'answer (\\d+)', 42);
    writeFileSync(join(bad, 'broken.yaml'), 'title: [\n');
    const failed = run('--dir', bad, '--only', 'wrong');
    expect(failed.lines).toContainEqual(expect.stringMatching(/^FAIL broken\.yaml +broken\.yaml line \d+: /));
    expect(failed.lines).toContainEqual(expect.stringMatching(/^FAIL wrong\/only +printed 41, not 42 \(1 try, /));
    expect(failed.status).toBe(1);
  });

  it('an unknown option is refused with the usage, exit 2', () => {
    const refused = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'scenarios.ts'), '--frobnicate', 'x'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(refused.stderr).toContain('unknown option --frobnicate');
    expect(refused.stderr).toContain('usage: npm run scenarios');
    expect(refused.status).toBe(2);
  });
});
