import type { Comparison, ComparisonRun } from './lessons';

/** "2 threads: 1.0 core in all, 5.1 s" from a run's figures; what is not known yet is left out. */
export function describeRun(run: ComparisonRun, workers: number): string {
  const what = `${workers} ${run.mode}`;
  if (run.state === 'failed') return `${what}: failed (${run.error ?? 'no reason given'})`;
  const parts = [run.totalCpu === null ? null : `${cores(run.totalCpu)} in all`, run.wallMs === null ? null : `${(run.wallMs / 1000).toFixed(1)} s`];
  const figures = parts.filter((part) => part !== null).join(', ');
  return figures === '' ? what : `${what}: ${figures}`;
}

/** Percent of one core in cores: "1.0 core", "1.9 cores". */
export function cores(percent: number): string {
  const value = (percent / 100).toFixed(1);
  return `${value} ${value === '1.0' ? 'core' : 'cores'}`;
}

/** One line for the event log when a comparison ends. */
export function describeComparison(comparison: Comparison): string {
  const runs = comparison.runs.map((run) => describeRun(run, comparison.workers)).join('; ');
  return comparison.state === 'failed' ? `threads vs processes (${comparison.interpreter}) failed: ${runs}` : `threads vs processes (${comparison.interpreter}): ${runs}`;
}
