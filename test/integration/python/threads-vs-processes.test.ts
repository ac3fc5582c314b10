import { afterEach, describe, expect, it } from 'vitest';
import type { Comparison } from '../../../src/shared/lessons';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The lab's "threads vs processes" command on a real python3: the lesson program as 2 threads, then as 2
 * processes, with the figures the lab's own samples gave. The machine is shared and busy, so the checks are
 * what no load changes: the threads are GIL-bound and never have much more than a core between them, the
 * processes never are; both ran to the end, and each counter is there by the name the program gave it.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

const lastComparison = (): Comparison | undefined => harness.lab.state().comparison ?? undefined;

describe.runIf(process.platform === 'linux')('threads vs processes', () => {
  it('2 threads take turns for the GIL (about a core in all); 2 processes do not', async () => {
    harness = new LabHarness({ samplePeriodMs: 300 });
    // 80 million: about 2 s per process here, so that even at a stretched sampling period each is seen more than once.
    await harness.ok({ type: 'lesson.compare', workers: 2, count: 80_000_000 });
    expect(await harness.refused({ type: 'lesson.compare' })).toBe('a comparison is running already: wait for it to end');
    const done = await waitFor('the comparison to end', () => (lastComparison()?.state === 'running' ? undefined : lastComparison()), 170_000, 200);
    expect(done.state).toBe('done');
    const [threads, processes] = done.runs;
    for (const run of done.runs) {
      expect(run).toMatchObject({ state: 'done', error: null });
      expect(run.wallMs).toBeGreaterThan(0);
      expect(run.samples).toBeGreaterThan(0);
      expect(run.cores.length).toBe(harness.lab.state().host?.cores);
    }
    expect(threads!.gilBound).toBeGreaterThan(0);
    expect(threads!.totalCpu!).toBeLessThanOrEqual(125);
    expect(threads!.peakCpu!).toBeLessThanOrEqual(140);
    expect(threads!.units.map((unit) => unit.name)).toEqual(expect.arrayContaining(['counter-1', 'counter-2']));
    expect(processes!.gilBound).toBe(0);
    expect(processes!.units.map((unit) => unit.name).sort()).toEqual(['counter-1', 'counter-2']);
    // The log says it in a line, with both runs' figures.
    expect(harness.lab.state().log.some((event) => event.type === 'lesson.comparison')).toBe(true);
    console.log(`threads vs processes: ${JSON.stringify(done.runs.map(({ mode, wallMs, totalCpu, peakCpu, cores, gilBound, units }) => ({ mode, wallMs, totalCpu, peakCpu, cores, gilBound, units })))}`);
  }, 180_000);

  it('an interpreter that does not exist: the comparison fails with a sentence, and another can start', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'lesson.compare', interpreter: '/nonexistent/python3.99' }).catch(() => undefined);
    const failed = await waitFor('the comparison to fail', () => (lastComparison()?.state === 'failed' ? lastComparison() : undefined), 30_000);
    expect(failed.runs[0]!.state).toBe('failed');
    expect(failed.runs[0]!.error).toMatch(/\S/);
    expect(failed.runs[1]!.state).toBe('waiting');
    expect(await harness.refused({ type: 'lesson.compare', workers: 99 })).toContain('workers must be at most 8');
  }, 60_000);
});
