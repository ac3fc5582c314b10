import { describe, expect, it } from 'vitest';
import { PoolTally, taskEnds } from '../../../bench/pool-tally';

/** A `pool.tasks` batch as the contract has it, with only the counts that matter set. */
function batch(pool: string, counts: Partial<Record<'submitted' | 'done' | 'failed' | 'lost' | 'cancelled' | 'rejected', number>>) {
  const all = { submitted: 0, started: 0, done: 0, failed: 0, lost: 0, cancelled: 0, rejected: 0, callbacks: 0, ...counts };
  return { type: 'pool.tasks', seq: 1, t: 0, pool, counts: all, backlog: 0, busy: [null, null], runHist: [], waitHist: [], steps: [], skipped: 0 };
}

describe('taskEnds', () => {
  it('reads the ends of a pool.tasks batch and nothing from other events', () => {
    expect(taskEnds(batch('p', { submitted: 5, done: 3, failed: 1 }))).toEqual({ pool: 'p', done: 3, bad: { failed: 1, lost: 0, cancelled: 0, rejected: 0 } });
    expect(taskEnds({ type: 'worker.exited', workerId: 'w1' })).toBeNull();
    expect(taskEnds({ type: 'pool.tasks' })).toBeNull();
    expect(taskEnds(null)).toBeNull();
  });
});

describe('PoolTally', () => {
  it('adds up ends pool by pool over batches, and a round settles at the time of the batch that completes it', async () => {
    let now = 0;
    const tally = new PoolTally(() => now);
    const round = tally.until('a', 5);
    now = 10;
    tally.add([batch('a', { submitted: 5, done: 2 }), batch('b', { done: 7 }), { type: 'lab.started' }]);
    now = 20;
    tally.add([batch('a', { done: 2 })]);
    now = 30;
    tally.add([batch('a', { done: 1 })]);
    now = 40;
    tally.add([batch('a', { done: 1 })]);
    await expect(round).resolves.toBe(30);
    expect(tally.endedSoFar('a')).toBe(6);
    expect(tally.endedSoFar('b')).toBe(7);
  });

  it("gives a target already reached the time of the pool's last batch, not the time it was asked", async () => {
    let now = 5;
    const tally = new PoolTally(() => now);
    tally.add([batch('a', { done: 3 })]);
    now = 99;
    await expect(tally.until('a', 3)).resolves.toBe(5);
  });

  it('refuses to time a round once one of its tasks failed, was lost or rejected, and every round of that pool after', async () => {
    const tally = new PoolTally(() => 0);
    const round = tally.until('a', 10);
    tally.add([batch('a', { done: 4, failed: 1, lost: 2 })]);
    await expect(round).rejects.toThrow("pool a's tasks did not all succeed: 1 failed, 2 lost");
    await expect(tally.until('a', 100)).rejects.toThrow('1 failed, 2 lost');
    tally.add([batch('b', { rejected: 1 })]);
    await expect(tally.until('b', 1)).rejects.toThrow('1 rejected');
  });
});
