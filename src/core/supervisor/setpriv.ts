import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Where util-linux installs it. */
const USUAL_PLACES = ['/usr/bin/setpriv', '/bin/setpriv'];

let probed: { path: string | null } | null = null;

/**
 * util-linux's setpriv, if it is on this machine and can arm a parent-death signal (parent-death.ts); null
 * elsewhere (macOS, Windows, a Linux without it). Probed once, by running it.
 */
export function findSetpriv(): string | null {
  probed ??= { path: process.platform === 'linux' ? probeSetpriv(process.env.PATH ?? '') : null };
  return probed.path;
}

/**
 * The first setpriv that works, from its usual places, then PATH's absolute directories. A relative entry
 * ("", ".", "bin") names a directory of whatever the working directory is when the lab starts: a program
 * found there would run, as the lab, for every child it starts. Those are never looked in.
 */
export function probeSetpriv(path: string, usualPlaces: readonly string[] = USUAL_PLACES): string | null {
  const onPath = path.split(delimiter).filter((dir) => isAbsolute(dir)).map((dir) => join(dir, 'setpriv'));
  for (const candidate of new Set([...usualPlaces, ...onPath])) {
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
