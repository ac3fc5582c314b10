import { describe, expect, it } from 'vitest';
import { PRIMITIVE_KINDS } from '../../../../src/shared/sync';
import { done, flush, lab } from './harness';

describe('createSyncBroker: creating', () => {
  it('lists every primitive in creation order, each field null where its kind has none', () => {
    const t = lab();
    t.create({ kind: 'Semaphore', name: 'S', value: 3 });
    t.create({ kind: 'Event', name: 'E' });
    t.create({ kind: 'Condition', name: 'C' });
    t.create({ kind: 'Barrier', name: 'B', parties: 3 });
    t.create({ kind: 'Value', name: 'V', value: 7 });
    const snapshot = t.broker.snapshot();
    expect(snapshot.map((primitive) => [primitive.name, primitive.kind])).toEqual([
      ['S', 'Semaphore'],
      ['E', 'Event'],
      ['C.lock', 'RLock'],
      ['C', 'Condition'],
      ['B', 'Barrier'],
      ['V', 'Value'],
    ]);
    expect(t.view('S')).toMatchObject({ value: 3, flag: null, parties: null, depth: null, lock: null, ownerDied: null });
    expect(t.view('E')).toMatchObject({ value: null, flag: false, broken: null });
    expect(t.view('C')).toMatchObject({ lock: 'C.lock', value: null, flag: null });
    expect(t.view('B')).toMatchObject({ parties: 3, broken: false, value: null });
    expect(t.view('V')).toMatchObject({ value: 7, puts: null, gets: null });
  });

  it('refuses a taken name, and a Condition whose lock is missing, not a lock, or whose own lock name is taken', () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'Event', name: 'E' });
    t.create({ kind: 'Lock', name: 'X.lock' });
    expect(t.broker.create({ kind: 'Event', name: 'L' })).toEqual({ ok: false, error: expect.stringContaining('"L" is taken') });
    expect(t.broker.create({ kind: 'Condition', name: 'C', lock: 'nope' })).toEqual({ ok: false, error: expect.stringContaining('no Lock or RLock named "nope"') });
    expect(t.broker.create({ kind: 'Condition', name: 'C', lock: 'E' })).toEqual({ ok: false, error: expect.stringContaining('"E" is a Event') });
    expect(t.broker.create({ kind: 'Condition', name: 'X' })).toEqual({ ok: false, error: expect.stringContaining('"X.lock" is taken') });
    expect(t.broker.snapshot().map((primitive) => primitive.name)).toEqual(['L', 'E', 'X.lock']);
    expect(t.broker.create({ kind: 'Condition', name: 'C', lock: 'L' })).toEqual({ ok: true });
  });

  it('can create every kind', () => {
    const t = lab();
    const options: Partial<Record<(typeof PRIMITIVE_KINDS)[number], Record<string, unknown>>> = {
      Barrier: { parties: 2 },
      Array: { length: 4 },
      Timer: { interval: 1, event: 'pEvent' },
    };
    for (const kind of PRIMITIVE_KINDS) t.create({ kind, name: `p${kind}`, ...options[kind] });
    const kinds = t.broker.snapshot().filter((primitive) => !primitive.name.endsWith('.lock')).map((primitive) => primitive.kind);
    expect(kinds).toEqual([...PRIMITIVE_KINDS]);
  });
});

describe('createSyncBroker: refusals', () => {
  it('a worker blocks in one call at a time, as a Python thread does', async () => {
    const t = lab();
    t.create({ kind: 'Event', name: 'E' });
    const first = t.send('w', { op: 'wait', name: 'E' });
    expect(await t.now('w', { op: 'wait', name: 'E' })).toMatchObject({ ok: false, error: 'RuntimeError', message: 'this worker is already waiting in wait on E: one blocking call at a time' });
    // Non-blocking calls from others are served; once the first wait ends, the worker may block again.
    await t.now('main', { op: 'set', name: 'E' });
    await flush();
    expect(first.reply).toEqual({ ok: true, value: true });
    expect(await t.now('w', { op: 'wait', name: 'E' })).toEqual({ ok: true, value: true });
  });

  it('a worker already waiting may still release, set or put without waiting', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'Event', name: 'E' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    const other = t.send('w2', { op: 'acquire', name: 'L' });
    t.send('w1', { op: 'wait', name: 'E' });
    await flush();
    expect(await t.now('w1', { op: 'release', name: 'L' })).toEqual({ ok: true, value: null });
    await flush();
    expect(other.reply).toEqual({ ok: true, value: true });
  });

  it('an unknown name is a KeyError', async () => {
    const t = lab();
    expect(await t.now('w', { op: 'acquire', name: 'x' })).toEqual({ ok: false, error: 'KeyError', message: 'no primitive named "x" (create it first)' });
    expect(await t.operate({ op: 'set', name: 'x' })).toMatchObject({ ok: false, error: 'KeyError' });
  });

  it('an op the kind does not have is a TypeError', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'Event', name: 'E' });
    t.create({ kind: 'Queue', name: 'Q' });
    expect(await t.now('w', { op: 'put', name: 'L', item: 1 })).toEqual({ ok: false, error: 'TypeError', message: 'a Lock has no "put"' });
    expect(await t.now('w', { op: 'acquire', name: 'E' })).toEqual({ ok: false, error: 'TypeError', message: 'an Event has no "acquire"' });
    expect(await t.now('w', { op: 'wait', name: 'Q' })).toEqual({ ok: false, error: 'TypeError', message: 'a Queue has no "wait"' });
    expect(await t.operate({ op: 'wait', name: 'L' })).toMatchObject({ ok: false, error: 'TypeError' });
  });
});

describe('createSyncBroker: the lab operating', () => {
  it('acquires without blocking, as "lab", and can release a Lock a worker holds', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    expect(await t.operate({ op: 'acquire', name: 'L', timeout: 10 })).toEqual(done(true));
    expect(t.view('L').holders.map((holder) => holder.workerId)).toEqual(['lab']);
    expect(await t.operate({ op: 'acquire', name: 'L' })).toEqual(done(false));
    await t.operate({ op: 'release', name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    expect(await t.operate({ op: 'release', name: 'L' })).toEqual(done());
  });

  it('puts and gets without waiting, and refuses to wait or join', async () => {
    const t = lab();
    t.create({ kind: 'JoinableQueue', name: 'Q', maxsize: 1 });
    t.create({ kind: 'Event', name: 'E' });
    expect(await t.operate({ op: 'get', name: 'Q' })).toMatchObject({ ok: false, error: 'Empty' });
    expect(await t.operate({ op: 'put', name: 'Q', item: 'x' })).toEqual(done());
    expect(await t.operate({ op: 'put', name: 'Q', item: 'y', timeout: 5 })).toMatchObject({ ok: false, error: 'Full' });
    expect(t.view('Q').producers).toEqual(['lab']);
    const refused = { ok: false, error: 'ValueError', message: 'the lab cannot wait' };
    expect(await t.operate({ op: 'join', name: 'Q' })).toEqual(refused);
    expect(await t.operate({ op: 'wait', name: 'E' })).toEqual(refused);
    expect(await t.operate({ op: 'set', name: 'E' })).toEqual(done());
    expect(t.view('E').flag).toBe(true);
  });
});

describe('createSyncBroker: Value', () => {
  it('gets and sets with no lock, so two read-modify-writes lose an update', async () => {
    const t = lab();
    t.create({ kind: 'Value', name: 'V', value: 10 });
    const a = (await t.now('w1', { op: 'value_get', name: 'V' })) as { value: number };
    const b = (await t.now('w2', { op: 'value_get', name: 'V' })) as { value: number };
    await t.now('w1', { op: 'value_set', name: 'V', value: a.value + 1 });
    await t.now('w2', { op: 'value_set', name: 'V', value: b.value + 1 });
    expect(t.view('V').value).toBe(11);
  });
});

describe('createSyncBroker: version and snapshot', () => {
  it('bumps the version on changes and timer fires, not on reads; an unchanged snapshot is the same array', async () => {
    const t = lab();
    const v0 = t.broker.version;
    t.create({ kind: 'Event', name: 'E' });
    t.create({ kind: 'Queue', name: 'Q' });
    const v1 = t.broker.version;
    expect(v1).toBeGreaterThan(v0);
    const first = t.broker.snapshot();
    await t.now('w', { op: 'is_set', name: 'E' });
    await t.now('w', { op: 'qsize', name: 'Q' });
    expect(t.broker.version).toBe(v1);
    expect(t.broker.snapshot()).toBe(first);

    const waiting = t.send('w', { op: 'wait', name: 'E', timeout: 1 });
    await flush();
    const v2 = t.broker.version;
    expect(v2).toBeGreaterThan(v1);
    expect(t.broker.snapshot()).not.toBe(first);
    await t.advance(1);
    expect(waiting.reply).toEqual(done(false));
    expect(t.broker.version).toBeGreaterThan(v2);
    expect(t.view('E').waiters).toEqual([]);
  });

  it('stamps waiters and holders with the wall clock and shows timeouts in ms', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    await t.advance(2);
    t.send('w2', { op: 'acquire', name: 'L', timeout: 1.5 });
    await flush();
    const start = t.clock.now() - 2000;
    expect(t.view('L').holders).toEqual([{ workerId: 'w1', since: start, count: 1 }]);
    expect(t.view('L').waiters).toEqual([{ workerId: 'w2', op: 'acquire', since: start + 2000, timeoutMs: 1500 }]);
  });
});
