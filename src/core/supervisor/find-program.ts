import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export type ProgramLookup = { ok: true } | { ok: false; code: 'ENOENT' | 'EACCES' };

/**
 * Finds a command's program the way execvp would (PATH, unless the name has a slash). Needed because a
 * command runs behind setpriv and a shell (parent-death.ts): a missing program would otherwise show as a
 * shell's "not found" exit instead of the lab's "command not found: X".
 */
export function findProgram(file: string, path = process.env.PATH ?? ''): ProgramLookup {
  const candidates = file.includes('/') || isAbsolute(file) ? [file] : path.split(delimiter).map((dir) => join(dir || '.', file));
  let denied = false;
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
    } catch {
      continue;
    }
    try {
      accessSync(candidate, constants.X_OK);
      return { ok: true };
    } catch {
      denied = true;
    }
  }
  return { ok: false, code: denied ? 'EACCES' : 'ENOENT' };
}
