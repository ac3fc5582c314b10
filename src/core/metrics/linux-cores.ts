import { closeSync, openSync, readSync } from 'node:fs';
import type { CpuSample } from '../../shared/samples';
import { loadBetween, parseCpuLines, type CpuTimes } from './proc-stat';
import type { CoreSampler } from './types';

/** Per-core load from /proc/stat, read through one cached file descriptor: no child process, ever. */
export function createLinuxCoreSampler(): CoreSampler {
  const fd = openSync('/proc/stat', 'r');
  const buffer = Buffer.alloc(64 * 1024);
  let previous: { total: CpuTimes; cores: CpuTimes[] } | null = null;
  return {
    sample(): CpuSample | null {
      const length = readSync(fd, buffer, 0, buffer.length, 0);
      const current = parseCpuLines(buffer.toString('latin1', 0, length));
      if (current === null) return null;
      const before = previous;
      previous = current;
      if (before === null || before.cores.length !== current.cores.length) return null;
      return {
        cores: current.cores.map((core, index) => loadBetween(before.cores[index]!, core)),
        total: loadBetween(before.total, current.total),
      };
    },
    close: () => closeSync(fd),
  };
}
