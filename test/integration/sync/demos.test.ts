import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The seeds' synchronisation demos with real workers: threads (worker_threads) and forked processes use
 * the same primitives at once, brokered by the host, and the lab sees holders, waiters and deadlocks.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

const KINDS = [
  { label: 'threads', spec: { kind: 'thread' } },
  { label: 'forked processes', spec: { kind: 'process', method: 'fork' } },
] as const;

const lastSync = (h: LabHarness) => h.primitives();

describe.each(KINDS)('with $label', ({ spec }) => {
  it('two workers taking lockA and lockB in opposite orders deadlock, and the lab names the cycle', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockB' } });
    const [w1] = await harness.start({ ...spec, task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 300 } });
    const [w2] = await harness.start({ ...spec, task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: 300 } });
    const detected = await harness.waitFor('deadlock.detected', undefined, 5000);
    const steps = detected.cycle.map((step) => `${step.workerId} waits for ${step.primitive} held by ${step.heldBy}`).sort();
    expect(steps).toEqual([`${w1} waits for lockB held by ${w2}`, `${w2} waits for lockA held by ${w1}`].sort());

    // Breaking it: terminating one releases its lock (owner died), and the other finishes.
    await harness.ok({ type: 'kill', workerIds: [w1] });
    const ownerDied = await harness.waitFor('sync.ownerDied');
    expect(ownerDied.workerId).toBe(w1);
    expect((await harness.exited(w2!)).exitCode).toBe(0);
    await harness.waitFor('deadlock.cleared');
  });

  it('the lost update: decrement without a lock loses updates, with a lock it does not', async () => {
    harness = new LabHarness();
    const run = async (counter: string, lock: string | null) => {
      await harness.ok({ type: 'sync.create', primitive: { kind: 'Value', name: counter, value: 4 } });
      const ids = (await harness.ok({ type: 'start', spec: { ...spec, count: 4, task: { name: 'decrement', counter, lock, pauseMs: 150 } } })).workerIds;
      for (const id of ids) expect((await harness.exited(id, 15_000)).exitCode).toBe(0);
      return (await harness.ok({ type: 'sync.operate', request: { op: 'value_get', name: counter } })).value;
    };
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'counterLock' } });
    // Every worker reads 4 before any writes: they all write 3 (Python's 99 instead of 0).
    expect(await run('racy', null)).toBe(3);
    expect(await run('safe', 'counterLock')).toBe(0);
  });

  it('producer and consumer: the queue fills to its maxsize, drains, and the lab samples its depth', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'JoinableQueue', name: 'jobs', maxsize: 3 } });
    const [producer] = await harness.start({ ...spec, task: { name: 'produce', queue: 'jobs', n: 8, delayMs: 0 } });
    await waitFor('the queue to be full', () => lastSync(harness).find((p) => p.name === 'jobs' && p.depth === 3));
    const [consumer] = await harness.start({ ...spec, task: { name: 'consume', queue: 'jobs', n: 8, delayMs: 20 } });
    expect((await harness.exited(producer!)).exitCode).toBe(0);
    expect((await harness.exited(consumer!)).exitCode).toBe(0);
    const jobs = await waitFor('the queue drained', () => lastSync(harness).find((p) => p.name === 'jobs' && p.depth === 0 && p.unfinished === 0));
    expect(jobs).toMatchObject({ puts: 8, gets: 8, producers: [producer], consumers: [consumer] });
  });

  it('an Event releases every waiter when the lab sets it (the seeds\' "redis ready")', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Event', name: 'redis_ready' } });
    const ids = (await harness.ok({ type: 'start', spec: { ...spec, count: 2, task: { name: 'wait-event', event: 'redis_ready' } } })).workerIds;
    await waitFor('both waiting', () => lastSync(harness).find((p) => p.name === 'redis_ready' && p.waiters.length === 2));
    expect(harness.find('worker.exited')).toBeUndefined();
    await harness.ok({ type: 'sync.operate', request: { op: 'set', name: 'redis_ready' } });
    for (const id of ids) expect((await harness.exited(id)).exitCode).toBe(0);
  });

  it('a Semaphore(2) lets two of four workers in at a time', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Semaphore', name: 'pool', value: 2 } });
    await harness.ok({ type: 'start', spec: { ...spec, count: 4, task: { name: 'semaphore-work', semaphore: 'pool', ms: 600 } } });
    const busy = await waitFor('two in, two waiting', () => lastSync(harness).find((p) => p.name === 'pool' && p.holders.length === 2 && p.waiters.length === 2));
    expect(busy.value).toBe(0);
  });
});

describe('threads and processes share one primitive', () => {
  it('thread producers feed a process consumer through one Queue', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'mixed', maxsize: 2 } });
    const [consumer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'consume', queue: 'mixed', n: 6, delayMs: 0 } });
    const producers = (await harness.ok({ type: 'start', spec: { kind: 'thread', count: 2, task: { name: 'produce', queue: 'mixed', n: 3, delayMs: 10 } } })).workerIds;
    expect((await harness.exited(consumer!)).exitCode).toBe(0);
    for (const id of producers) expect((await harness.exited(id)).exitCode).toBe(0);
  });
});

describe('pipes and the Manager dict', () => {
  it('a thread sends through a Pipe to a forked process, which ends cleanly at EOF', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Pipe', name: 'wire' } });
    const [receiver] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'pipe-recv', pipe: 'wire', end: 1 } });
    const [sender] = await harness.start({ kind: 'thread', task: { name: 'pipe-send', pipe: 'wire', end: 0, n: 20, delayMs: 5 } });
    expect((await harness.exited(sender!)).exitCode).toBe(0);
    expect((await harness.exited(receiver!)).exitCode).toBe(0);
    const wire = await waitFor('the pipe sampled drained', () => lastSync(harness).find((p) => p.name === 'wire' && p.gets === 20));
    expect(wire).toMatchObject({ puts: 20, depth: 0, bytes: 0, producers: [sender], consumers: [receiver] });
  });

  it('the seeds\' Manager dict race: processes decrementing d["n"] lose updates without a lock', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Dict', name: 'd' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'dlock' } });
    const run = async (lock: string | null) => {
      await harness.ok({ type: 'sync.operate', request: { op: 'dict_set', name: 'd', key: 'n', value: 3 } });
      const ids = (await harness.ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 3, task: { name: 'decrement', counter: 'd', key: 'n', lock, pauseMs: 200 } } })).workerIds;
      for (const id of ids) expect((await harness.exited(id, 15_000)).exitCode).toBe(0);
      return (await harness.ok({ type: 'sync.operate', request: { op: 'dict_get', name: 'd', key: 'n' } })).value;
    };
    expect(await run(null)).toBe(2);
    expect(await run('dlock')).toBe(0);
  });
});

describe('bad input', () => {
  it('is refused in words and changes nothing', async () => {
    harness = new LabHarness();
    expect(await harness.refused({ type: 'sync.create', primitive: { kind: 'Queue', name: 'q', maxsize: -1 } })).toMatch(/maxsize/);
    expect(await harness.refused({ type: 'sync.create', primitive: { kind: 'Semaphore', name: 's', value: -2 } })).toMatch(/value/);
    expect(await harness.refused({ type: 'sync.create', primitive: { kind: 'Mutex', name: 'm' } })).toMatch(/kind/);
    expect(await harness.refused({ type: 'sync.operate', request: { op: 'set', name: 'nowhere' } })).toMatch(/nowhere/);
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'l' } });
    expect(await harness.refused({ type: 'sync.create', primitive: { kind: 'Lock', name: 'l' } })).toMatch(/l/);
    expect(await harness.refused({ type: 'sync.operate', request: { op: 'put', name: 'l', item: 1 } })).toMatch(/TypeError/);
    expect(await harness.refused({ type: 'sync.operate', request: { op: 'release', name: 'l' } })).toMatch(/release unlocked lock/);
    const created = await waitFor('the creation event', () => harness.all('sync.created').length > 0 && harness.all('sync.created'));
    expect(created.map((e) => e.primitive.name)).toEqual(['l']);
  });

  it('a task on a primitive that does not exist fails with a clear message, never hangs', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'thread', task: { name: 'wait-event', event: 'missing' } });
    const exited = await harness.exited(id!);
    expect(exited.exitCode).toBe(1);
    expect(exited.detail).toMatch(/missing/);
  });

  it('a sync task in a process without a channel is refused before it starts', async () => {
    harness = new LabHarness();
    expect(await harness.refused({ type: 'start', spec: { count: 1, kind: 'process', method: 'spawn', task: { name: 'wait-event', event: 'e' } } })).toMatch(/use kind "thread" or method "fork"/);
  });
});

describe('a hostile worker', () => {
  it('has its malformed messages rejected and reported (a flood only up to a limit), a malformed sync request answered with an error, and is still served', async () => {
    const { createLab } = await import('../../../src/core/lab');
    const { BUILT_ENTRIES } = await import('../../support/lab-harness');
    const { join } = await import('node:path');
    const lab = createLab({ entries: { ...BUILT_ENTRIES, process: join(__dirname, '..', '..', 'fixtures', 'hostile-worker.js') } });
    const events: import('../../../src/shared/protocol').LabEvent[] = [];
    lab.subscribe((batch) => events.push(...batch));
    try {
      expect((await lab.execute({ type: 'sync.create', primitive: { kind: 'Event', name: 'hostile_done' } })).ok).toBe(true);
      const started = await lab.execute({ type: 'start', spec: { count: 1, kind: 'process', method: 'fork', task: { name: 'hang' } } });
      const id = started.ok ? started.result.workerIds[0] : undefined;
      const exited = await waitFor('the hostile worker to exit', () => events.find((e) => e.type === 'worker.exited' && e.workerId === id));
      expect(exited.type === 'worker.exited' && exited.exitCode).toBe(0);
      // 27 malformed messages: the first 20 are reported one by one, then one line says the rest are not.
      const rejected = events.filter((e) => e.type === 'worker.messageRejected' && e.workerId === id);
      expect(rejected).toHaveLength(21);
      expect(rejected.at(-1)).toMatchObject({ reason: expect.stringMatching(/no longer reported/) });
      const flag = await lab.execute({ type: 'sync.operate', request: { op: 'is_set', name: 'hostile_done' } });
      expect(flag.ok && flag.result.value).toBe(true);
    } finally {
      await lab.stop('test finished');
    }
  });
});
