import { describe, expect, it } from 'vitest';
import { labEventSchema, parseCommand } from '../../../src/shared/protocol';
import { MAX_MAP_ITEMS } from '../../../src/shared/pools';
import { HIST_EDGES_MS } from '../../../src/shared/task-steps';

const refusal = (input: unknown): string => {
  const parsed = parseCommand(input);
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(input)}`);
  return parsed.error;
};

describe('pool.create', () => {
  it('fills the defaults the core does not choose (size is the core\'s: Python\'s default)', () => {
    expect(parseCommand({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'process' } })).toEqual({
      ok: true,
      command: { type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'process', maxTasksPerChild: null, onCrash: 'python' } },
    });
  });

  it.each([
    [{ name: 'p', api: 'pool', runtime: 'thread', size: 0 }, 'size must be a whole number from 1 to 64'],
    [{ name: 'p', api: 'pool', runtime: 'thread', size: -2 }, 'size must be a whole number from 1 to 64'],
    [{ name: 'p', api: 'pool', runtime: 'thread', size: 65 }, 'size must be a whole number from 1 to 64'],
    [{ name: 'p', api: 'pool', runtime: 'thread', size: 2.5 }, 'size must be a whole number'],
    [{ name: 'p', api: 'pool', runtime: 'process', maxTasksPerChild: 0 }, 'maxTasksPerChild must be a whole number from 1 to 1000000'],
    // Python's thread pools have no worker lifetime: refused in Python's words, as Python refuses it.
    [{ name: 'p', api: 'pool', runtime: 'thread', maxTasksPerChild: 3 }, "TypeError: ThreadPool.__init__() got an unexpected keyword argument 'maxtasksperchild': Python's ThreadPool has none"],
    [{ name: 'e', api: 'executor', runtime: 'thread', maxTasksPerChild: 3 }, "TypeError: ThreadPoolExecutor.__init__() got an unexpected keyword argument 'max_tasks_per_child'"],
    [{ name: 'p', api: 'futures', runtime: 'thread' }, 'api must be "pool"'],
    [{ name: 'p', api: 'pool', runtime: 'fiber' }, 'runtime must be "thread" or "process"'],
    [{ name: 'p', api: 'pool', runtime: 'thread', onCrash: 'ignore' }, 'onCrash must be "python"'],
    [{ name: '9p', api: 'pool', runtime: 'thread' }, 'a pool name is a letter or _'],
    [{ name: '__proto__', api: 'pool', runtime: 'thread' }, '"__proto__" cannot name a pool here'],
    [{ name: 'p', api: 'pool', runtime: 'thread', processes: 4 }, 'processes'],
  ])('refuses %j in words', (pool, message) => {
    expect(refusal({ type: 'pool.create', pool })).toContain(message);
  });

  it('takes a worker lifetime for process pools, Pool and ProcessPoolExecutor both, and null for any', () => {
    for (const api of ['pool', 'executor'] as const) {
      expect(parseCommand({ type: 'pool.create', pool: { name: 'p', api, runtime: 'process', maxTasksPerChild: 3 } })).toMatchObject({ ok: true });
      expect(parseCommand({ type: 'pool.create', pool: { name: 'p', api, runtime: 'thread', maxTasksPerChild: null } })).toMatchObject({ ok: true });
    }
  });
});

describe('the pool commands', () => {
  it('apply takes no arguments by default, and only the task library\'s functions', () => {
    expect(parseCommand({ type: 'pool.apply', pool: 'p', fn: 'square' })).toMatchObject({ ok: true, command: { args: [] } });
    expect(refusal({ type: 'pool.apply', pool: 'p', fn: 'os.system', args: ['rm'] })).toContain('unknown function "os.system": a pool can run square, sleep, burn, fail');
    expect(refusal({ type: 'pool.apply', pool: 'p', fn: 'square', args: Array.from({ length: 65 }, () => 1) })).toContain('at most 64 arguments');
    expect(refusal({ type: 'pool.apply', pool: 'p', fn: 'square', args: [1], callbackMs: 60_001 })).toContain('callbackMs must be a whole number from 0 to 60000');
  });

  it('map fills star and unordered, and bounds items and chunksize', () => {
    expect(parseCommand({ type: 'pool.map', pool: 'p', fn: 'square', items: [1, 2, 3] })).toMatchObject({ ok: true, command: { star: false, unordered: false } });
    expect(parseCommand({ type: 'pool.map', pool: 'p', fn: 'sleep', items: [[5], [10]], star: true, chunksize: 2 })).toMatchObject({ ok: true });
    expect(refusal({ type: 'pool.map', pool: 'p', fn: 'square', items: [1, 2], star: true })).toContain('items: with star (starmap) each item is the argument list');
    expect(refusal({ type: 'pool.map', pool: 'p', fn: 'square', items: [1], chunksize: 0 })).toContain('chunksize must be a whole number from 1');
    expect(refusal({ type: 'pool.map', pool: 'p', fn: 'square', items: Array.from({ length: MAX_MAP_ITEMS + 1 }, () => 1) })).toContain(`at most ${MAX_MAP_ITEMS} items`);
  });

  it('shutdown waits and keeps futures by default, as Python\'s', () => {
    expect(parseCommand({ type: 'pool.shutdown', pool: 'e' })).toMatchObject({ ok: true, command: { wait: true, cancelFutures: false } });
  });

  it.each([
    [{ type: 'pool.cancel', pool: 'p', taskId: 0 }, 'taskId must be a whole number from 1'],
    [{ type: 'pool.join', pool: 'p', timeoutMs: -1 }, 'timeoutMs must be a whole number from 0'],
    [{ type: 'pool.resize', pool: 'p', size: 0 }, 'size must be a whole number from 1 to 64'],
    [{ type: 'pool.close', pool: 'p', force: true }, 'force'],
    [{ type: 'pool.delete', pool: 'no spaces' }, 'a pool name is'],
  ])('refuses %j in words', (input, message) => {
    expect(refusal(input)).toContain(message);
  });
});

describe('the pool events', () => {
  const hist = () => HIST_EDGES_MS.map(() => 0).concat(0);
  const tasks = (overrides: Record<string, unknown> = {}) => ({
    type: 'pool.tasks',
    seq: 1,
    t: 1,
    pool: 'p',
    counts: { submitted: 1, started: 1, done: 1, failed: 0, lost: 0, cancelled: 0, rejected: 0, callbacks: 0 },
    backlog: 0,
    busy: [null, 3],
    doneBySlot: [0, 1],
    runHist: hist(),
    waitHist: hist(),
    steps: [{ id: 1, step: 'done', t: 1.5, slot: 2, detail: '4' }],
    skipped: 0,
    ...overrides,
  });

  it('carries a batch of task steps with 17-bucket histograms', () => {
    expect(labEventSchema.safeParse(tasks()).success).toBe(true);
    expect(labEventSchema.safeParse(tasks({ runHist: [0] })).success).toBe(false);
    expect(labEventSchema.safeParse(tasks({ steps: [{ id: 1, step: 'exploded', t: 1, slot: null }] })).success).toBe(false);
    expect(labEventSchema.safeParse(tasks({ steps: [{ id: 1, step: 'done', t: 1, slot: 1, detail: 'x'.repeat(201) }] })).success).toBe(false);
  });

  it('tells a pool\'s creation with its size filled in, its states and its slots', () => {
    const spec = { name: 'p', api: 'executor', runtime: 'process', size: 2, maxTasksPerChild: null, onCrash: 'python' };
    expect(labEventSchema.safeParse({ type: 'pool.created', seq: 1, t: 1, pool: spec }).success).toBe(true);
    const { size: _size, ...unsized } = spec;
    expect(labEventSchema.safeParse({ type: 'pool.created', seq: 1, t: 1, pool: unsized }).success).toBe(false);
    expect(labEventSchema.safeParse({ type: 'pool.state', seq: 2, t: 1, pool: 'p', state: 'broken', reason: 'BrokenProcessPool: …' }).success).toBe(true);
    expect(labEventSchema.safeParse({ type: 'pool.slot', seq: 3, t: 1, pool: 'p', slot: 1, workerId: null }).success).toBe(true);
    expect(labEventSchema.safeParse({ type: 'pool.slot', seq: 3, t: 1, pool: 'p', slot: 0, workerId: 'p-0' }).success).toBe(false);
  });
});

describe('pool.map of a range', () => {
  it('is Python\'s range(n): 0 .. n-1, up to a million, without sending n numbers', () => {
    const parsed = parseCommand({ type: 'pool.map', pool: 'p', fn: 'square', items: { range: 5 } });
    expect(parsed.ok && parsed.command.type === 'pool.map' ? parsed.command.items : null).toEqual([0, 1, 2, 3, 4]);
    const million = parseCommand({ type: 'pool.map', pool: 'p', fn: 'square', items: { range: 1_000_000 } });
    expect(million.ok && million.command.type === 'pool.map' ? million.command.items.length : null).toBe(1_000_000);
    const tooMany = parseCommand({ type: 'pool.map', pool: 'p', fn: 'square', items: { range: 1_000_001 } });
    expect(tooMany.ok ? null : tooMany.error).toMatch(/range/);
    const star = parseCommand({ type: 'pool.map', pool: 'p', fn: 'square', items: { range: 3 }, star: true });
    expect(star.ok ? null : star.error).toMatch(/argument list/);
  });
});
