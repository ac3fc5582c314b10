import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { isRunning } from '../../support/procfs';
import { waitFor } from '../../support/wait';

/**
 * A pool's `module` as an attacker gives it: no such file, a directory, a relative path, a file that throws
 * or exits as it is imported, or never finishes importing; functions that spin for ever or end their worker.
 * Each is refused in words at create, or breaks that pool in words; terminate always ends it; the lab serves on.
 */
const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const FUNCTIONS = join(FIXTURES, 'hostile-pool-functions.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'lab-pool-module-'));
const DIRECTORY = join(scratch, 'a-directory.mjs');
mkdirSync(DIRECTORY);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

type TasksEvent = Extract<LabEvent, { type: 'pool.tasks' }>;
const stepsOf = (lab: LabHarness, pool: string) => lab.all('pool.tasks').filter((event: TasksEvent) => event.pool === pool).flatMap((event) => event.steps);
const stateOf = (lab: LabHarness, pool: string) => lab.all('pool.state').filter((event) => event.pool === pool).at(-1);
/** Every worker the lab started has exited; a process's pid is gone too (a thread's is the host's own). */
async function expectNoWorkerLeft(lab: LabHarness, runtime: string): Promise<void> {
  const spawned = lab.all('worker.spawned');
  await waitFor('every worker exited', () => spawned.every((event) => lab.find('worker.exited', event.workerId) !== undefined), 20_000);
  if (runtime === 'process') expect(spawned.map((event) => event.pid).filter(isRunning)).toEqual([]);
}

const create = (name: string, runtime: string, module: string, api = 'pool') => ({ type: 'pool.create', pool: { name, api, runtime, size: 1, module } });

describe.each(['thread', 'process'] as const)('a hostile module for %s workers', (runtime) => {
  it('a path that is not a readable file is refused at create, and no worker starts', async () => {
    harness = new LabHarness();
    const lab = harness;
    expect(await lab.refused(create('m', runtime, '/nonexistent/x.mjs'))).toBe('module "/nonexistent/x.mjs" cannot be read: no such file, or no permission');
    expect(await lab.refused(create('m', runtime, DIRECTORY))).toMatch(/^module ".*a-directory\.mjs" is not a file: a pool's module is a \.js, \.cjs or \.mjs file/);
    expect(await lab.refused(create('m', runtime, 'relative/x.mjs'))).toMatch(/path must be an absolute path to a \.js, \.cjs or \.mjs file/);
    expect(await lab.refused(create('m', runtime, `/${'d/'.repeat(3000)}x.mjs`))).toMatch(/too_big|at most 4096|path/i);
    await lab.ok({ type: 'pool.create', pool: { name: 'm', api: 'pool', runtime, size: 1 } });
    expect(lab.all('worker.spawned').length + lab.all('worker.ready').length).toBeLessThanOrEqual(2);
  });

  it.each([
    ['throws', 'hostile-module-throws.mjs', /this module refuses to load/],
    ['exits', 'hostile-module-exits.mjs', /exit code 7/],
  ])('a module that %s at import breaks its pool in its own words; submits are refused in Python\'s', async (_what, file, words) => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok(create('p', runtime, join(FIXTURES, file)));
    await lab.ok(create('x', runtime, join(FIXTURES, file), 'executor'));
    await lab.ok({ type: 'pool.create', pool: { name: 'fine', api: 'pool', runtime, size: 1 } });
    await waitFor('both broken', () => stateOf(lab, 'p')?.state === 'broken' && stateOf(lab, 'x')?.state === 'broken', 30_000);
    expect(stateOf(lab, 'p')?.reason).toMatch(/^a worker of the pool could not start: it exited \(exit code \d+\) before it served tasks/);
    expect(stateOf(lab, 'p')?.reason).toMatch(words);
    expect(await lab.refused({ type: 'pool.apply', pool: 'p', fn: 'square', args: [2] })).toMatch(/^ValueError: Pool not running \(broken: a worker of the pool could not start/);
    expect(await lab.refused({ type: 'pool.map', pool: 'x', fn: 'square', items: [2] })).toMatch(runtime === 'thread' ? /^BrokenThreadPool: a worker of the pool could not start/ : /^BrokenProcessPool: a worker/);
    // The other pool was not touched, and the broken ones can be deleted.
    await lab.ok({ type: 'pool.apply', pool: 'fine', fn: 'square', args: [3] });
    await waitFor('the fine pool ran its task', () => stepsOf(lab, 'fine').some((step) => step.step === 'done'), 20_000);
    await waitFor('the broken pools deletable', async () => (await lab.lab.execute({ type: 'pool.delete', pool: 'p' })).ok, 20_000);
    expect(lab.all('worker.messageRejected')).toEqual([]);
  });

  it('a module whose import never ends: its tasks wait, terminate ends the pool and every worker', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok(create('h', runtime, join(FIXTURES, 'hostile-module-hangs.mjs')));
    await lab.ok({ type: 'pool.apply', pool: 'h', fn: 'square', args: [2] });
    await waitFor('its worker was started', () => lab.all('pool.slot').some((event) => event.pool === 'h' && event.workerId !== null), 20_000);
    await lab.ok({ type: 'pool.terminate', pool: 'h' });
    await waitFor('the pool ended', () => stateOf(lab, 'h')?.state === 'ended', 30_000);
    expect(stepsOf(lab, 'h').filter((step) => step.step === 'rejected').map((step) => step.detail)).toEqual(['the pool was terminated before the task ended']);
    await expectNoWorkerLeft(lab, runtime);
  });

  it('a function that spins for ever: join with a timeout says false, terminate still ends the pool', async () => {
    harness = new LabHarness({ gracePeriodMs: 300 });
    const lab = harness;
    await lab.ok(create('s', runtime, FUNCTIONS));
    await lab.ok({ type: 'pool.apply', pool: 's', fn: 'spin', args: [] });
    await waitFor('it spins', () => stepsOf(lab, 's').some((step) => step.step === 'running'), 20_000);
    await lab.ok({ type: 'pool.close', pool: 's' });
    expect((await lab.ok({ type: 'pool.join', pool: 's', timeoutMs: 200 })).value).toBe(false);
    await lab.ok({ type: 'pool.terminate', pool: 's' });
    await waitFor('the pool ended', () => stateOf(lab, 's')?.state === 'ended', 30_000);
    expect((await lab.ok({ type: 'pool.join', pool: 's', timeoutMs: 20_000 })).value).toBe(true);
    await expectNoWorkerLeft(lab, runtime);
  });

  it('the lab stops while a function spins: the stop ends, and no worker outlives it', async () => {
    const lab = new LabHarness({ gracePeriodMs: 300 });
    await lab.ok(create('s', runtime, FUNCTIONS));
    await lab.ok({ type: 'pool.apply', pool: 's', fn: 'spin', args: [] });
    await waitFor('it spins', () => stepsOf(lab, 's').some((step) => step.step === 'running'), 20_000);
    const spawned = lab.all('worker.spawned');
    await lab.stop();
    if (runtime === 'process') expect(spawned.map((event) => event.pid).filter(isRunning)).toEqual([]);
    expect(spawned.every((event) => lab.find('worker.exited', event.workerId) !== undefined)).toBe(true);
  });

  it.each([
    ['pool', 'python', 'lost'],
    ['pool', 'reject', 'rejected'],
    ['executor', 'python', runtime === 'process' ? 'rejected' : 'lost'],
  ] as const)('a function that calls process.exit(3) in a %s (onCrash %s): its task is %s, the lab serves on', async (api, onCrash, step) => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'e', api, runtime, size: 1, module: FUNCTIONS, onCrash } });
    const id = (await lab.ok({ type: 'pool.apply', pool: 'e', fn: 'exitNow', args: [3] })).value as number;
    await waitFor(`the task ${step}`, () => stepsOf(lab, 'e').find((each) => each.id === id && each.step === step), 20_000);
    const detail = stepsOf(lab, 'e').find((each) => each.id === id && each.step === step)?.detail;
    expect(detail).toMatch(step === 'lost' ? /ended \(exit code 3\) while running it/ : api === 'executor' ? /^BrokenProcessPool/ : /exit code 3/);
    await lab.ok({ type: 'pool.create', pool: { name: 'next', api: 'pool', runtime, size: 1 } });
    await lab.ok({ type: 'pool.apply', pool: 'next', fn: 'square', args: [4] });
    await waitFor('another pool serves', () => stepsOf(lab, 'next').some((each) => each.step === 'done'), 20_000);
  });
});
