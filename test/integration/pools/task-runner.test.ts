import { afterEach, describe, expect, it } from 'vitest';
import type { PoolRuntime } from '../../../src/core/pools/runner-port';
import { crashWords } from '../../../src/core/pools/crash-words';
import { MAX_START_ATTEMPTS } from '../../../src/core/pools/task-runner';
import { poolLab, sleep, square, submit } from '../../support/pool-harness';
import { waitFor } from '../../support/wait';

let lab: ReturnType<typeof poolLab> | null = null;
afterEach(async () => {
  await lab?.stop();
  lab = null;
});

function newLab(entries?: Parameters<typeof poolLab>[0]) {
  lab = poolLab(entries);
  return lab;
}

/** What a killed worker's exit code reads: SIGKILL for a process, terminate() (exit code 1) for a thread. */
const killedExitCode = (runtime: PoolRuntime) => (runtime === 'process' ? -9 : 1);

describe.each<PoolRuntime>(['thread', 'process'])('a pool\'s TaskRunner on %s workers', (runtime) => {
  it('runs 200 tasks first in, first out, every result to its caller, each task through every step', async () => {
    const { pool } = newLab();
    const { runner, facts } = pool({ runtime });
    // Both serving first, so that both take a share (a process takes a while to start).
    await waitFor('both workers serve', () => runner.slotViews.every((slot) => slot.ready), 20_000);
    const tasks = Array.from({ length: 200 }, (_, index) => submit(runner, square(index)));
    const outcomes = await Promise.all(tasks.map((task) => task.outcome));
    expect(outcomes).toEqual(tasks.map((_, index) => ({ kind: 'result', value: index * index })));
    expect(tasks.map((task) => task.id)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    // FIFO: tasks leave the backlog in the order submitted, and each worker runs them in the order sent.
    const sent = facts.steps.filter((each) => each.step === 'sent').map((each) => each.id);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    for (const workerId of new Set(facts.steps.map((each) => each.workerId).filter((each) => each !== null))) {
      const ran = facts.steps.filter((each) => each.step === 'running' && each.workerId === workerId).map((each) => each.id);
      expect(ran).toEqual([...ran].sort((a, b) => a - b));
    }
    expect(facts.stepsOf(1)).toEqual(['submitted', 'queued', 'sent', 'running', 'done']);
    expect(facts.steps.find((each) => each.id === 13 && each.step === 'done')?.detail).toBe('144');
    expect(facts.steps.find((each) => each.id === 13 && each.step === 'submitted')?.fn).toBe('square');
    // Both workers took a share.
    expect(new Set(facts.steps.filter((each) => each.step === 'running').map((each) => each.slot))).toEqual(new Set([1, 2]));
    expect(facts.backlogs.at(-1)).toBe(0);
    expect(runner.slotViews.map((slot) => slot.taskId)).toEqual([null, null]);
  });

  it('runs a chunk as one task (the list of values), a chunk with a failing call as that call\'s error, and a failing task\'s error', async () => {
    const { pool } = newLab();
    const { runner, facts } = pool({ runtime, size: 1 });
    const chunk = submit(runner, { kind: 'chunk', fn: 'square', calls: [[1], [2], [3], [4]] });
    const badChunk = submit(runner, { kind: 'chunk', fn: 'square', calls: [[1], ['two'], [null]] });
    const failing = submit(runner, { kind: 'call', fn: 'fail', args: ['no such account', 'KeyError'] });
    // Starmap's chunk: calls of several arguments each.
    const starChunk = submit(runner, { kind: 'chunk', fn: 'fail', calls: [['first', 'KeyError'], ['second', 'OSError']] });
    expect(await chunk.outcome).toEqual({ kind: 'result', value: [1, 4, 9, 16] });
    expect(await badChunk.outcome).toEqual({ kind: 'error', error: { type: 'TypeError', message: 'square() takes a number, not string' } });
    expect(await failing.outcome).toEqual({ kind: 'error', error: { type: 'KeyError', message: 'no such account' } });
    expect(await starChunk.outcome).toEqual({ kind: 'error', error: { type: 'KeyError', message: 'first' } });
    expect(facts.steps.find((each) => each.id === failing.id && each.step === 'failed')?.detail).toBe('KeyError: no such account');
    expect(facts.steps.find((each) => each.id === chunk.id && each.step === 'done')?.detail).toBe('[1, 4, 9, 16]');
  });

  it('runs a chunk whose list of values is too big for one message (Python\'s default chunksize for a big map): every value, in order', async () => {
    const { pool, events } = newLab();
    const { runner } = pool({ runtime, size: 1 });
    const items = Array.from({ length: 125_000 }, (_, index) => index);
    const big = submit(runner, { kind: 'chunk', fn: 'square', calls: items.map((item) => [item]) });
    const after = submit(runner, square(7));
    expect(await big.outcome).toEqual({ kind: 'result', value: items.map((item) => item * item) });
    expect(await after.outcome).toEqual({ kind: 'result', value: 49 });
    expect(events.filter((event) => event.type === 'worker.messageRejected')).toEqual([]);
  });

  it('cancels a task only while it waits in the host\'s backlog', async () => {
    const { pool } = newLab();
    const { runner, facts } = pool({ runtime, size: 1 });
    const long = submit(runner, sleep(300));
    const prefetched = submit(runner, square(2));
    const waiting = submit(runner, square(3));
    await prefetched.sent;
    expect(runner.cancel(prefetched.id)).toBe(false);
    expect(runner.cancel(waiting.id)).toBe(true);
    expect(runner.cancel(waiting.id)).toBe(false);
    expect(await waiting.outcome).toEqual({ kind: 'cancelled' });
    expect(await long.outcome).toEqual({ kind: 'result', value: null });
    expect(await prefetched.outcome).toEqual({ kind: 'result', value: 4 });
    expect(facts.stepsOf(waiting.id)).toEqual(['submitted', 'queued', 'cancelled']);
  });

  it('replaces a worker once it has finished maxTasksPerChild tasks, and every result still arrives', async () => {
    const { pool } = newLab();
    const { runner, facts } = pool({ runtime, maxTasksPerChild: 3 });
    const tasks = Array.from({ length: 10 }, (_, index) => submit(runner, square(index)));
    expect(await Promise.all(tasks.map((task) => task.outcome))).toEqual(tasks.map((_, index) => ({ kind: 'result', value: index * index })));
    const ranBy = new Map<string, number>();
    for (const each of facts.steps.filter((step) => step.step === 'running')) ranBy.set(each.workerId!, (ranBy.get(each.workerId!) ?? 0) + 1);
    // 10 tasks, at most 3 per worker: at least 4 workers took turns, none ran more than 3.
    expect(ranBy.size).toBeGreaterThanOrEqual(4);
    expect(Math.max(...ranBy.values())).toBeLessThanOrEqual(3);
    expect(new Set(facts.slots.map((slot) => slot.workerId)).size).toBeGreaterThanOrEqual(4);
    // Replaced even when no task waits (its third task was the last one there): what comes next still runs.
    const single = pool({ runtime, size: 1, maxTasksPerChild: 3 });
    for (const x of [1, 2, 3]) await submit(single.runner, square(x)).outcome;
    await waitFor('a new worker in the slot', () => single.facts.slots.length === 2, 20_000);
    expect(await submit(single.runner, square(11)).outcome).toEqual({ kind: 'result', value: 121 });
  });

  it('resizes 2 -> 3 -> 1: a slot gets a worker, then two slots go, and tasks run on what is left', async () => {
    const { pool, supervisor } = newLab();
    const { runner, facts } = pool({ runtime });
    const ownWorkers = () => supervisor.live().filter((worker) => worker.descriptor.name.startsWith('p-1'));
    await Promise.all([submit(runner, square(1)).outcome, submit(runner, square(2)).outcome]);
    runner.resize(3);
    expect(runner.size).toBe(3);
    await waitFor('the third worker serves', () => runner.slotViews.every((slot) => slot.ready), 20_000);
    const burst = Array.from({ length: 30 }, (_, index) => submit(runner, sleep(5 + (index % 3))));
    await Promise.all(burst.map((task) => task.outcome));
    expect(new Set(facts.steps.filter((each) => each.step === 'running' && burst.some((task) => task.id === each.id)).map((each) => each.slot))).toEqual(new Set([1, 2, 3]));
    runner.resize(1);
    expect(runner.size).toBe(1);
    await waitFor('slots 2 and 3 gone', () => facts.slots.some((each) => each.slot === 2 && each.workerId === null) && facts.slots.some((each) => each.slot === 3 && each.workerId === null), 20_000);
    await waitFor('one worker left', () => ownWorkers().length === 1, 20_000);
    const after = Array.from({ length: 10 }, (_, index) => submit(runner, square(index)));
    expect(await Promise.all(after.map((task) => task.outcome))).toEqual(after.map((_, index) => ({ kind: 'result', value: index * index })));
    expect(new Set(facts.steps.filter((each) => each.step === 'running' && after.some((task) => task.id === each.id)).map((each) => each.slot))).toEqual(new Set([1]));
    expect(runner.slotViews.map((slot) => slot.slot)).toEqual([1]);
    expect(() => runner.resize(0)).toThrow('a pool\'s size is a whole number from 1 to 64, not 0');
  });

  it('close: takes no more tasks, drains the backlog, then its workers end (whenEnded)', async () => {
    const { pool, supervisor } = newLab();
    const { runner, states } = pool({ runtime });
    const tasks = Array.from({ length: 10 }, () => submit(runner, sleep(30)));
    runner.close();
    expect(() => submit(runner, square(1))).toThrow('the pool is closed: it takes no more tasks');
    await runner.whenEnded();
    expect(await Promise.all(tasks.map((task) => task.outcome))).toEqual(tasks.map(() => ({ kind: 'result', value: null })));
    expect(runner.state).toBe('ended');
    expect(states.map((each) => each.state)).toEqual(['closed', 'ended']);
    expect(supervisor.live()).toEqual([]);
  });

  it('terminate: stops the workers now; every unfinished task is rejected', async () => {
    const { pool, supervisor, events } = newLab();
    const { runner, facts } = pool({ runtime });
    const tasks = Array.from({ length: 10 }, () => submit(runner, sleep(10_000)));
    await Promise.all([tasks[0]!.started, tasks[1]!.started]);
    await runner.terminate();
    const outcomes = await Promise.all(tasks.map((task) => task.outcome));
    expect(outcomes).toEqual(tasks.map(() => ({ kind: 'rejected', reason: crashWords.terminated })));
    expect(runner.state).toBe('ended');
    expect(supervisor.live()).toEqual([]);
    // The running ones were rejected on their slots, the rest in the backlog.
    expect(facts.steps.filter((each) => each.step === 'rejected' && each.slot !== null).map((each) => each.id).sort()).toEqual([tasks[0]!.id, tasks[1]!.id]);
    // What the workers said as they went is not refused: terminate had ended those tasks already.
    expect(events.filter((event) => event.type === 'worker.messageRejected')).toEqual([]);
  });

  it('a worker killed mid-task under "lose" (Python\'s Pool): that task is lost, the ones it held go to the next worker, the slot gets a new worker', async () => {
    const { pool, kill } = newLab();
    const { runner, facts } = pool({ runtime, size: 1, crash: 'lose' });
    // Tasks have run short: the worker takes a second task while it runs one (PREFETCH).
    await submit(runner, square(1)).outcome;
    const running = submit(runner, sleep(10_000));
    const held = submit(runner, square(2));
    const waiting = submit(runner, square(3));
    await Promise.all([running.started, held.sent]);
    const victim = runner.slotViews[0]!.workerId!;
    kill(victim);
    // A thread has no signals: the lab's kill is worker.terminate(), exit code 1, and the task says so.
    expect(await running.outcome).toEqual({ kind: 'lost', workerId: victim, exitCode: killedExitCode(runtime), terminated: runtime === 'thread' });
    expect(await held.outcome).toEqual({ kind: 'result', value: 4 });
    expect(await waiting.outcome).toEqual({ kind: 'result', value: 9 });
    expect(facts.stepsOf(held.id)).toEqual(['submitted', 'queued', 'sent', 'queued', 'sent', 'running', 'done']);
    expect(facts.steps.find((each) => each.step === 'lost')?.detail).toBe(crashWords.lost(victim, killedExitCode(runtime), runtime === 'thread'));
    if (runtime === 'thread') expect(facts.steps.find((each) => each.step === 'lost')?.detail).toBe(`worker ${victim} was stopped with worker.terminate() (a thread has no signals: exit code 1) while running it`);
    const replacement = runner.slotViews[0]!.workerId;
    expect(replacement).not.toBe(victim);
    expect(facts.slots).toEqual([
      { slot: 1, workerId: victim },
      { slot: 1, workerId: replacement },
    ]);
    expect(runner.state).toBe('running');
  });

  it('a worker killed mid-task under "reject" (the lab\'s policy): that task is rejected with the exit code, the rest run on a new worker', async () => {
    const { pool, kill } = newLab();
    const { runner } = pool({ runtime, size: 1, crash: 'reject' });
    // Tasks have run short: the worker takes a second task while it runs one (PREFETCH).
    await submit(runner, square(1)).outcome;
    const running = submit(runner, sleep(10_000));
    const held = submit(runner, square(2));
    const waiting = submit(runner, square(3));
    await Promise.all([running.started, held.sent]);
    const victim = runner.slotViews[0]!.workerId!;
    kill(victim);
    expect(await running.outcome).toEqual({
      kind: 'rejected',
      reason: runtime === 'thread' ? 'the worker running it was stopped with worker.terminate() (a thread has no signals: exit code 1)' : 'the worker running it ended (exit code -9)',
    });
    expect(await held.outcome).toEqual({ kind: 'result', value: 4 });
    expect(await waiting.outcome).toEqual({ kind: 'result', value: 9 });
    expect(runner.slotViews[0]!.workerId).not.toBe(victim);
    expect(runner.state).toBe('running');
  });

  it('a worker killed mid-task under "break" (ProcessPoolExecutor): every unfinished task fails with BrokenProcessPool, every worker ends', async () => {
    const { pool, kill, supervisor } = newLab();
    const { runner, states } = pool({ runtime, size: 2, crash: 'break' });
    const tasks = [sleep(10_000), sleep(10_000), square(2), square(3), square(4), square(5)].map((call) => submit(runner, call));
    await Promise.all([tasks[0]!.started, tasks[1]!.started]);
    kill(runner.slotViews[0]!.workerId!);
    const outcomes = await Promise.all(tasks.map((task) => task.outcome));
    expect(outcomes).toEqual(tasks.map(() => ({ kind: 'rejected', reason: 'BrokenProcessPool: A process in the process pool was terminated abruptly while the future was running or pending.' })));
    await runner.whenEnded();
    expect(runner.state).toBe('broken');
    expect(states).toEqual([{ state: 'broken', reason: crashWords.broken }]);
    expect(() => submit(runner, square(1))).toThrow('the pool is broken: it takes no more tasks');
    expect(supervisor.live()).toEqual([]);
  });

  it('ends with the lab: when the lab stops, the pool ends and starts no worker again', async () => {
    const { pool, stop, events } = newLab();
    const { runner, facts } = pool({ runtime });
    const running = submit(runner, sleep(10_000));
    await running.started;
    const slotsBefore = facts.slots.length;
    const startsBefore = events.filter((event) => event.type === 'worker.starting').length;
    await stop();
    await runner.whenEnded();
    expect(await running.outcome).toEqual({ kind: 'rejected', reason: crashWords.labStopping });
    expect(runner.state).toBe('ended');
    expect(runner.reason).toBe(crashWords.labStopping);
    expect(facts.slots.length).toBe(slotsBefore);
    expect(events.filter((event) => event.type === 'worker.starting').length).toBe(startsBefore);
  });

  it('a worker that cannot start is retried a few times, then the pool is broken with the start failure as reason', async () => {
    const { pool, events } = newLab({ thread: '/nonexistent/worker-thread.js', process: '/nonexistent/worker-process.js' });
    const { runner, facts } = pool({ runtime, size: 1 });
    const task = submit(runner, square(2));
    await runner.whenEnded();
    expect(runner.state).toBe('broken');
    expect(runner.reason).toMatch(/^a worker of the pool could not start: .+/);
    expect(await task.outcome).toEqual({ kind: 'rejected', reason: runner.reason });
    // Bounded: three starts, then no more.
    expect(facts.slots).toHaveLength(MAX_START_ATTEMPTS);
    expect(events.filter((event) => event.type === 'worker.starting')).toHaveLength(MAX_START_ATTEMPTS);
  });
});
