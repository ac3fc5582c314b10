import { cpus } from 'node:os';
import type { LabEventBody } from '../shared/protocol';
import type { Cancel, Clock } from './clock';
import type { CoreSampler, ProcessSampler } from './metrics/types';

export interface MetricsLoopDeps {
  readonly clock: Clock;
  readonly cores: CoreSampler;
  readonly processes: ProcessSampler;
  readonly periodMs: () => number;
  readonly emit: (event: LabEventBody) => void;
  readonly afterSample: () => void;
}

/** Samples at the configured period and turns each harvest into events (collect, then store). */
export class MetricsLoop {
  private timer: Cancel | null = null;
  private running = false;

  constructor(private readonly deps: MetricsLoopDeps) {}

  coreCount(): number {
    return Math.max(1, cpus().length);
  }

  start(): void {
    this.running = true;
    this.deps.cores.sample(); // the first reading is the baseline a load is measured against
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.timer?.();
    this.deps.cores.close();
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.sampleOnce();
      this.schedule();
    }, this.deps.periodMs());
  }

  sampleOnce(): void {
    const { emit } = this.deps;
    try {
      const cpu = this.deps.cores.sample();
      if (cpu !== null) emit({ type: 'metrics.cpu', ...cpu });
      const harvest = this.deps.processes.sample();
      emit({ type: 'metrics.processes', processes: harvest.processes });
      for (const moved of harvest.reparented) emit({ type: 'process.reparented', ...moved });
    } catch (error) {
      // A missed sample shows as a gap in the charts; the lab keeps sampling.
      console.error('lab: sampling failed:', error);
    }
    this.deps.afterSample();
  }
}
