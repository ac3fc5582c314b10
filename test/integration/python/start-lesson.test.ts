import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { medianLatency, type StartLesson } from '../../../src/shared/start-lesson';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The lab's "fork vs spawn vs forkserver" lesson on real interpreters (resources/python/lessons/start_methods.py,
 * once per start method, then fork while a thread runs). What the lab measured itself: each child's start latency
 * (its parent's start() to its hello, python.started), a child's memory, `__main__` printed again by the spawned and
 * forkserver children and never by a forked one, the forkserver and the resource tracker, and the fork hazard:
 * the shim's thread count on 3.11, and CPython's DeprecationWarning as well on 3.12 and 3.13. No wall-clock figure is asserted.
 */
const PYENV = join(homedir(), '.pyenv', 'versions');
/** The interpreters that warn of a fork among threads (3.12+), where pyenv has them. */
const WARNING_PYTHONS = [
  ['3.12', join(PYENV, '3.12.1', 'bin', 'python3.12')],
  ['3.13', join(PYENV, '3.13.0', 'bin', 'python3.13')],
].filter(([, path]) => existsSync(path!)) as [string, string][];
const MB = 1024 * 1024;
/** The machine's own python3 (3.11 on ours), asked, not assumed. */
const PYTHON3 = execFileSync('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
const warnsOfForkAmongThreads = (version: string) => Number(version.split('.')[1]) >= 12;

let harness: LabHarness;
afterEach(async () => harness?.stop());

const lastLesson = (): StartLesson | undefined => harness.lab.state().startLesson ?? undefined;

async function runLesson(interpreter: string): Promise<StartLesson> {
  harness = new LabHarness({ samplePeriodMs: 250 });
  await harness.ok({ type: 'lesson.startMethods', children: 2, megabytes: 100, interpreter });
  expect(await harness.refused({ type: 'lesson.startMethods' })).toBe('the start methods lesson is running already: wait for it to end');
  return waitFor('the lesson to end', () => (lastLesson()?.state === 'running' ? undefined : lastLesson()), 170_000, 200);
}

function expectTheLesson(done: StartLesson, version: string): void {
  expect(done.state).toBe('done');
  expect(done.version).toMatch(new RegExp(`^${version.replace('.', '\\.')}\\.`));
  const [fork, spawn, forkserver, hazard] = done.runs;
  for (const run of done.runs) {
    expect(run).toMatchObject({ state: 'done', error: null });
    // Each of the 2 children measured by the lab, every latency above zero.
    expect(run.latencies).toHaveLength(2);
    for (const latency of run.latencies) expect(latency).toBeGreaterThan(0);
  }
  // __main__ again: once per spawned or forkserver child, never for a forked one.
  expect(fork!.reimports).toBe(0);
  expect(hazard!.reimports).toBe(0);
  expect(spawn!.reimports).toBe(2);
  expect(forkserver!.reimports).toBe(2);
  expect(forkserver!.helpers).toContain('forkserver');
  expect(fork!.helpers).not.toContain('forkserver');
  // The parent's 100 MB: shared copy-on-write by a forked child, absent from a fresh interpreter.
  expect(fork!.childMemory!.shared).toBeGreaterThan(80 * MB);
  expect(fork!.childMemory!.pss).toBeLessThan(fork!.childMemory!.rss * 0.8);
  expect(spawn!.childMemory!.rss).toBeLessThan(60 * MB);
  expect(fork!.forkedAmongThreads).toBeNull();
  expect(hazard!.forkedAmongThreads).toBeGreaterThanOrEqual(2);
  // Each forked-among-threads child carries the hazard in the tree.
  const marked = Object.values(harness.lab.state().workers).filter((worker) => worker.python?.forkedAmongThreads !== undefined);
  expect(marked.length).toBeGreaterThanOrEqual(2);
  expect(harness.lab.state().log.some((event) => event.type === 'lesson.startMethods')).toBe(true);
  console.log(`start methods (${done.version}): ${JSON.stringify(done.runs.map(({ run, latencies, childMemory, reimports, helpers, forkedAmongThreads, warned }) => ({ run, median: medianLatency(latencies), latencies, childMemory, reimports, helpers, forkedAmongThreads, warned })))}`);
}

describe.runIf(process.platform === 'linux')('the fork vs spawn vs forkserver lesson', () => {
  it(`python3 (${PYTHON3}): latencies for every method, __main__ again under spawn and forkserver only, the hazard from the shim`, async () => {
    const done = await runLesson('python3');
    expectTheLesson(done, PYTHON3);
    // Before 3.12 CPython says nothing of the hazard: the lab's thread count is what shows it.
    expect(done.runs[3]!.warned).toBe(warnsOfForkAmongThreads(PYTHON3));
  }, 180_000);

  it.each(WARNING_PYTHONS)("python%s: the same, and CPython's DeprecationWarning for the fork among threads", async (version, interpreter) => {
    const done = await runLesson(interpreter);
    expectTheLesson(done, version);
    expect(done.runs[3]!.warned).toBe(true);
    expect(done.runs[0]!.warned).toBe(false);
  }, 180_000);

  it('an interpreter that does not exist: the lesson fails with a sentence, and a bad command is refused', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'lesson.startMethods', interpreter: '/nonexistent/python3.99' }).catch(() => undefined);
    const failed = await waitFor('the lesson to fail', () => (lastLesson()?.state === 'failed' ? lastLesson() : undefined), 30_000);
    expect(failed.runs[0]!.state).toBe('failed');
    expect(failed.runs[0]!.error).toMatch(/\S/);
    expect(failed.runs[1]!.state).toBe('waiting');
    expect(await harness.refused({ type: 'lesson.startMethods', children: 99 })).toContain('children must be at most 4');
  }, 60_000);
});
