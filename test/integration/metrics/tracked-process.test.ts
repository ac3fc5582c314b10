import { afterEach, describe, expect, it } from 'vitest';
import { createLinuxProcessSampler } from '../../../src/core/metrics/linux-processes';
import { createPortableProcessSampler } from '../../../src/core/metrics/portable-processes';
import type { ProcessSampler } from '../../../src/core/metrics/types';
import { waitFor } from '../../support/wait';
import { find, sampleUntil, Spawned } from './spawned';

/** What process.signal checks before it sends anything: the sampler's word on a pid of the lab's tree. */
const spawned = new Spawned();
let sampler: ProcessSampler;
afterEach(async () => {
  sampler.close();
  await spawned.killAll();
});

const SAMPLERS = [
  { name: 'linux (/proc)', create: () => createLinuxProcessSampler(process.pid) },
  { name: 'portable (ps + pidusage)', create: () => createPortableProcessSampler(process.pid, { discoveryPeriodMs: 200, usagePeriodMs: 200 }) },
] as const;

describe.runIf(process.platform === 'linux').each(SAMPLERS)('$name sampler: a tracked process', ({ create }) => {
  it('is named with the start its samples carry, never the root, and not once it has exited', async () => {
    sampler = create();
    const sleeper = spawned.sleeper();
    const sample = await sampleUntil(sampler, 'the sleeper sampled', (harvest) => find(harvest, sleeper.pid));
    expect(sampler.trackedProcess(sleeper.pid!)).toEqual({ start: sample.start, name: 'sleep' });
    expect(sampler.trackedProcess(process.pid)).toBeNull();
    expect(sampler.trackedProcess(1)).toBeNull();
    sleeper.kill('SIGKILL');
    await waitFor('the sleeper to be reaped', () => sleeper.exitCode !== null || sleeper.signalCode !== null);
    await waitFor('the sampler to say it is gone', () => sampler.trackedProcess(sleeper.pid!) === null);
  });
});
