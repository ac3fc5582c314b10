import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

let probed: { path: string | null } | null = null;

/**
 * util-linux's setpriv, if it is on this machine and can arm a parent-death signal (parent-death.ts); null
 * elsewhere (macOS, Windows, a Linux without it). Probed once, by running it.
 */
export function findSetpriv(): string | null {
  probed ??= { path: process.platform === 'linux' ? probe() : null };
  return probed.path;
}

function probe(): string | null {
  const candidates = ['/usr/bin/setpriv', '/bin/setpriv', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'setpriv'))];
  for (const candidate of new Set(candidates)) {
    try {
      accessSync(candidate, constants.X_OK);
      execFileSync(candidate, ['--pdeathsig', 'KILL', '--', '/bin/sh', '-c', ':'], { stdio: 'ignore', timeout: 5000 });
      return candidate;
    } catch {
      // not here, or too old for --pdeathsig (util-linux < 2.33): try the next
    }
  }
  return null;
}
