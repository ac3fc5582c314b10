import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPortableProcessSampler } from '../../../src/core/metrics/portable-processes';
import type { ProcessSampler, Reparenting } from '../../../src/core/metrics/types';
import { psParents } from '../../support/procfs';
import { waitFor } from '../../support/wait';
import { childrenOf, find, sampleUntil, Spawned } from './spawned';

/** The macOS/Windows sampler, run here on Linux: the same discovery assertions as the /proc one. */
const ROOT = process.pid;
const spawned = new Spawned();
let sampler: ProcessSampler;

beforeEach(() => {
  // Faster than the default so the test does not wait on periods; ps and pidusage still run in the background.
  sampler = createPortableProcessSampler(ROOT, { discoveryPeriodMs: 200, usagePeriodMs: 200 });
});

afterEach(async () => {
  sampler.close();
  await spawned.killAll();
});


describe('portable process sampler (ps + pidusage), on Linux', () => {
  it('finds a shell and its two sleeps with the parents the kernel reports', async () => {
    const shell = spawned.shellTree();
    const harvest = await sampleUntil(sampler, 'the shell and both sleeps', (h) => childrenOf(h, shell.pid).filter((p) => p.name === 'sleep').length === 2 && h);
    const kernel = psParents();
    expect(find(harvest, shell.pid)).toMatchObject({ ppid: ROOT, name: 'sh', command: 'sh -c sleep 30 & sleep 30; wait', threads: null, orphan: false });
    for (const sleep of childrenOf(harvest, shell.pid)) {
      spawned.remember(sleep.pid);
      expect(kernel.get(sleep.pid)).toBe(sleep.ppid);
      expect(sleep.command).toBe('sleep 30');
    }
    expect(find(harvest, ROOT)?.ppid).toBe(kernel.get(ROOT));
    expect(sampler.trackedPids()).not.toContain(ROOT);
  });

  it('shows a CPU burner busy', async () => {
    const burner = spawned.burner();
    const busy = await sampleUntil(sampler, 'the burner busy', (h) => {
      const sample = find(h, burner.pid);
      return sample?.cpu != null && sample.cpu > 60 && sample;
    });
    expect(busy.rss).toBeGreaterThan(0);
    expect(busy.cpuTimeMs).toBeGreaterThan(0);
  });

  it('keeps the sleeps of a killed shell as orphans and reports each reparenting once', async () => {
    const shell = spawned.shellTree();
    const sleeps = await sampleUntil(sampler, 'both sleeps', (h) => childrenOf(h, shell.pid).filter((p) => p.name === 'sleep').length === 2 && childrenOf(h, shell.pid));
    const sleepPids = sleeps.map((sleep) => sleep.pid);
    sleepPids.forEach((pid) => spawned.remember(pid));
    shell.kill('SIGKILL');
    const reparented: Reparenting[] = [];
    await sampleUntil(sampler, 'both sleeps as orphans', (h) => {
      reparented.push(...h.reparented);
      return sleepPids.every((pid) => find(h, pid)?.orphan === true) && !find(h, shell.pid);
    });
    expect(reparented.map((moved) => moved.pid).sort()).toEqual([...sleepPids].sort());
    for (const moved of reparented) expect(moved).toMatchObject({ name: 'sleep', fromPpid: shell.pid });
    expect(sampler.descendantsOf(ROOT)).toEqual(expect.arrayContaining(sleepPids));
  });

  it('answers descendantsOf from a fresh look, deepest first', async () => {
    const shell = spawned.shellTree();
    const below = await waitFor('the sleeps below the shell', () => {
      const pids = sampler.descendantsOf(shell.pid!);
      return pids.length === 2 && pids;
    });
    below.forEach((pid) => spawned.remember(pid));
    const fromRoot = sampler.descendantsOf(ROOT);
    expect(fromRoot.indexOf(shell.pid!)).toBeGreaterThan(Math.max(...below.map((pid) => fromRoot.indexOf(pid))));
  });

  it('drops a process that exits and takes a new one as a new process', async () => {
    const first = spawned.sleeper();
    await sampleUntil(sampler, 'the first sleep', (h) => find(h, first.pid));
    first.kill('SIGKILL');
    await sampleUntil(sampler, 'the first sleep gone', (h) => !find(h, first.pid));
    const second = spawned.sleeper();
    const next = await sampleUntil(sampler, 'the second sleep', (h) => find(h, second.pid));
    expect(next.pid).toBe(second.pid);
  });
});
