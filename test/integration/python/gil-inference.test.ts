import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inferGil, type GilReading } from '../../../src/shared/gil';
import type { LabEvent } from '../../../src/shared/protocol';
import type { ProcessSample } from '../../../src/shared/samples';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The GIL inferred from /proc (src/shared/gil.ts) on real interpreters: the lesson program's two CPU-bound
 * threads take turns (bound, about one core at most together, each asleep a part of the time), its two
 * processes do not (each wants a whole core, never asleep). CPU shares on a shared machine are noisy: each
 * check waits for a sample where it holds, and the threads' "never more than about one core" is checked on
 * every sample. No wall-clock assertion.
 */
const LESSON = join(__dirname, '..', '..', '..', 'resources', 'python', 'lessons', 'threads_vs_processes.py');
const FOREVER = String(10_000_000_000);

let harness: LabHarness;
afterEach(async () => harness?.stop());

const processesOf = (events: readonly LabEvent[], pids: ReadonlySet<number>): ProcessSample[] => {
  const last = events.findLast((event) => event.type === 'metrics.processes');
  return last?.type === 'metrics.processes' ? last.processes.filter((sample) => pids.has(sample.pid)) : [];
};

describe.runIf(process.platform === 'linux')('the GIL, inferred from the OS', () => {
  it('two CPU-bound threads of one interpreter: GIL-bound, about one core at most in all', async () => {
    harness = new LabHarness({ samplePeriodMs: 500 });
    const [root] = await harness.start({ kind: 'python', script: LESSON, args: ['--mode', 'threads', '--count', FOREVER] });
    const hello = await harness.waitFor('python.process', root, 15_000);
    const pids = new Set([hello.pid]);
    const readings: GilReading[] = [];
    const bound = await waitFor(
      'a sample of the two counters taking turns for the GIL',
      () => {
        const [sample] = processesOf(harness.events, pids);
        const reading = inferGil(sample?.threads ?? null);
        if (reading !== null && reading.busy >= 2) readings.push(reading);
        return reading?.bound === true && reading.waiting.length >= 2 ? reading : undefined;
      },
      45_000,
      250,
    );
    expect(bound.busyCpu).toBeLessThanOrEqual(120);
    // However noisy the machine, two threads under one GIL never had much more than a core between them.
    for (const reading of readings) expect(reading.busyCpu).toBeLessThanOrEqual(135);
  }, 60_000);

  it('two CPU-bound processes: never GIL-bound, each wants a whole core and never sleeps', async () => {
    harness = new LabHarness({ samplePeriodMs: 500 });
    const [root] = await harness.start({ kind: 'python', script: LESSON, args: ['--mode', 'processes', '--count', FOREVER] });
    const hello = await harness.waitFor('python.process', root, 15_000);
    const children = await waitFor('the two counting processes', () => {
      const found = harness.all('python.process').filter((each) => each.pid !== hello.pid);
      return found.length >= 2 ? new Set(found.map((each) => each.pid)) : undefined;
    });
    const wanting = await waitFor(
      'a sample of both processes wanting a whole core each',
      () => {
        const samples = processesOf(harness.events, children);
        const threads = samples.flatMap((sample) => sample.threads ?? []);
        for (const sample of samples) expect(inferGil(sample.threads)?.bound ?? false).toBe(false);
        const known = threads.filter((thread) => thread.cpu !== null && thread.queue !== undefined);
        // On a CPU or in the run queue, never asleep: each is held back by the machine only, not by a GIL.
        return known.length === 2 && known.every((thread) => thread.cpu! + thread.queue! >= 90) ? known : undefined;
      },
      45_000,
      250,
    );
    expect(wanting.reduce((sum, thread) => sum + thread.cpu! + thread.queue!, 0)).toBeGreaterThanOrEqual(180);
  }, 60_000);
});
