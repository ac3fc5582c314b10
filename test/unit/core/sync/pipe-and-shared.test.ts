import { describe, expect, it } from 'vitest';
import { done, flush, lab } from './harness';

// Lib/test/_test_multiprocessing.py: _TestConnection (test_connection, test_duplex_false, test_spawn_close),
// _TestArray, _TestValue, and Manager dicts; Lib/test/test_threading.py: TimerTests.

describe('Pipe (_TestConnection)', () => {
  it('carries messages both ways in order, poll says whether one is there', async () => {
    const t = lab();
    t.create({ kind: 'Pipe', name: 'p' });
    expect(await t.now('a', { op: 'pipe_poll', name: 'p', end: 0 })).toEqual(done(false));
    await t.now('a', { op: 'pipe_send', name: 'p', end: 0, item: 'hello' });
    await t.now('a', { op: 'pipe_send', name: 'p', end: 0, item: 2 });
    await t.now('b', { op: 'pipe_send', name: 'p', end: 1, item: 'back' });
    expect(t.view('p')).toMatchObject({ depth: 3, bytes: 7 + 1 + 6, puts: 3, gets: 0 });
    expect(await t.now('b', { op: 'pipe_poll', name: 'p', end: 1 })).toEqual(done(true));
    expect(await t.now('b', { op: 'pipe_recv', name: 'p', end: 1 })).toEqual(done('hello'));
    expect(await t.now('b', { op: 'pipe_recv', name: 'p', end: 1 })).toEqual(done(2));
    expect(await t.now('a', { op: 'pipe_recv', name: 'p', end: 0 })).toEqual(done('back'));
  });

  it('blocks recv until something is sent, and poll(timeout) gives up with false', async () => {
    const t = lab();
    t.create({ kind: 'Pipe', name: 'p' });
    const recv = t.send('b', { op: 'pipe_recv', name: 'p', end: 1 });
    const poll = t.send('c', { op: 'pipe_poll', name: 'p', end: 0, timeout: 0.5 });
    await flush();
    expect(recv.settled || poll.settled).toBe(false);
    await t.advance(0.5);
    expect(poll.reply).toEqual(done(false));
    await t.now('a', { op: 'pipe_send', name: 'p', end: 0, item: 'x' });
    await flush();
    expect(recv.reply).toEqual(done('x'));
  });

  it('raises EOFError once the other end is closed and nothing is left, and OSError on a closed end', async () => {
    const t = lab();
    t.create({ kind: 'Pipe', name: 'p' });
    const waiting = t.send('b', { op: 'pipe_recv', name: 'p', end: 1 });
    await t.now('a', { op: 'pipe_send', name: 'p', end: 0, item: 'last' });
    await flush();
    expect(waiting.reply).toEqual(done('last'));
    const blocked = t.send('b', { op: 'pipe_recv', name: 'p', end: 1 });
    await t.now('a', { op: 'pipe_close', name: 'p', end: 0 });
    await flush();
    expect(blocked.reply).toMatchObject({ ok: false, error: 'EOFError' });
    expect(await t.now('a', { op: 'pipe_send', name: 'p', end: 0, item: 1 })).toMatchObject({ ok: false, error: 'OSError', message: 'handle is closed' });
    expect(await t.now('b', { op: 'pipe_send', name: 'p', end: 1, item: 1 })).toMatchObject({ ok: false, error: 'BrokenPipeError', message: '[Errno 32] Broken pipe' });
  });

  it('send blocks while the other end has a full buffer unread, and goes on when it reads', async () => {
    const t = lab();
    t.create({ kind: 'Pipe', name: 'p' });
    // Items are at most 1000 characters: 65 of 1000 bytes fit in the 64 KiB buffer, the 66th waits.
    const big = 'x'.repeat(998);
    for (let sent = 0; sent < 65; sent++) await t.now('a', { op: 'pipe_send', name: 'p', end: 0, item: big });
    expect(t.view('p').bytes).toBe(65_000);
    const second = t.send('a', { op: 'pipe_send', name: 'p', end: 0, item: big });
    await flush();
    expect(second.settled).toBe(false);
    expect(t.view('p').waiters.map((waiter) => waiter.op)).toEqual(['pipe_send']);
    expect(await t.operate({ op: 'pipe_send', name: 'p', end: 0, item: big })).toMatchObject({ ok: false, error: 'Full' });
    expect(await t.now('b', { op: 'pipe_recv', name: 'p', end: 1 })).toEqual(done(big));
    await flush();
    expect(second.reply).toEqual(done());
    expect(await t.operate({ op: 'pipe_recv', name: 'p', end: 0 })).toMatchObject({ ok: false, error: 'Empty' });
  });

  it('one-way (duplex=False): end 0 only receives, end 1 only sends', async () => {
    const t = lab();
    t.create({ kind: 'Pipe', name: 'p', duplex: false });
    expect(await t.now('a', { op: 'pipe_send', name: 'p', end: 0, item: 1 })).toMatchObject({ ok: false, error: 'OSError' });
    expect(await t.now('a', { op: 'pipe_recv', name: 'p', end: 1 })).toMatchObject({ ok: false, error: 'OSError' });
    await t.now('b', { op: 'pipe_send', name: 'p', end: 1, item: 'ok' });
    expect(await t.now('a', { op: 'pipe_recv', name: 'p', end: 0 })).toEqual(done('ok'));
  });
});

describe('Array and Value (_TestArray, _TestValue) and a Manager dict', () => {
  it('an int Array is zero-filled, indexes from the end, refuses out-of-range and fractions', async () => {
    const t = lab();
    t.create({ kind: 'Array', name: 'a', typecode: 'i', length: 3 });
    expect(await t.now('w', { op: 'array_get', name: 'a', index: 2 })).toEqual(done(0));
    await t.now('w', { op: 'array_set', name: 'a', index: -1, value: 7 });
    expect(await t.now('w', { op: 'array_get', name: 'a', index: 2 })).toEqual(done(7));
    expect(await t.now('w', { op: 'array_get', name: 'a', index: 3 })).toMatchObject({ ok: false, error: 'IndexError' });
    expect(await t.now('w', { op: 'array_set', name: 'a', index: 0, value: 1.5 })).toMatchObject({ ok: false, error: 'TypeError' });
    expect(t.view('a').contents).toBe('[0, 0, 7]');
  });

  it('a Value or Array made with lock=True comes with its RLock (get_lock()); an "i" Value refuses fractions', async () => {
    const t = lab();
    t.create({ kind: 'Value', name: 'v', typecode: 'i', value: 5, lock: true });
    t.create({ kind: 'Array', name: 'a', length: 2, lock: true });
    expect(t.broker.snapshot().map((p) => `${p.kind} ${p.name}`)).toEqual(['RLock v.lock', 'Value v', 'RLock a.lock', 'Array a']);
    expect(await t.now('w', { op: 'value_set', name: 'v', value: 1.5 })).toMatchObject({ ok: false, error: 'TypeError' });
    expect(() => t.create({ kind: 'Value', name: 'w', typecode: 'i', value: 0.5 })).toThrow("TypeError: 'float' object cannot be interpreted as an integer");
    expect(await t.now('w', { op: 'acquire', name: 'v.lock' })).toEqual(done(true));
  });

  it('a dict raises KeyError for a missing key and shows its contents', async () => {
    const t = lab();
    t.create({ kind: 'Dict', name: 'd' });
    expect(await t.now('w', { op: 'dict_get', name: 'd', key: 'n' })).toMatchObject({ ok: false, error: 'KeyError' });
    await t.now('w', { op: 'dict_set', name: 'd', key: 'n', value: 100 });
    expect(await t.now('w', { op: 'dict_get', name: 'd', key: 'n' })).toEqual(done(100));
    expect(t.view('d')).toMatchObject({ depth: 1, contents: "{'n': 100}" });
  });
});

describe('Timer (TimerTests)', () => {
  it('sets its Event after the interval; cancel before that stops it; a second start is refused', async () => {
    const t = lab();
    t.create({ kind: 'Event', name: 'fired' });
    t.create({ kind: 'Timer', name: 'late', interval: 1, event: 'fired' });
    t.create({ kind: 'Timer', name: 'never', interval: 1, event: 'fired' });
    const waiter = t.send('w', { op: 'wait', name: 'fired' });
    await t.now('main', { op: 'timer_start', name: 'late' });
    expect(await t.now('main', { op: 'timer_start', name: 'late' })).toMatchObject({ ok: false, error: 'RuntimeError' });
    await t.advance(0.5);
    expect(waiter.settled).toBe(false);
    await t.advance(0.5);
    expect(waiter.reply).toEqual(done(true));
    expect(t.view('late').flag).toBe(true);
    await t.now('main', { op: 'timer_start', name: 'never' });
    await t.now('main', { op: 'timer_cancel', name: 'never' });
    await t.advance(2);
    expect(t.view('never').contents).toMatch(/^cancelled/);
  });

  it('cancelled before it starts, it still starts once and never fires', async () => {
    const t = lab();
    t.create({ kind: 'Event', name: 'fired' });
    t.create({ kind: 'Timer', name: 't', interval: 0.1, event: 'fired' });
    await t.now('main', { op: 'timer_cancel', name: 't' });
    expect(await t.now('main', { op: 'timer_start', name: 't' })).toEqual(done());
    await t.advance(1);
    expect(await t.now('main', { op: 'is_set', name: 'fired' })).toEqual(done(false));
    expect(await t.now('main', { op: 'timer_start', name: 't' })).toMatchObject({ ok: false, error: 'RuntimeError' });
  });

  it('needs an existing Event to set', () => {
    const t = lab();
    expect(() => t.create({ kind: 'Timer', name: 'x', interval: 1, event: 'nope' })).toThrow(/Event "nope"/);
  });
});

describe('Pipe close and names too long for a lock', () => {
  it('closing an end answers a reader blocked on that very end', async () => {
    const t = lab();
    t.create({ kind: 'Pipe', name: 'p' });
    const reading = t.send('w', { op: 'pipe_recv', name: 'p', end: 0 });
    await t.operate({ op: 'pipe_close', name: 'p', end: 0 });
    await flush();
    expect(reading.reply).toMatchObject({ ok: false, error: 'OSError', message: 'handle is closed' });
    expect(t.view('p').waiters).toEqual([]);
  });

  it('refuses a Value whose lock name would be too long, and a Condition likewise', () => {
    const t = lab();
    const long = 'n'.repeat(38);
    expect(() => t.create({ kind: 'Value', name: long, lock: true })).toThrow(/too long/);
    expect(() => t.create({ kind: 'Condition', name: long })).toThrow(/too long/);
  });
});
