import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REJECTIONS_REPORTED } from '../../../src/core/supervisor/supervisor';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * A pool worker whose user's code speaks the task wire itself (test/fixtures/hostile-pool-wire.mjs): what
 * it reports for tasks it was never sent, for another pool's, twice, in floods, in a batch of 10,000, or
 * past the message limit is refused in words in the event log, and no task of anyone's is harmed.
 */
const WIRE = join(__dirname, '..', '..', 'fixtures', 'hostile-pool-wire.mjs');
let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

type TasksEvent = Extract<LabEvent, { type: 'pool.tasks' }>;
const stepsOf = (lab: LabHarness, pool: string) => lab.all('pool.tasks').filter((event: TasksEvent) => event.pool === pool).flatMap((event) => event.steps);
const endOf = (lab: LabHarness, pool: string, id: number) => stepsOf(lab, pool).find((step) => step.id === id && ['done', 'failed', 'lost', 'rejected'].includes(step.step));
const workerOf = (lab: LabHarness, pool: string) => lab.all('pool.slot').find((event) => event.pool === pool && event.workerId !== null)!.workerId!;

async function applied(lab: LabHarness, pool: string, fn: string, args: unknown[]): Promise<number> {
  return (await lab.ok({ type: 'pool.apply', pool, fn, args })).value as number;
}

async function ended(lab: LabHarness, pool: string, id: number) {
  return waitFor(`task ${id} of ${pool} ended`, () => endOf(lab, pool, id), 20_000);
}

describe.each(['thread', 'process'] as const)('a %s pool worker speaking the task wire itself', (runtime) => {
  it('reports of tasks never sent, of another pool\'s, and twice are refused in words; every real task ends once, as it should', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'bad', api: 'pool', runtime, size: 1, module: WIRE } });
    await lab.ok({ type: 'pool.create', pool: { name: 'other', api: 'pool', runtime, size: 1 } });
    // Task ids are per pool: the other pool's run past the bad pool's (1 to 4), and its last waits behind a sleep.
    for (let i = 0; i < 10; i++) await applied(lab, 'other', 'square', [i]);
    const otherFirst = await applied(lab, 'other', 'sleep', [300]);
    const otherSecond = await applied(lab, 'other', 'square', [6]);
    const never = await applied(lab, 'bad', 'forge', [{ type: 'task.result', taskId: 4242, value: 'not yours' }]);
    const others = await applied(lab, 'bad', 'forge', [{ type: 'task.result', taskId: otherSecond, value: 'stolen' }]);
    const started = await applied(lab, 'bad', 'forge', [{ type: 'task.started', taskId: otherSecond }]);
    const twice = await applied(lab, 'bad', 'resultTwice', [4]);
    expect(twice).toBe(4);
    for (const id of [never, others, started]) expect((await ended(lab, 'bad', id)).detail).toBe('1');
    // The forged result came first and is taken (the host cannot tell it from the worker's); the worker's own is refused.
    expect((await ended(lab, 'bad', twice)).detail).toBe("'forged'");
    expect((await ended(lab, 'other', otherFirst)).step).toBe('done');
    expect((await ended(lab, 'other', otherSecond)).detail).toBe('36');
    const worker = workerOf(lab, 'bad');
    const reasons = await waitFor('four refusals', () => {
      const all = lab.all('worker.messageRejected', worker).map((event) => event.reason);
      return all.length >= 4 && all;
    });
    expect(reasons).toEqual([
      `task 4242 was not sent to worker ${worker}`,
      `task ${otherSecond} was not sent to worker ${worker}`,
      `task ${otherSecond} was not sent to worker ${worker}`,
      `task ${twice} was not sent to worker ${worker}`,
    ]);
    // Each task ended once: done, with no second end.
    for (const pool of ['bad', 'other']) {
      const ends = stepsOf(lab, pool).filter((step) => ['done', 'failed', 'lost', 'rejected'].includes(step.step));
      expect(new Set(ends.map((step) => step.id)).size, pool).toBe(ends.length);
    }
  });

  it('a batch of 10,000 reports, a report past the message limit, and a flood of 10,000 forged reports: refused in a bounded number of words', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'bad', api: 'pool', runtime, size: 1, module: WIRE } });
    const batch = await applied(lab, 'bad', 'bigBatch', [10_000]);
    const big = await applied(lab, 'bad', 'oversized', [2]);
    const flood = await applied(lab, 'bad', 'forge', [{ type: 'task.started', taskId: 777 }, 10_000]);
    expect((await ended(lab, 'bad', batch)).detail).toBe('10000');
    expect((await ended(lab, 'bad', big)).detail).toBe("'sent'");
    expect((await ended(lab, 'bad', flood)).detail).toBe('10000');
    const worker = workerOf(lab, 'bad');
    const reasons = lab.all('worker.messageRejected', worker).map((event) => event.reason);
    expect(reasons[0]).toMatch(/^the message has more than 20000 values|at most 200 task reports in one message/);
    expect(reasons[1]).toBe('the message has more than 1000000 characters of text');
    expect(reasons[2]).toBe(`task 777 was not sent to worker ${worker}`);
    // A flood is told one by one up to the supervisor's bound, then once more in one line.
    expect(reasons.length).toBe(MAX_REJECTIONS_REPORTED + 1);
    expect(reasons.at(-1)).toMatch(/no longer reported one by one/);
    // The worker serves on.
    const next = await applied(lab, 'bad', 'forge', [{ type: 'nothing' }, 0]);
    expect((await ended(lab, 'bad', next)).detail).toBe('0');
  });

  it('parts of a chunk\'s values past its calls are refused, not kept: 200 parts of 19,000 values for a chunk of two', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'bad', api: 'pool', runtime, size: 1, module: WIRE } });
    // Task 1 is this map's one chunk: its calls are partsFlood(1, 200) and partsFlood(1, 0).
    const mapped = await lab.ok({ type: 'pool.map', pool: 'bad', fn: 'partsFlood', items: [[1, 200], [1, 0]], star: true, chunksize: 2 });
    expect(mapped.value).toEqual({ mapId: 1, tasks: 1 });
    // Its own values come whole, as the worker sends them: none of the 3.8 million were kept.
    expect((await ended(lab, 'bad', 1)).detail).toBe('[1, 1]');
    const worker = workerOf(lab, 'bad');
    const reasons = lab.all('worker.messageRejected', worker).map((event) => event.reason);
    expect(reasons[0]).toBe(`task 1 on worker ${worker}: its parts hold more values than its 2 calls`);
    expect(reasons.length).toBe(MAX_REJECTIONS_REPORTED + 1);
  });
});
