import { describe, expect, it } from 'vitest';
import { client, flush, lab } from './harness';

// `with lock:` as `await using held = await lock.hold()`: held inside the block, released however it ends.

describe.each([
  { label: 'a thread (the fast path)', sharedMemory: true },
  { label: 'a process (brokered)', sharedMemory: false },
])('lock.hold() in $label', ({ sharedMemory }) => {
  it('holds a Lock inside `await using` and releases it at the end of the block, also when the block throws', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const { sync, sent } = client(t, 'w', sharedMemory);
    const lock = sync.lock('L');
    await lock.acquire();
    await lock.release();
    const before = sent.length;
    {
      await using held = await lock.hold();
      expect(held).toBeDefined();
      expect(t.view('L').holders).toMatchObject([{ workerId: 'w' }]);
    }
    await flush();
    expect(t.view('L').holders).toEqual([]);
    // Uncontended in a thread: no message at all, either way.
    if (sharedMemory) expect(sent.length).toBe(before);
    const block = async () => {
      await using _held = await lock.hold();
      throw new Error('inside');
    };
    await expect(block()).rejects.toThrow('inside');
    await flush();
    expect(t.view('L').holders).toEqual([]);
  });

  it('a plain `using` releases too, and an early release() makes the dispose do nothing', async () => {
    const t = lab();
    t.create({ kind: 'RLock', name: 'R' });
    t.create({ kind: 'Semaphore', name: 'S', value: 1 });
    const { sync } = client(t, 'w', sharedMemory);
    {
      using _held = await sync.lock('R').hold();
      expect(t.view('R').holders).toHaveLength(1);
    }
    await flush();
    expect(t.view('R').holders).toEqual([]);
    {
      await using held = await sync.lock('S').hold();
      expect(t.view('S').value).toBe(0);
      await held.release();
      expect(t.view('S').value).toBe(1);
    }
    await flush();
    // Not released twice: a Semaphore would have gone to 2.
    expect(t.view('S').value).toBe(1);
  });

  it('holds a Condition\'s lock, so that wait() and notify() work inside the block', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    const { sync } = client(t, 'w', sharedMemory);
    const condition = sync.condition('C');
    {
      await using _held = await condition.hold();
      expect(await condition.isOwned()).toBe(true);
      await condition.notify();
    }
    await flush();
    expect(t.view('C.lock').holders).toEqual([]);
  });

  it('waits for a held lock, as `with lock:` blocks, and holds it once the holder lets go', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    await t.now('other', { op: 'acquire', name: 'L' });
    const { sync } = client(t, 'w', sharedMemory);
    let inside = false;
    const block = (async () => {
      await using _held = await sync.lock('L').hold();
      inside = true;
    })();
    await flush();
    await flush();
    expect(inside).toBe(false);
    await t.now('other', { op: 'release', name: 'L' });
    await block;
    expect(inside).toBe(true);
    await flush();
    expect(t.view('L').holders).toEqual([]);
  });
});
