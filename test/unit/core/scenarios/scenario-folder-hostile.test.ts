import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarios, type LoadedLibrary } from '../../../../src/core/scenarios/scenario-library';
import { readScenarioText } from '../../../../src/core/scenarios/scenario-text';
import { MAX_SCENARIOS } from '../../../../src/shared/scenario-run';

/**
 * A user's scenario folder (`--scenarios DIR`) as an attacker, or an accident, fills it: whatever is in it, the
 * read ends, is bounded, and each file that cannot be used is one problem naming that file (and its line
 * where there is one), while the good files are read all the same. Real files, links, FIFOs and devices.
 */

const GOOD = `title: Fine
seed: a seed
narration:
  - text: one
variants:
  - id: only
    label: Only
    program: { kind: python, code: "print('num:0')" }
    check: { kind: printed, pattern: 'num:(\\d+)', equals: 0, verdict: { pass: ok, fail: no } }
`;

const root = mkdtempSync(join(tmpdir(), 'lab-hostile-scenarios-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let made = 0;
function folderWith(files: Record<string, string | Buffer> = {}): string {
  const folder = join(root, `f${++made}`);
  mkdirSync(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

const load = (folder: string): Promise<LoadedLibrary> => loadScenarios([{ source: 'user', path: folder }]);
const errors = (loaded: LoadedLibrary) => Object.fromEntries(loaded.problems.map((problem) => [problem.file, problem.error]));

describe('a hostile scenario folder', () => {
  it('a FIFO, a folder, a link loop and /dev/zero named *.yaml are each one problem saying what it is; a link to a good file is read', async () => {
    const folder = folderWith({ 'good.yaml': GOOD });
    // Nobody ever writes to this FIFO: a reader that opened it as a file would wait for ever.
    execFileSync('mkfifo', [join(folder, 'fifo.yaml')]);
    mkdirSync(join(folder, 'dir.yaml'));
    symlinkSync(join(folder, 'loop-b.yaml'), join(folder, 'loop-a.yaml'));
    symlinkSync(join(folder, 'loop-a.yaml'), join(folder, 'loop-b.yaml'));
    symlinkSync('/dev/zero', join(folder, 'zero.yaml'));
    symlinkSync(join(folder, 'good.yaml'), join(folder, 'linked.yaml'));
    symlinkSync(join(folder, 'gone.yaml'), join(folder, 'dangling.yaml'));
    const loaded = await load(folder);
    expect(loaded.entries.map((entry) => entry.id).sort()).toEqual(['good', 'linked']);
    expect(errors(loaded)).toEqual({
      'dangling.yaml': expect.stringMatching(/^dangling\.yaml: could not be read: .*(ENOENT|no such file)/i),
      'dir.yaml': 'dir.yaml: is not a regular file (a folder), so it is not read: a scenario is a .yaml file',
      'fifo.yaml': 'fifo.yaml: is not a regular file (a FIFO), so it is not read: a scenario is a .yaml file',
      'loop-a.yaml': expect.stringMatching(/^loop-a\.yaml: could not be read: .*(ELOOP|too many)/i),
      'loop-b.yaml': expect.stringMatching(/^loop-b\.yaml: could not be read: .*(ELOOP|too many)/i),
      'zero.yaml': 'zero.yaml: is not a regular file (a device), so it is not read: a scenario is a .yaml file',
    });
  });

  it('a file swapped for a FIFO after the listing is refused at once, not waited on', async () => {
    const folder = folderWith();
    execFileSync('mkfifo', [join(folder, 'swapped.yaml')]);
    expect(await readScenarioText(join(folder, 'swapped.yaml'))).toEqual({ error: 'is not a regular file (a FIFO), so it is not read: a scenario is a .yaml file' });
  });

  it('binary garbage, NUL bytes and Latin-1 text are refused as what they are, with the line; a 1 GiB sparse file is not read past the cap', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, at) => (at * 7919 + 13) % 256));
    const folder = folderWith({
      'garbage.yaml': garbage,
      'nul.yaml': `${GOOD.split('\n').slice(0, 3).join('\n')}\n  - text: a\0b\n`,
      'latin.yaml': Buffer.concat([Buffer.from('title: Fine\nseed: caf'), Buffer.from([0xe9]), Buffer.from('\nnarration: []\n')]),
      'good.yaml': GOOD,
    });
    const huge = openSync(join(folder, 'huge.yaml'), 'w');
    ftruncateSync(huge, 1024 ** 3);
    closeSync(huge);
    const loaded = await load(folder);
    expect(loaded.entries.map((entry) => entry.id)).toEqual(['good']);
    expect(errors(loaded)).toEqual({
      'garbage.yaml': expect.stringMatching(/^garbage\.yaml: line \d+: (a NUL byte: this is a binary file, not a scenario's text|not UTF-8 text: save the file as UTF-8)$/),
      'huge.yaml': 'huge.yaml: the file is larger than 64 KiB: a scenario is a page of text',
      'latin.yaml': 'latin.yaml: line 2: not UTF-8 text: save the file as UTF-8',
      'nul.yaml': "nul.yaml: line 4: a NUL byte: this is a binary file, not a scenario's text",
    });
  });

  it('thousands of files: at most MAX_SCENARIOS are read, the rest is one problem, and the library before them is whole', async () => {
    const folder = folderWith();
    for (let n = 0; n < 3000; n++) writeFileSync(join(folder, `s${String(n).padStart(4, '0')}.yaml`), GOOD);
    const library = join(__dirname, '..', '..', '..', '..', 'resources', 'scenarios');
    const loaded = await loadScenarios([{ source: 'library', path: library }, { source: 'user', path: folder }]);
    expect(loaded.entries).toHaveLength(MAX_SCENARIOS);
    expect(loaded.entries.filter((entry) => entry.source === 'library').length).toBeGreaterThan(0);
    expect(loaded.problems.at(-1)?.error).toMatch(new RegExp(`^s\\d{4}\\.yaml: not read: the lab reads at most ${MAX_SCENARIOS} scenario files$`));
    expect(loaded.problems.length).toBeLessThanOrEqual(MAX_SCENARIOS);
  });

  it('a file rewritten while it is read gives either the scenario or a problem naming the file, every time', async () => {
    const folder = folderWith({ 'churn.yaml': GOOD });
    // Another process truncates and rewrites the file as fast as it can, half of it or all of it.
    const writer = spawn('sh', ['-c', `while :; do head -c 150 "$0" > "$1"; cat "$0" > "$1"; done`, join(root, 'good-copy.yaml'), join(folder, 'churn.yaml')], { stdio: 'ignore' });
    writeFileSync(join(root, 'good-copy.yaml'), GOOD);
    try {
      const outcomes = new Set<string>();
      for (let round = 0; round < 40; round++) {
        const loaded = await load(folder);
        expect(loaded.entries.length + loaded.problems.length).toBe(1);
        if (loaded.entries.length === 1) outcomes.add('read');
        else outcomes.add(loaded.problems[0]!.error.startsWith('churn.yaml') ? 'refused, named' : loaded.problems[0]!.error);
      }
      expect([...outcomes].every((outcome) => outcome === 'read' || outcome === 'refused, named')).toBe(true);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('the folder itself being a FIFO, a file or a link loop is one problem naming it', async () => {
    const fifo = join(root, 'folder-fifo');
    execFileSync('mkfifo', [fifo]);
    const file = join(root, 'folder-file');
    writeFileSync(file, GOOD);
    const loop = join(root, 'folder-loop');
    symlinkSync(loop, loop);
    for (const path of [fifo, file, loop]) {
      const loaded = await load(path);
      expect(loaded.entries).toEqual([]);
      expect(loaded.problems).toEqual([{ source: 'user', file: path, error: expect.stringMatching(/^the folder could not be read: /) }]);
    }
  });
});
