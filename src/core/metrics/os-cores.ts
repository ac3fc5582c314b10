import { cpus, type CpuInfo } from 'node:os';
import type { CpuSample } from '../../shared/samples';
import { loadBetween, type CpuTimes } from './cpu-times';
import type { CoreSampler } from './types';

/** Per-core load from `os.cpus()` deltas: the fallback where there is no /proc (macOS, Windows). */
export function createOsCoreSampler(): CoreSampler {
  let previous: CpuTimes[] | null = null;
  return {
    sample(): CpuSample | null {
      const current = cpus().map(timesOf);
      const before = previous;
      previous = current;
      if (before === null || before.length !== current.length || current.length === 0) return null;
      return {
        cores: current.map((core, index) => loadBetween(before[index]!, core)),
        total: loadBetween(sum(before), sum(current)),
      };
    },
    close: () => undefined,
  };
}

/** os.cpus() has no iowait or steal: busy is everything but idle. */
export function timesOf(cpu: CpuInfo): CpuTimes {
  const { user, nice, sys, idle, irq } = cpu.times;
  return { busy: user + nice + sys + irq, total: user + nice + sys + idle + irq };
}

function sum(list: readonly CpuTimes[]): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const times of list) {
    busy += times.busy;
    total += times.total;
  }
  return { busy, total };
}
