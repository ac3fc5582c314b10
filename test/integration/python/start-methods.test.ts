import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * fork vs spawn vs forkserver on a real python3.12 under the lab (resources/python/lessons/start_methods.py):
 * a parent holding 200 MB starts one child per method. What the lab sees: each child's start method, the
 * forkserver and the resource tracker as processes of their own, a forked child's memory shared with its
 * parent (smaps_rollup: PSS about half its RSS) against a fresh interpreter's, `__main__` run again by the
 * spawned and forkserver children (their output), and 3.12's DeprecationWarning for fork() with threads.
 */
const LESSON = join(__dirname, '..', '..', '..', 'resources', 'python', 'lessons', 'start_methods.py');
const PYTHON_312 = join(homedir(), '.pyenv', 'versions', '3.12.1', 'bin', 'python3.12');
const MB = 1024 * 1024;

let harness: LabHarness;
afterEach(async () => harness?.stop());

const outputOf = (events: readonly LabEvent[], workerId: string, stream: 'stdout' | 'stderr'): string =>
  events
    .filter((event): event is Extract<LabEvent, { type: 'worker.output' }> => event.type === 'worker.output' && event.workerId === workerId && event.stream === stream)
    .map((event) => event.text)
    .join('');

describe.runIf(process.platform === 'linux' && existsSync(PYTHON_312))('fork vs spawn vs forkserver', () => {
  it('roles, shared memory after fork, __main__ again under spawn, the fork-with-threads warning', async () => {
    harness = new LabHarness({ samplePeriodMs: 250 });
    const root = (await harness.start({ kind: 'python', script: LESSON, args: ['--hold', '3'], interpreter: PYTHON_312 }))[0]!;
    const hello = await harness.waitFor('python.process', root, 20_000);
    // The forked child is sampled while it holds its parent's pages: RSS ~ the parent's 200 MB, PSS about half.
    const forked = await waitFor('a sample of the forked child with its memory', () => {
      const child = harness.all('python.process').find((each) => each.startMethod === 'fork' && each.role === 'process');
      const sample = child === undefined ? undefined : harness.lab.state().processes.find((process) => process.pid === child.pid);
      return sample?.memory !== undefined && sample.memory.rss > 150 * MB ? sample.memory : undefined;
    }, 30_000);
    expect(forked.pss).toBeLessThan(forked.rss * 0.7);
    expect(forked.shared).toBeGreaterThan(150 * MB);
    const spawned = await waitFor('a sample of the spawned child with its memory', () => {
      const child = harness.all('python.process').find((each) => each.startMethod === 'spawn' && each.role === 'process');
      const sample = child === undefined ? undefined : harness.lab.state().processes.find((process) => process.pid === child.pid);
      return sample?.memory;
    }, 30_000);
    expect(spawned.rss).toBeLessThan(100 * MB);
    expect((await harness.exited(root, 90_000)).exitCode).toBe(0);
    // The forkserver and the resource tracker are started with exec (spawnv_passfds): spawn, in the shim's words.
    const roles = harness.all('python.process').map((each) => `${each.role}:${each.startMethod ?? '-'}`);
    expect(roles).toEqual(expect.arrayContaining(['main:-', 'process:fork', 'process:spawn', 'process:forkserver', 'forkserver:spawn', 'resource-tracker:spawn']));
    const stdout = outputOf(harness.events, root, 'stdout');
    expect(stdout).toContain(`top level of the main module, in pid ${hello.pid} (__main__)`);
    expect(stdout.match(/top level of the main module, in pid \d+ \(__mp_main__\)/g)?.length).toBeGreaterThanOrEqual(2);
    expect(stdout).toMatch(/fork: child pid \d+ started in [\d.]+ ms; RSS \d+ MB, PSS \d+ MB/);
    expect(outputOf(harness.events, root, 'stderr')).toContain(`DeprecationWarning: This process (pid=${hello.pid}) is multi-threaded, use of fork() may lead to deadlocks in the child.`);
  }, 120_000);
});
