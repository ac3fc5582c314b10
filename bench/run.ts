import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { runEventToScreenBench } from './event-to-screen.bench';
import { runMetricsBench } from './metrics/metrics.bench';
import { runStartLatencyBench } from './start-latency.bench';
import { runSyncBench } from './sync.bench';

/**
 * `npm run bench`: every figure is measured against its raw baseline in the same run and reported as a
 * ratio, because absolute times drift from machine to machine (../shared/BASELINES.md).
 */
interface Target {
  readonly figure: string;
  readonly limit: number;
  readonly direction: 'at most' | 'at least';
  readonly what: string;
}

const TARGETS: Target[] = [
  { figure: 'sampler.us_per_process', limit: 10, direction: 'at most', what: 'sampler CPU per process per sample, 300 processes (µs)' },
  { figure: 'cores.ms_per_sample', limit: 0.1, direction: 'at most', what: 'per-core sample (ms)' },
  { figure: 'cores.children_spawned', limit: 0, direction: 'at most', what: 'child processes spawned by per-core sampling' },
  { figure: 'start.fork.ratio', limit: 1.2, direction: 'at most', what: 'start latency, lab vs raw fork' },
  { figure: 'start.spawn.ratio', limit: 1.2, direction: 'at most', what: 'start latency, lab vs raw spawn' },
  { figure: 'start.exec.ratio', limit: 1.2, direction: 'at most', what: 'start latency, lab vs raw exec' },
  { figure: 'start.thread.ratio', limit: 1.2, direction: 'at most', what: 'start latency, lab vs raw new Worker' },
  { figure: 'loop.p99_ms', limit: 5, direction: 'at most', what: 'host event-loop delay p99, 300 processes at 10 Hz (ms)' },
  { figure: 'screen.p95_ms', limit: 50, direction: 'at most', what: 'worker exit to drawn in the browser, p95 (ms)' },
  { figure: 'lock.thread.ratio', limit: 2, direction: 'at most', what: 'thread Lock pair, uncontended, lab vs raw Atomics mutex' },
  { figure: 'lock.contended.ratio', limit: 2, direction: 'at most', what: 'thread Lock pair, 2 threads contending, lab vs raw Atomics mutex' },
  { figure: 'lock.process.ratio', limit: 1.3, direction: 'at most', what: 'process Lock pair (brokered) vs two raw IPC round trips' },
  { figure: 'observe.throughput_ratio', limit: 0.95, direction: 'at least', what: 'lock throughput sampled at 20 Hz vs not observed' },
];

async function main(): Promise<void> {
  const figures: Record<string, number> = {};
  const sections: Array<[string, () => Promise<Record<string, number>>]> = [
    ['metrics', runMetricsBench],
    ['start latency', runStartLatencyBench],
    ['event to screen', runEventToScreenBench],
    ['locks', runSyncBench],
  ];
  for (const [name, run] of sections) {
    console.log(`bench: ${name}...`);
    Object.assign(figures, await run());
  }
  const rows = TARGETS.map((target) => {
    const value = figures[target.figure];
    const met = value === undefined ? 'n/a' : target.direction === 'at most' ? value <= target.limit : value >= target.limit;
    return { what: target.what, figure: value ?? 'n/a', target: `${target.direction} ${target.limit}`, met: met === true ? 'yes' : met === false ? 'NO' : met };
  });
  console.table(rows);
  console.table(figures);
  const machine = { platform: platform(), release: release(), cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version };
  const directory = join(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  const result = { at: new Date().toISOString(), machine, figures, targets: rows };
  writeFileSync(join(directory, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`bench: figures written to ${join('bench', 'results', 'latest.json')}`);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
