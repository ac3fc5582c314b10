import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinuxCoreSampler } from '../../../src/core/metrics/linux-cores';
import { createOsCoreSampler } from '../../../src/core/metrics/os-cores';
import type { CoreSampler } from '../../../src/core/metrics/types';
import type { CpuSample } from '../../../src/shared/samples';
import { waitFor } from '../../support/wait';
import { Spawned } from './spawned';

const spawned = new Spawned();
afterEach(() => spawned.killAll());

/** Children of this process, from the kernel: per-core sampling must never add one. */
function childCount(): number {
  return readdirSync(`/proc/${process.pid}/task`).reduce((count, tid) => {
    const children = readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'utf8').trim();
    return count + (children === '' ? 0 : children.split(' ').length);
  }, 0);
}

describe.each([
  ['/proc/stat', createLinuxCoreSampler],
  ['os.cpus()', createOsCoreSampler],
] as const)('core sampler from %s', (_source, create) => {
  let sampler: CoreSampler;
  afterEach(() => sampler.close());

  it('gives null first, then one load per core in 0..100, spawning nothing', async () => {
    const before = childCount();
    sampler = create();
    expect(sampler.sample()).toBeNull();
    const sample = await waitFor('a second reading', () => sampler.sample(), 5000, 50);
    expect(sample.cores).toHaveLength(cpus().length);
    for (const load of [...sample.cores, sample.total]) {
      expect(load).toBeGreaterThanOrEqual(0);
      expect(load).toBeLessThanOrEqual(100);
    }
    expect(childCount()).toBe(before);
  });

  it('shows a busy loop as load on some core', async () => {
    sampler = create();
    sampler.sample();
    spawned.burner();
    // One core's worth of work: the cores' loads add up to nearly 100 (the scheduler may move the burner
    // from core to core within a sample, so no single core need show it), and the total rises with it.
    const busy = await waitFor(
      'a core\'s worth of load',
      () => {
        const sample: CpuSample | null = sampler.sample();
        return sample !== null && sample.cores.reduce((sum, load) => sum + load, 0) > 80 && sample;
      },
      15_000,
      250,
    );
    expect(busy.total).toBeGreaterThanOrEqual(100 / cpus().length - 10);
  });
});
