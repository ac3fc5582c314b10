import { closeSync, openSync, readSync } from 'node:fs';
import type { MemorySample } from '../../shared/samples';

/**
 * /proc/PID/smaps_rollup (Linux 4.14+): a process's memory summed over its mappings, which tells what RSS
 * cannot: PSS (each shared page divided among the processes sharing it) and how much is shared. After a Unix
 * fork the child's pages are its parent's, shared copy-on-write until written: its RSS is as big as the
 * parent's, its PSS half of it. A spawned child is a fresh interpreter, sharing only the libraries.
 *
 * The kernel walks the process's page tables to answer (about a millisecond per few hundred MB), so the lab
 * reads it only for Python processes and at most every MEMORY_PERIOD_MS per process (linux-processes.ts).
 * The text is about 700 bytes: one read of at most SMAPS_BYTES.
 */
const SMAPS_BYTES = 4096;

const FIELDS = { Rss: 'rss', Pss: 'pss', Shared_Clean: 'sharedClean', Shared_Dirty: 'sharedDirty', Private_Clean: 'privateClean', Private_Dirty: 'privateDirty' } as const;

/** The figures of one smaps_rollup text in bytes, or null when it is not one (a kernel thread's is empty). */
export function parseSmapsRollup(text: string): MemorySample | null {
  const found: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = FIELDS[line.slice(0, colon) as keyof typeof FIELDS];
    if (key === undefined) continue;
    const match = /^\s*(\d+) kB\s*$/.exec(line.slice(colon + 1));
    if (match !== null) found[key] = Number(match[1]) * 1024;
  }
  const { rss, pss, sharedClean, sharedDirty, privateClean, privateDirty } = found;
  if (rss === undefined || pss === undefined || sharedClean === undefined || sharedDirty === undefined || privateClean === undefined || privateDirty === undefined) return null;
  return { rss, pss, shared: sharedClean + sharedDirty, private: privateClean + privateDirty };
}

/** One look at a process's smaps_rollup; null when it is gone, not readable (another user's) or not Linux 4.14+. */
export function readSmapsRollup(pid: number, buffer: Buffer = Buffer.alloc(SMAPS_BYTES)): MemorySample | null {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/smaps_rollup`, 'r');
  } catch {
    return null;
  }
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return parseSmapsRollup(buffer.toString('latin1', 0, length));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
