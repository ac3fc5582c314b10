import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLinuxProcessSampler } from '../../../src/core/metrics/linux-processes';
import type { ProcessSampler, Reparenting } from '../../../src/core/metrics/types';
import type { ProcessSample } from '../../../src/shared/samples';
import { psParents, threadIds } from '../../support/procfs';
import { waitFor } from '../../support/wait';
import { childrenOf, find, sampleUntil, Spawned, startOf } from './spawned';

const ROOT = process.pid;
const spawned = new Spawned();
let sampler: ProcessSampler;

beforeEach(() => {
  sampler = createLinuxProcessSampler(ROOT);
});

afterEach(async () => {
  sampler.close();
  await spawned.killAll();
});


describe('linux process sampler, on this test process and real children', () => {
  it('finds a shell and its two sleeps with the parents the kernel reports', async () => {
    const shell = spawned.shellTree();
    // Until each has run exec: a child caught just after fork is still a copy of the shell, and one caught in
    // the middle of exec already has its new name but no page of its new memory yet (RSS 0, as /proc says).
    const harvest = await sampleUntil(sampler, 'the shell and both sleeps', (h) => childrenOf(h, shell.pid).filter((p) => p.name === 'sleep' && (p.rss ?? 0) > 0).length === 2 && h);
    const sleeps = childrenOf(harvest, shell.pid);
    sleeps.forEach((sleep) => spawned.remember(sleep.pid));
    const kernel = psParents();
    expect(find(harvest, shell.pid)).toMatchObject({ ppid: ROOT, name: 'sh', command: 'sh -c sleep 30 & sleep 30; wait', orphan: false });
    for (const sleep of sleeps) {
      expect(kernel.get(sleep.pid)).toBe(sleep.ppid);
      expect(sleep).toMatchObject({ name: 'sleep', command: 'sleep 30', threads: [{ tid: sleep.pid, name: 'sleep' }] });
      expect(sleep.start).toBe(startOf(sleep.pid));
      expect(sleep.rss).toBeGreaterThan(0);
    }
    const root = find(harvest, ROOT)!;
    expect(root.ppid).toBe(kernel.get(ROOT));
    // startedAt is boot time + start ticks: this process started before the test and not long before.
    expect(root.startedAt).toBeLessThanOrEqual(Date.now());
    expect(root.startedAt).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(sampler.trackedPids()).not.toContain(ROOT);
    expect(sampler.trackedPids()).toEqual(expect.arrayContaining([shell.pid, ...sleeps.map((sleep) => sleep.pid)]));
  });

  it('shows a CPU burner near one full core once it has been seen twice', async () => {
    const burner = spawned.burner();
    const first = await sampleUntil(sampler, 'the burner', (h) => find(h, burner.pid));
    expect(first.cpu).toBeNull(); // a load is a difference: unknown at first sight
    const busy = await sampleUntil(sampler, 'the burner busy', (h) => {
      const sample = find(h, burner.pid);
      return sample !== undefined && sample.cpu !== null && sample.cpu > 60 && sample;
    });
    expect(busy.cpu).toBeLessThan(250); // one thread of JavaScript, plus a little GC
    expect(busy.cpuTimeMs).toBeGreaterThan(0);
  });

  it('lists the threads of the root process, as /proc/PID/task does', async () => {
    sampler.sample();
    const root = await sampleUntil(sampler, 'the root with thread CPU', (h) => {
      const sample = find(h, ROOT);
      return sample?.threads?.every((thread) => thread.cpu !== null) && sample;
    });
    const tids = root.threads!.map((thread) => thread.tid);
    expect(tids).toContain(ROOT);
    expect(tids.length).toBeGreaterThan(1); // node always has helper threads
    const listed = threadIds(ROOT);
    // Threads come and go (the thread pool grows): most of what the kernel lists now was sampled.
    expect(tids.filter((tid) => listed.includes(tid)).length).toBeGreaterThanOrEqual(Math.min(tids.length, listed.length) - 2);
    expect(root.threads!.find((thread) => thread.tid === ROOT)?.state).toMatch(/^[RS]$/);
  });

  it('keeps the sleeps of a killed shell as orphans and reports each reparenting once', async () => {
    const shell = spawned.shellTree();
    const before = await sampleUntil(sampler, 'both sleeps', (h) => childrenOf(h, shell.pid).length === 2 && childrenOf(h, shell.pid));
    const sleepPids = before.map((sleep) => sleep.pid);
    sleepPids.forEach((pid) => spawned.remember(pid));
    shell.kill('SIGKILL');
    const reparented: Reparenting[] = [];
    const orphans = await sampleUntil(sampler, 'both sleeps as orphans', (h) => {
      reparented.push(...h.reparented);
      const found = sleepPids.map((pid) => find(h, pid));
      return found.every((sample) => sample?.orphan === true) && !find(h, shell.pid) && (found as ProcessSample[]);
    });
    const kernel = psParents();
    for (const orphan of orphans) {
      expect(orphan.ppid).not.toBe(shell.pid);
      expect(orphan.ppid).toBe(kernel.get(orphan.pid));
    }
    expect(reparented.map((moved) => moved.pid).sort()).toEqual([...sleepPids].sort());
    for (const moved of reparented) expect(moved).toMatchObject({ name: 'sleep', fromPpid: shell.pid, start: startOf(moved.pid) });
    // Once only: later harvests do not repeat it.
    expect(sampler.sample().reparented).toEqual([]);
    expect(sampler.trackedPids()).toEqual(expect.arrayContaining(sleepPids));
    expect(sampler.descendantsOf(ROOT)).toEqual(expect.arrayContaining(sleepPids));
  });

  it('does not report a zombie handed to init as an orphan: it is already dead', async () => {
    // The parent never returns to its event loop, so it never reaps the child that exited.
    const script = "require('child_process').spawn('true'); const end = Date.now() + 60000; while (Date.now() < end) {}";
    const parent = spawned.start(process.execPath, ['-e', script]);
    const zombie = await sampleUntil(sampler, 'the zombie child', (h) => childrenOf(h, parent.pid).find((p) => p.state === 'Z'));
    parent.kill('SIGKILL');
    const reparented: Reparenting[] = [];
    await sampleUntil(sampler, 'the zombie handed over or reaped', (h) => {
      reparented.push(...h.reparented);
      const now = find(h, zombie.pid);
      return now === undefined || now.ppid !== parent.pid;
    });
    expect(reparented.filter((moved) => moved.pid === zombie.pid)).toEqual([]);
  });

  it('answers descendantsOf from a fresh look, deepest first, without a sample in between', async () => {
    sampler.sample();
    const shell = spawned.shellTree();
    const below = await waitFor('the sleeps below the shell', () => {
      const pids = sampler.descendantsOf(shell.pid!);
      return pids.length === 2 && pids;
    });
    below.forEach((pid) => spawned.remember(pid));
    const kernel = psParents();
    for (const pid of below) expect(kernel.get(pid)).toBe(shell.pid);
    const fromRoot = sampler.descendantsOf(ROOT);
    expect(fromRoot.indexOf(shell.pid!)).toBeGreaterThan(Math.max(...below.map((pid) => fromRoot.indexOf(pid))));
    expect(sampler.descendantsOf(below[0]!)).toEqual([]);
  });

  it('drops a process that exits and takes a new one as a new process', async () => {
    const first = spawned.sleeper();
    const seen = await sampleUntil(sampler, 'the first sleep', (h) => find(h, first.pid));
    first.kill('SIGKILL');
    await sampleUntil(sampler, 'the first sleep gone', (h) => !find(h, first.pid) && !sampler.trackedPids().includes(first.pid!));
    const second = spawned.sleeper();
    const next = await sampleUntil(sampler, 'the second sleep', (h) => find(h, second.pid));
    expect(`${next.pid}@${next.start}`).not.toBe(`${seen.pid}@${seen.start}`);
    expect(next.cpu).toBeNull();
  });

  // Forcing the kernel to hand out a given pid needs ns_last_pid (root in the pid namespace).
  it.runIf(canSetLastPid())('is not fooled when a tracked pid is reused by a new process', async () => {
    const original = spawned.sleeper();
    const pid = original.pid!;
    const seen = await sampleUntil(sampler, 'the original', (h) => find(h, pid));
    original.kill('SIGKILL');
    await waitFor('the original reaped', () => original.exitCode !== null || original.signalCode !== null);
    // No sample in between: the sampler still holds the dead process's descriptor when the pid comes back.
    const reused = await waitFor('a new child with the same pid', () => {
      writeFileSync('/proc/sys/kernel/ns_last_pid', String(pid - 1));
      const child = spawned.sleeper();
      if (child.pid === pid) return child;
      child.kill('SIGKILL');
      return undefined;
    }, 5000, 10);
    const harvest = await sampleUntil(sampler, 'the new process at the old pid', (h) => find(h, pid) && h);
    const sample = find(harvest, pid)!;
    expect(sample.start).not.toBe(seen.start);
    expect(sample.start).toBe(startOf(reused.pid!));
    expect(harvest.processes.filter((p) => p.pid === pid)).toHaveLength(1);
  });

  it('closes every descriptor it opened', async () => {
    const shell = spawned.shellTree();
    await waitFor('the sleeps started', () => [...psParents().values()].filter((ppid) => ppid === shell.pid).length === 2);
    const openBefore = readdirSync('/proc/self/fd').length;
    const own = createLinuxProcessSampler(ROOT);
    own.sample();
    own.sample();
    expect(own.trackedPids()).toContain(shell.pid);
    expect(readdirSync('/proc/self/fd').length).toBeGreaterThan(openBefore + 3);
    own.close();
    expect(readdirSync('/proc/self/fd').length).toBe(openBefore);
    expect(own.sample().processes).toEqual([]);
  });
});

function canSetLastPid(): boolean {
  try {
    writeFileSync('/proc/sys/kernel/ns_last_pid', readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8').trim());
    return true;
  } catch {
    return false;
  }
}
