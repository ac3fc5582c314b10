import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { isRunning } from '../../support/procfs';
import { waitFor } from '../../support/wait';

/**
 * Pool workers killed from outside (SIGKILL from the system for a process, the lab's Kill for a thread) at
 * the worst moments: in the middle of a chunk under each crash policy, while the pool grows, while it is
 * being terminated. Each time the pool does what its policy says, says it in words, and leaves no process.
 */
let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

type TasksEvent = Extract<LabEvent, { type: 'pool.tasks' }>;
type Counts = TasksEvent['counts'];
const tasksOf = (lab: LabHarness, pool: string) => lab.all('pool.tasks').filter((event: TasksEvent) => event.pool === pool);
const sum = (lab: LabHarness, pool: string, key: keyof Counts) => tasksOf(lab, pool).reduce((total, event) => total + event.counts[key], 0);
const steps = (lab: LabHarness, pool: string) => tasksOf(lab, pool).flatMap((event) => event.steps);
const stateOf = (lab: LabHarness, pool: string) => lab.all('pool.state').filter((event) => event.pool === pool).at(-1);
const slotWorker = (lab: LabHarness, pool: string, slot: number) => lab.all('pool.slot').filter((event) => event.pool === pool && event.slot === slot && event.workerId !== null).at(-1)?.workerId;
const pidOf = (lab: LabHarness, workerId: string) => lab.find('worker.spawned', workerId)!.pid;

/** A process is killed by the system, as `kill -9` would; a thread by the lab's Kill (nothing else can). */
async function killWorker(lab: LabHarness, runtime: string, workerId: string): Promise<void> {
  if (runtime === 'process') process.kill(pidOf(lab, workerId), 'SIGKILL');
  else await lab.ok({ type: 'kill', workerIds: [workerId] });
}

async function noProcessLeft(lab: LabHarness): Promise<void> {
  const spawned = lab.all('worker.spawned');
  // One killed before it said ready ended as a failed start.
  const ended = (workerId: string) => lab.find('worker.exited', workerId) ?? lab.find('worker.startFailed', workerId);
  await waitFor('every worker ended', () => spawned.every((event) => ended(event.workerId) !== undefined), 20_000).catch((error: unknown) => {
    throw new Error(`${String(error)}: ${spawned.filter((event) => ended(event.workerId) === undefined).map((event) => event.workerId).join(', ')} of ${JSON.stringify(lab.all('pool.slot'))}`);
  });
  const own = spawned.filter((event) => event.pid !== process.pid).map((event) => event.pid);
  expect(own.filter(isRunning)).toEqual([]);
}

describe.each(['thread', 'process'] as const)('%s pool workers killed', (runtime) => {
  it.each([
    { api: 'pool', onCrash: 'python', outcome: 'lost' },
    { api: 'pool', onCrash: 'reject', outcome: 'rejected' },
    { api: 'executor', onCrash: 'python', outcome: runtime === 'process' ? 'broken' : 'lost' },
  ] as const)('mid-chunk, $api with onCrash $onCrash: the chunk is $outcome, the rest as the policy says', async ({ api, onCrash, outcome }) => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'k', api, runtime, size: 2, onCrash } });
    // Four chunks of two 400 ms sleeps; executors' map is a chunk per item unless told.
    await lab.ok({ type: 'pool.map', pool: 'k', fn: 'sleep', items: Array.from({ length: 8 }, () => 400), chunksize: 2 });
    await waitFor('two chunks run', () => sum(lab, 'k', 'started') >= 2, 20_000);
    const victim = slotWorker(lab, 'k', 1)!;
    await killWorker(lab, runtime, victim);
    if (outcome === 'broken') {
      await waitFor('the pool broke', () => stateOf(lab, 'k')?.state === 'broken', 20_000);
      expect(stateOf(lab, 'k')?.reason).toMatch(/^BrokenProcessPool: /);
      await waitFor('every unfinished task rejected', () => sum(lab, 'k', 'done') + sum(lab, 'k', 'rejected') === 4, 20_000);
      expect(sum(lab, 'k', 'rejected')).toBeGreaterThanOrEqual(2);
    } else {
      await waitFor(`one ${outcome}, three done`, () => sum(lab, 'k', outcome) === 1 && sum(lab, 'k', 'done') === 3, 30_000);
      const ended = steps(lab, 'k').find((step) => step.step === outcome);
      // How its worker ended, in the words of crash-words.ts: a thread has no signals (worker.terminate()).
      const how = runtime === 'thread' ? 'was stopped with worker\\.terminate\\(\\) \\(a thread has no signals: exit code 1\\)' : 'ended \\(exit code -9\\)';
      expect(ended?.detail).toMatch(new RegExp(outcome === 'lost' ? `^worker \\S+ ${how} while running it$` : `^the worker running it ${how}$`));
      // A new worker took the dead one's slot, and the pool runs on.
      await waitFor('slot 1 refilled', () => slotWorker(lab, 'k', 1) !== victim, 20_000);
      expect(stateOf(lab, 'k')?.state).toBe('running');
    }
    expect(lab.all('worker.messageRejected')).toEqual([]);
    await lab.ok({ type: 'pool.terminate', pool: 'k' });
    await noProcessLeft(lab);
  });

  it('while the pool grows: a new worker killed before it serves is started again, and the pool reaches its size', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'g', api: 'pool', runtime, size: 1 } });
    await waitFor('slot 1 filled', () => slotWorker(lab, 'g', 1), 20_000);
    await lab.ok({ type: 'pool.resize', pool: 'g', size: 3 });
    const starting = await waitFor('slot 3 given a worker', () => slotWorker(lab, 'g', 3), 20_000);
    await waitFor('its process exists', () => lab.find('worker.spawned', starting), 20_000);
    await killWorker(lab, runtime, starting);
    await waitFor('slot 3 filled again', () => slotWorker(lab, 'g', 3) !== starting, 20_000);
    await lab.ok({ type: 'pool.map', pool: 'g', fn: 'sleep', items: [300, 300, 300], chunksize: 1 });
    await waitFor('three done', () => sum(lab, 'g', 'done') === 3, 30_000);
    expect(stateOf(lab, 'g')?.state).toBe('running');
    await lab.ok({ type: 'pool.terminate', pool: 'g' });
    await noProcessLeft(lab);
  });

  it('while the pool shrinks: a leaving worker killed under its task loses it, and its slot is not refilled', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 's', api: 'pool', runtime, size: 2 } });
    await lab.ok({ type: 'pool.map', pool: 's', fn: 'sleep', items: [60_000, 60_000], chunksize: 1 });
    await waitFor('both run', () => sum(lab, 's', 'started') === 2, 20_000);
    const leaving = slotWorker(lab, 's', 2)!;
    await lab.ok({ type: 'pool.resize', pool: 's', size: 1 });
    await killWorker(lab, runtime, leaving);
    await waitFor('its task lost', () => sum(lab, 's', 'lost') === 1, 20_000);
    await waitFor('slot 2 gone', () => lab.all('pool.slot').some((event) => event.pool === 's' && event.slot === 2 && event.workerId === null), 20_000);
    expect(lab.all('pool.slot').filter((event) => event.pool === 's' && event.slot === 2 && event.workerId !== null)).toHaveLength(1);
    expect(stateOf(lab, 's')?.state).toBe('running');
    await lab.ok({ type: 'pool.terminate', pool: 's' });
    await noProcessLeft(lab);
  });

  it('while it is terminated: a worker killed mid-terminate ends the pool all the same, every task told', async () => {
    harness = new LabHarness({ gracePeriodMs: 2_000 });
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 't', api: 'pool', runtime, size: 2 } });
    await lab.ok({ type: 'pool.map', pool: 't', fn: 'sleep', items: [60_000, 60_000, 60_000], chunksize: 1 });
    await waitFor('two run', () => sum(lab, 't', 'started') === 2, 20_000);
    const victim = slotWorker(lab, 't', 2)!;
    const terminated = lab.lab.execute({ type: 'pool.terminate', pool: 't' });
    await killWorker(lab, runtime, victim);
    expect((await terminated).ok).toBe(true);
    await waitFor('the pool ended', () => stateOf(lab, 't')?.state === 'ended', 20_000);
    await waitFor('three rejected', () => sum(lab, 't', 'rejected') === 3, 20_000);
    expect(new Set(steps(lab, 't').filter((step) => step.step === 'rejected').map((step) => step.detail))).toEqual(new Set(['the pool was terminated before the task ended']));
    await noProcessLeft(lab);
    await lab.ok({ type: 'pool.delete', pool: 't' });
  });
});

describe('a process pool worker stopped with SIGSTOP', () => {
  it('holds its task; terminate still ends it (SIGKILL after the grace period), and the lab serves on', async () => {
    harness = new LabHarness({ gracePeriodMs: 300 });
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'z', api: 'pool', runtime: 'process', size: 1 } });
    await lab.ok({ type: 'pool.apply', pool: 'z', fn: 'sleep', args: [60_000] });
    await waitFor('it runs', () => sum(lab, 'z', 'started') === 1, 20_000);
    const worker = slotWorker(lab, 'z', 1)!;
    process.kill(pidOf(lab, worker), 'SIGSTOP');
    await lab.ok({ type: 'pool.terminate', pool: 'z' });
    await waitFor('the pool ended', () => stateOf(lab, 'z')?.state === 'ended', 20_000);
    expect((await lab.exited(worker)).exitCode).toBe(-9);
    await noProcessLeft(lab);
    await lab.ok({ type: 'pool.create', pool: { name: 'next', api: 'pool', runtime: 'process', size: 1 } });
    await lab.ok({ type: 'pool.apply', pool: 'next', fn: 'square', args: [3] });
    await waitFor('the next pool serves', () => sum(lab, 'next', 'done') === 1, 20_000);
  });
});
