import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../support/seeded-random';
import { client, flush, lab } from './harness';

// issue 7, "a Condition's lock keeps a stale holder": after wait() gives the lock up and gets it back, the
// broker's record of its holder (which the Locks view and the deadlock detector read) must follow the cell.
// Many wait / notify cycles in the shape of lock_tests.py ConditionTests (_check_notify, test_waitfor), by
// thread clients (the lock's fast path when used as a Lock) and process clients (brokered), interleaved at
// random with a seed; then nobody may show as holding or waiting.

const ROUNDS = 60;

describe('a Condition after many wait / notify cycles', () => {
  it.each([1, 2, 3, 4, 5, 6])('shows no holder and no waiter once everyone released (seed %i)', async (seed) => {
    const random = new SeededRandom(seed);
    const t = lab();
    t.create({ kind: 'RLock', name: 'L' });
    t.create({ kind: 'Condition', name: 'D', lock: 'L' });
    t.create({ kind: 'Condition', name: 'C' });
    let rounds = 0;
    let running = 0;
    const worker = async (id: string, thread: boolean) => {
      running += 1;
      const { sync } = client(t, id, thread);
      const lock = sync.lock('L');
      for (let round = 0; round < ROUNDS; round += 1) {
        const own = random.next() < 0.5;
        const condition = sync.condition(own ? 'C' : 'D');
        // `with lock:` around cv.wait() (the lock's own handle: the fast path in a thread), or `with cv:`.
        const viaLock = !own && random.next() < 0.5;
        if (viaLock) {
          if (lock.acquireNow() !== true) await lock.acquire();
        } else await condition.acquire();
        const nested = random.next() < 0.3;
        if (nested) await condition.acquire();
        const notify = random.next();
        if (notify < 0.3) await condition.notify();
        else if (notify < 0.5) await condition.notifyAll();
        await condition.wait(random.next() < 0.5 ? 0.01 : 0.05);
        if (random.next() < 0.5) await condition.notifyAll();
        if (nested) await condition.release();
        if (viaLock) {
          if (!lock.releaseNow()) await lock.release();
        } else await condition.release();
        // Look in the middle too: an observation is what once left a stale holder behind.
        if (random.next() < 0.3) t.view('L');
        rounds += 1;
      }
      running -= 1;
    };
    const all = Promise.all([worker('t1', true), worker('t2', true), worker('p1', false), worker('p2', false)]);
    for (let step = 0; running > 0 && step < 100_000; step += 1) {
      await flush();
      await t.advance(0.003);
    }
    await all;
    expect(rounds).toBe(4 * ROUNDS);
    for (const name of ['L', 'D', 'C', 'C.lock']) {
      expect(t.view(name).holders, name).toEqual([]);
      expect(t.view(name).waiters, name).toEqual([]);
    }
  });
});
