import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeSetpriv } from '../../../src/core/supervisor/setpriv';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A stand-in setpriv that works (exit 0) and leaves a mark where it ran. */
function fakeSetpriv(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'setpriv');
  writeFileSync(file, '#!/bin/sh\ntouch "$(dirname "$0")/ran"\n');
  chmodSync(file, 0o755);
  return file;
}

describe.runIf(process.platform !== 'win32')('the setpriv probe', () => {
  it('never looks in a relative PATH entry (the working directory of the day), only in absolute ones', () => {
    root = mkdtempSync(join(tmpdir(), 'lab-setpriv-'));
    const planted = join(root, 'planted');
    fakeSetpriv(planted);
    const real = fakeSetpriv(join(root, 'real'));
    const path = [relative(process.cwd(), planted), '', '.', join(root, 'real')].join(delimiter);

    expect(probeSetpriv(path, [])).toBe(real);
    expect(existsSync(join(planted, 'ran'))).toBe(false);
    expect(existsSync(join(root, 'real', 'ran'))).toBe(true);
  });

  it('says there is none when no absolute place has one', () => {
    root = mkdtempSync(join(tmpdir(), 'lab-setpriv-'));
    fakeSetpriv(join(root, 'planted'));
    expect(probeSetpriv(relative(process.cwd(), join(root, 'planted')), [])).toBeNull();
  });
});
