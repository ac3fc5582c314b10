import { MAX_COMPARISON_WORKERS, type ComparisonRun } from '../../shared/lessons';

interface UnitTally {
  name: string;
  sum: number;
  samples: number;
}

/** Threads and processes of one run, at most: the counters, the main thread, a resource tracker... */
const MAX_UNITS = MAX_COMPARISON_WORKERS * 4;

/**
 * What the lab's samples saw of one comparison run, summed as they come: the cores' load, the run's
 * processes' CPU together, each counter's CPU, and how often the GIL inference said "bound". Means, not
 * sums, so that a run sampled at a longer period (the lab lowers its rate when busy) reads the same.
 */
export class RunTally {
  private readonly pids = new Set<number>();
  private readonly coreSums: number[] = [];
  private coreSamples = 0;
  private samples = 0;
  private cpuSum = 0;
  private cpuSamples = 0;
  private peak: number | null = null;
  private readonly units = new Map<number, UnitTally>();
  private gilKnown = 0;
  private gilBound = 0;

  addProcess(pid: number): void {
    this.pids.add(pid);
  }

  hasProcess(pid: number): boolean {
    return this.pids.has(pid);
  }

  addCores(cores: readonly number[]): void {
    cores.forEach((load, at) => (this.coreSums[at] = (this.coreSums[at] ?? 0) + load));
    this.coreSamples++;
  }

  /** One sample: each process's CPU (null: first sight), the counting units, whether GIL-bound (null: not known). */
  addSample(processCpu: readonly (number | null)[], units: readonly { id: number; name: string; cpu: number | null }[], bound: boolean | null): void {
    this.samples++;
    const known = processCpu.filter((cpu): cpu is number => cpu !== null);
    if (known.length > 0) {
      const total = known.reduce((sum, cpu) => sum + cpu, 0);
      this.cpuSum += total;
      this.cpuSamples++;
      this.peak = Math.max(this.peak ?? 0, total);
    }
    for (const unit of units) {
      if (unit.cpu === null) continue;
      let tally = this.units.get(unit.id);
      if (tally === undefined) {
        if (this.units.size >= MAX_UNITS) continue;
        tally = { name: unit.name, sum: 0, samples: 0 };
        this.units.set(unit.id, tally);
      }
      tally.name = unit.name;
      tally.sum += unit.cpu;
      tally.samples++;
    }
    if (bound !== null) {
      this.gilKnown++;
      if (bound) this.gilBound++;
    }
  }

  figures(): Pick<ComparisonRun, 'samples' | 'totalCpu' | 'peakCpu' | 'cores' | 'units' | 'gilBound'> {
    const units = [...this.units.entries()]
      .map(([id, tally]) => ({ id, name: tally.name.slice(0, 100), cpu: tally.sum / tally.samples }))
      .sort((a, b) => b.cpu - a.cpu || a.id - b.id);
    return {
      samples: this.samples,
      totalCpu: this.cpuSamples === 0 ? null : this.cpuSum / this.cpuSamples,
      peakCpu: this.peak,
      cores: this.coreSamples === 0 ? [] : this.coreSums.map((sum) => Math.min(100, sum / this.coreSamples)),
      units,
      gilBound: this.gilKnown === 0 ? null : this.gilBound / this.gilKnown,
    };
  }
}
