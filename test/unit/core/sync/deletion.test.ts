import { describe, expect, it } from 'vitest';
import { RETIRED, STATE } from '../../../../src/shared/lock-cell';
import { client, done, flush, lab } from './harness';

// The lab's Delete (docs/sync.md, "Delete"): refused while anyone can notice the primitive vanish, then the
// name is free at once; and the edits a demo needs to run twice (Value, Array, Dict).

const names: Record<string, string> = { w1: 'worker-1', w2: 'worker-2', w3: 'worker-3' };
const withNames = () => lab(undefined, { nameOf: (workerId) => names[workerId] ?? workerId });

describe('deleting a primitive', () => {
  it('frees the name at once: the same name can be created again, fresh', async () => {
    const t = withNames();
    t.create({ kind: 'Queue', name: 'q', maxsize: 2 });
    await t.now('w1', { op: 'put', name: 'q', item: 1 });
    expect(t.broker.delete('q')).toEqual({ ok: true, removed: ['q'] });
    expect(t.broker.snapshot().map((p) => p.name)).toEqual([]);
    expect(await t.now('w1', { op: 'get', name: 'q', block: false })).toMatchObject({ ok: false, error: 'KeyError' });
    t.create({ kind: 'Queue', name: 'q', maxsize: 0 });
    expect(t.view('q')).toMatchObject({ depth: 0, maxsize: 0 });
  });

  it('is refused while a worker holds it or waits on it, naming them', async () => {
    const t = withNames();
    t.create({ kind: 'Lock', name: 'lockA' });
    await t.now('w1', { op: 'acquire', name: 'lockA' });
    t.send('w2', { op: 'acquire', name: 'lockA' });
    t.send('w3', { op: 'acquire', name: 'lockA' });
    await flush();
    expect(t.broker.delete('lockA')).toEqual({
      ok: false,
      error: 'lockA is in use: worker-1 holds it; worker-2 and worker-3 wait for it; end those workers first (Terminate), then delete it',
    });
    expect(t.view('lockA').holders).toHaveLength(1);
    // Once its users are gone, it goes.
    for (const id of ['w1', 'w2', 'w3']) t.broker.workerEnded(id);
    expect(t.broker.delete('lockA')).toMatchObject({ ok: true });
  });

  it('is refused for an Event a worker waits on, a Barrier with arrivals, a semaphore with units taken', async () => {
    const t = withNames();
    t.create({ kind: 'Event', name: 'ready' });
    t.create({ kind: 'Barrier', name: 'b', parties: 3 });
    t.create({ kind: 'Semaphore', name: 'pool', value: 2 });
    t.send('w1', { op: 'wait', name: 'ready' });
    t.send('w2', { op: 'wait', name: 'b' });
    await t.now('w3', { op: 'acquire', name: 'pool' });
    expect(t.broker.delete('ready')).toMatchObject({ ok: false, error: expect.stringContaining('worker-1 waits for it') });
    expect(t.broker.delete('b')).toMatchObject({ ok: false, error: expect.stringContaining('worker-2 waits for it') });
    expect(t.broker.delete('pool')).toMatchObject({ ok: false, error: expect.stringContaining('worker-3 holds it') });
  });

  it('takes a Condition own lock with it, and refuses to delete that lock alone or a lock a Condition uses', () => {
    const t = withNames();
    t.create({ kind: 'Condition', name: 'cv' });
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'Condition', name: 'cv2', lock: 'L' });
    expect(t.broker.delete('cv.lock')).toEqual({ ok: false, error: 'cv.lock belongs to cv: delete cv and it goes too' });
    expect(t.broker.delete('L')).toEqual({ ok: false, error: 'Condition cv2 uses it as its lock: delete cv2 first' });
    expect(t.broker.delete('cv')).toEqual({ ok: true, removed: ['cv', 'cv.lock'] });
    expect(t.broker.delete('cv2')).toMatchObject({ ok: true });
    expect(t.broker.delete('L')).toMatchObject({ ok: true });
    // Both names are free again.
    t.create({ kind: 'Condition', name: 'cv' });
  });

  it('takes a Value lock with it; refuses an Event a Timer sets; cancels a waiting Timer', async () => {
    const fired: string[] = [];
    const t = lab(undefined, { onTimerFired: (timer, event) => fired.push(`${timer}>${event}`) });
    t.create({ kind: 'Value', name: 'counter', lock: true });
    expect(t.broker.delete('counter')).toEqual({ ok: true, removed: ['counter', 'counter.lock'] });
    t.create({ kind: 'Event', name: 'go' });
    t.create({ kind: 'Timer', name: 't', interval: 1, event: 'go' });
    expect(t.broker.delete('go')).toEqual({ ok: false, error: 'Timer t sets it when it fires: delete t first' });
    await t.operate({ op: 'timer_start', name: 't' });
    expect(t.broker.delete('t')).toMatchObject({ ok: true });
    await t.advance(2);
    expect(fired).toEqual([]);
    expect(t.view('go').flag).toBe(false);
  });

  it('says so for a name that does not exist', () => {
    expect(lab().broker.delete('nope')).toEqual({ ok: false, error: 'no primitive named "nope"' });
  });
});

describe('a deleted lock and a thread that had its cell', () => {
  it('retires the cell: a thread asks for the name again and uses the new lock', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const { sync, sent } = client(t, 't1', true);
    const lock = sync.lock('L');
    expect(await lock.acquire()).toBe(true);
    await lock.release();
    const oldCell = new Int32Array(t.broker.attach('t1', 'L')!.cell);
    expect(t.broker.delete('L')).toMatchObject({ ok: true });
    expect(Atomics.load(oldCell, STATE)).toBe(RETIRED);
    t.create({ kind: 'Lock', name: 'L' });
    // The same handle: the retired cell sends it back to the host, which gives the new lock's cell.
    expect(await lock.acquire()).toBe(true);
    expect(t.view('L').holders.map((holder) => holder.workerId)).toEqual(['t1']);
    expect(Atomics.load(oldCell, STATE)).toBe(RETIRED);
    await lock.release();
    expect(t.view('L').holders).toEqual([]);
    expect(sent.filter((message) => message.type === 'syncAttach')).toHaveLength(2);
    // A non-blocking try and the synchronous fast path see the new lock too.
    expect(lock.acquireNow()).toBe(true);
    expect(t.view('L').holders).toHaveLength(1);
    expect(lock.releaseNow()).toBe(true);
  });

  it('a deleted lock that is not created again: the thread is told KeyError, in Python words', async () => {
    const t = lab();
    t.create({ kind: 'RLock', name: 'R' });
    const { sync } = client(t, 't1', true);
    const lock = sync.lock('R');
    await lock.acquire();
    await lock.release();
    expect(t.broker.delete('R')).toMatchObject({ ok: true });
    await expect(lock.acquire()).rejects.toMatchObject({ name: 'KeyError', message: 'no primitive named "R" (create it first)' });
  });

  it('refuses when a thread holds it on the fast path, unseen by the broker until it looks', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const { sync } = client(t, 't1', true);
    await sync.lock('L').acquire();
    expect(t.broker.delete('L')).toMatchObject({ ok: false, error: expect.stringContaining('t1 holds it') });
  });
});

describe('editing shared data (so a demo runs twice)', () => {
  it('Array: set an element, fill (the lab Reset), Python errors for a bad index or a fraction', async () => {
    const t = lab();
    t.create({ kind: 'Array', name: 'a', typecode: 'i', length: 3 });
    await t.operate({ op: 'array_set', name: 'a', index: -1, value: 7 });
    expect(t.view('a').contents).toBe('[0, 0, 7]');
    expect(await t.operate({ op: 'array_fill', name: 'a' })).toEqual(done());
    expect(t.view('a').contents).toBe('[0, 0, 0]');
    expect(await t.operate({ op: 'array_set', name: 'a', index: 3, value: 1 })).toEqual({ ok: false, error: 'IndexError', message: 'invalid index' });
    expect(await t.operate({ op: 'array_fill', name: 'a', value: 0.5 })).toMatchObject({ ok: false, error: 'TypeError' });
  });

  it('Dict: add a key, change it, delete it (KeyError when missing), clear', async () => {
    const t = lab();
    t.create({ kind: 'Dict', name: 'd' });
    await t.operate({ op: 'dict_set', name: 'd', key: 'n', value: 50 });
    await t.operate({ op: 'dict_set', name: 'd', key: 'm', value: 'x' });
    expect(t.view('d').contents).toBe("{'n': 50, 'm': 'x'}");
    expect(await t.operate({ op: 'dict_delete', name: 'd', key: 'n' })).toEqual(done());
    expect(await t.operate({ op: 'dict_delete', name: 'd', key: 'n' })).toEqual({ ok: false, error: 'KeyError', message: "'n'" });
    expect(await t.operate({ op: 'dict_clear', name: 'd' })).toEqual(done());
    expect(t.view('d')).toMatchObject({ contents: '{}', depth: 0 });
  });

  it('Value: set by the lab; an "i" Value refuses a fraction', async () => {
    const t = lab();
    t.create({ kind: 'Value', name: 'v', typecode: 'i', value: 0 });
    await t.operate({ op: 'value_set', name: 'v', value: 100 });
    expect(t.view('v').value).toBe(100);
    expect(await t.operate({ op: 'value_set', name: 'v', value: 1.5 })).toMatchObject({ ok: false, error: 'TypeError' });
  });
});

describe('a Timer firing', () => {
  it('is told once, with the Event it set', async () => {
    const fired: string[] = [];
    const t = lab(undefined, { onTimerFired: (timer, event) => fired.push(`${timer}>${event}`) });
    t.create({ kind: 'Event', name: 'go' });
    t.create({ kind: 'Timer', name: 't', interval: 0.5, event: 'go' });
    await t.operate({ op: 'timer_start', name: 't' });
    await t.advance(0.4);
    expect(fired).toEqual([]);
    await t.advance(0.2);
    expect(fired).toEqual(['t>go']);
    expect(t.view('go').flag).toBe(true);
    await t.advance(5);
    expect(fired).toHaveLength(1);
  });
});

describe('a lock taken and freed through the broker', () => {
  it('shows no holder once freed, so it can be deleted (the seen state follows the broker own moves)', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    // Seen free first, then taken and freed by the broker between two looks.
    expect(t.view('L').holders).toEqual([]);
    await t.now('p1', { op: 'acquire', name: 'L' });
    await t.now('p1', { op: 'release', name: 'L' });
    expect(t.view('L').holders).toEqual([]);
    expect(t.broker.delete('L')).toMatchObject({ ok: true });
  });
});
