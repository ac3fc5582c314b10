import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { OwnCostReading } from '../../shared/own-cost';

/**
 * Measures the host itself over each sampling period: how busy its main thread was (the event loop's
 * utilisation: no timer, no thread, nothing added to observe it), its memory, and how many facts it
 * recorded per second.
 */
export class OwnCostMeter {
  private lastLoop: EventLoopUtilization = performance.eventLoopUtilization();
  private lastAt = performance.now();
  private lastFacts: number;

  constructor(private readonly factsRecorded: () => number) {
    this.lastFacts = factsRecorded();
  }

  read(): OwnCostReading {
    const now = performance.now();
    const loop = performance.eventLoopUtilization();
    const facts = this.factsRecorded();
    const memory = process.memoryUsage();
    const reading: OwnCostReading = {
      busyPercent: performance.eventLoopUtilization(loop, this.lastLoop).utilization * 100,
      heapBytes: memory.heapUsed,
      rssBytes: memory.rss,
      factsPerSecond: ((facts - this.lastFacts) * 1000) / Math.max(1, now - this.lastAt),
    };
    this.lastLoop = loop;
    this.lastAt = now;
    this.lastFacts = facts;
    return reading;
  }
}
