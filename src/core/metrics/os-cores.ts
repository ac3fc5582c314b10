import { cpus, type CpuInfo } from 'node:os';
import type { CpuSample } from '../../shared/samples';
import { loadBetween, type CpuTimes } from './proc-stat';
import type { CoreSampler } from './types';

/** Per-core load from `os.cpus()` deltas: the fallback where there is no /proc. */
export function createOsCoreSampler(): CoreSampler {
  let previous: CpuTimes[] | null = null;
  return {
    sample(): CpuSample | null {
      const current = cpus().map(timesOf);
      const before = previous;
      previous = current;
      if (before === null || before.length !== current.length) return null;
      const cores = current.map((core, index) => loadBetween(before[index]!, core));
      const sum = (list: CpuTimes[]) => list.reduce((all, t) => ({ busy: all.busy + t.busy, total: all.total + t.total }), { busy: 0, total: 0 });
      return { cores, total: loadBetween(sum(before), sum(current)) };
    },
    close: () => undefined,
  };
}

function timesOf(cpu: CpuInfo): CpuTimes {
  const { user, nice, sys, idle, irq } = cpu.times;
  return { busy: user + nice + sys + irq, total: user + nice + sys + idle + irq };
}
