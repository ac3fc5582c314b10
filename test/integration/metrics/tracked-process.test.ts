import { Worker } from 'node:worker_threads';
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
    expect(sampler.trackedProcess(sleeper.pid!)).toEqual({ start: sample.start, name: 'sleep', owner: null, otherSession: false });
    expect(sampler.trackedProcess(process.pid)).toBeNull();
    expect(sampler.trackedProcess(1)).toBeNull();
    sleeper.kill('SIGKILL');
    await waitFor('the sleeper to be reaped', () => sleeper.exitCode !== null || sleeper.signalCode !== null);
    await waitFor('the sampler to say it is gone', () => sampler.trackedProcess(sleeper.pid!) === null);
  });
});

describe.runIf(process.platform === 'linux').each(SAMPLERS)('$name sampler: whose a process is', ({ create }) => {
  const owner = { workerId: 'w1', detached: false };

  it("a claimed child of the root is its worker's with what it starts, orphans and all; others are nobody's", async () => {
    sampler = create();
    const tree = spawned.shellTree();
    sampler.claim(tree.pid!, owner);
    const stranger = spawned.sleeper();
    const kids = await sampleUntil(sampler, 'the shell\'s sleeps and the stranger', (harvest) => {
      const below = harvest.processes.filter((sample) => sample.ppid === tree.pid);
      return below.length === 2 && find(harvest, stranger.pid) ? below : undefined;
    });
    kids.forEach((kid) => spawned.remember(kid.pid));
    for (const kid of kids) expect(sampler.trackedProcess(kid.pid)?.owner).toEqual(owner);
    expect(sampler.trackedProcess(tree.pid!)?.owner).toEqual(owner);
    expect(sampler.trackedProcess(stranger.pid!)?.owner).toBeNull();
    expect(sampler.boundProcesses(true).map(({ pid }) => pid).sort()).toEqual([tree.pid!, ...kids.map((kid) => kid.pid)].sort());

    tree.kill('SIGKILL');
    await sampleUntil(sampler, 'the sleeps orphaned', (harvest) => kids.every((kid) => find(harvest, kid.pid)?.orphan));
    for (const kid of kids) expect(sampler.trackedProcess(kid.pid)?.owner).toEqual(owner);
  });
});

describe.runIf(process.platform === 'linux')('linux sampler: what a thread worker starts itself', () => {
  it("is the worker's once its thread is claimed, told apart from what other threads of the root start", async () => {
    sampler = createLinuxProcessSampler(process.pid);
    // A thread that starts `sleep` itself, as a user's script in a thread worker does, and says who it is.
    const thread = new Worker(
      `const { spawn } = require('node:child_process'); const { readlinkSync } = require('node:fs'); const { parentPort } = require('node:worker_threads');
       parentPort.once('message', () => { const child = spawn('sleep', ['30'], { stdio: 'ignore' }); parentPort.postMessage(child.pid); });
       parentPort.postMessage(Number(readlinkSync('/proc/thread-self').split('/').at(-1)));`,
      { eval: true },
    );
    try {
      const messages: number[] = [];
      thread.on('message', (value: number) => messages.push(value));
      const tid = await waitFor('the thread\'s id', () => messages[0]);
      const owner = { workerId: 'w7', detached: false };
      sampler.claimThread(tid, owner);
      thread.postMessage('start');
      const child = await waitFor('the thread\'s child', () => messages[1]);
      spawned.remember(child);
      const other = spawned.sleeper();
      await sampleUntil(sampler, 'both sampled', (harvest) => find(harvest, child) && find(harvest, other.pid));
      expect(sampler.trackedProcess(child)?.owner).toEqual(owner);
      expect(sampler.trackedProcess(other.pid!)?.owner).toBeNull();
    } finally {
      await thread.terminate();
    }
  });
});
