import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidates, discoverInterpreters, probe } from '../../../src/core/python/interpreters';

describe('the Python interpreters the Start dialog offers', () => {
  it('finds python3 first, each executable once, with its version', async () => {
    const found = await discoverInterpreters();
    expect(found[0]?.interpreter).toBe('python3');
    const own = execFileSync('python3', ['-c', 'import sys;print(sys.version.split()[0])']).toString().trim();
    expect(found[0]).toMatchObject({ version: own, label: `python3 (${own})`, freeThreaded: false });
    expect(new Set(found.map((each) => each.interpreter)).size).toBe(found.length);
    for (const each of found) expect(each.version).toMatch(/^3\.\d+\.\d+/);
  });

  it('looks for python3.X (and free-threaded python3.Xt) on PATH and in every pyenv version', () => {
    const root = mkdtempSync(join(tmpdir(), 'interpreters-'));
    const touch = (...parts: string[]) => {
      mkdirSync(join(root, ...parts.slice(0, -1)), { recursive: true });
      writeFileSync(join(root, ...parts), '');
    };
    touch('bin', 'python3.11');
    touch('bin', 'python3-config');
    touch('bin', 'python2.7');
    touch('pyenv', 'versions', '3.12.1', 'bin', 'python3');
    touch('pyenv', 'versions', '3.12.1', 'bin', 'python3.12');
    touch('pyenv', 'versions', '3.13.0t', 'bin', 'python3.13t');
    try {
      expect(candidates(join(root, 'bin'), join(root, 'pyenv')).sort()).toEqual(
        ['python3', 'python3.11', join(root, 'pyenv', 'versions', '3.12.1', 'bin', 'python3'), join(root, 'pyenv', 'versions', '3.13.0t', 'bin', 'python3.13t')].sort(),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('gives up on a candidate that is not Python 3, or does not exist, without failing the others', async () => {
    expect(await probe('/bin/true')).toBeNull();
    expect(await probe('python3.99-not-here')).toBeNull();
    expect(await discoverInterpreters(['python3.99-not-here', 'python3'])).toHaveLength(1);
  });
});
