import { closeSync, openSync, readSync } from 'node:fs';
import { cpus } from 'node:os';
import type { CpuSample } from '../../shared/samples';
import { loadBetween, parseCpuLines, type CpuLines } from './cpu-times';
import type { CoreSampler } from './types';

/** Room for one `cpuN` line: ten counters of up to 20 digits each, and the label. */
const BYTES_PER_LINE = 256;

/**
 * Per-core load from /proc/stat, read through one cached file descriptor with a pread at offset 0: no
 * open per sample and no child process, ever. Only the top of the file (the cpu lines) is copied out.
 */
export function createLinuxCoreSampler(): CoreSampler {
  const fd = openSync('/proc/stat', 'r');
  let buffer = Buffer.alloc((cpus().length + 2) * BYTES_PER_LINE);
  let previous: CpuLines | null = null;
  let closed = false;

  const read = (): CpuLines | null => {
    for (;;) {
      const length = readSync(fd, buffer, 0, buffer.length, 0);
      const lines = parseCpuLines(buffer, length);
      // A short buffer (CPUs came online) cuts the lines: grow it and read again.
      if (lines !== null || length < buffer.length) return lines;
      buffer = Buffer.alloc(buffer.length * 2);
    }
  };

  return {
    sample(): CpuSample | null {
      const current = read();
      const before = previous;
      previous = current;
      // A changed core count (hotplug) makes the previous reading incomparable: start again.
      if (current === null || before === null || before.cores.length !== current.cores.length) return null;
      const cores = current.cores.map((core, index) => loadBetween(before.cores[index]!, core));
      // The total is the cores' mean, not the aggregate line's: with tickless idle the kernel computes idle
      // time at read time, and the aggregate can step back between two close reads (a total of 0 while a
      // core is busy was seen here).
      return { cores, total: cores.reduce((sum, load) => sum + load, 0) / Math.max(1, cores.length) };
    },
    close: () => {
      // Once only: a second close could hit a descriptor number the process has since reused.
      if (!closed) closeSync(fd);
      closed = true;
    },
  };
}
