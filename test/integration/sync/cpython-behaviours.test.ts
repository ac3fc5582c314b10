import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';

/**
 * CPython's own expectations for its primitives (lock_tests.py, test_queue.py, _test_multiprocessing.py),
 * checked from inside real workers, a thread and a forked process, through the same client a user's script
 * gets. The fixture throws on the first difference, so the exit detail names it.
 */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'cpython-behaviours.mjs');
let harness: LabHarness;
afterEach(async () => harness?.stop());

async function createAll(h: LabHarness, p: string): Promise<void> {
  const primitives = [
    { kind: 'Lock', name: `${p}L` },
    { kind: 'RLock', name: `${p}R` },
    { kind: 'RLock', name: `${p}R2` },
    { kind: 'BoundedSemaphore', name: `${p}B`, value: 1 },
    { kind: 'Event', name: `${p}E` },
    { kind: 'Event', name: `${p}held` },
    { kind: 'Event', name: `${p}tried` },
    { kind: 'Condition', name: `${p}C` },
    { kind: 'Barrier', name: `${p}Bar`, parties: 1 },
    { kind: 'Barrier', name: `${p}Bar2`, parties: 2 },
    { kind: 'Queue', name: `${p}Q`, maxsize: 2 },
    { kind: 'LifoQueue', name: `${p}LQ` },
    { kind: 'PriorityQueue', name: `${p}PQ` },
    { kind: 'Pipe', name: `${p}P` },
    { kind: 'Barrier', name: `${p}BA`, parties: 2, action: true },
    { kind: 'Value', name: `${p}runs`, value: 0 },
  ];
  for (const primitive of primitives) await h.ok({ type: 'sync.create', primitive });
}

const script = (...args: string[]) => ({ name: 'script', path: SCRIPT, args });

describe.each([
  { label: 'a thread', spec: { kind: 'thread' } },
  { label: 'a forked process', spec: { kind: 'process', method: 'fork' } },
])('inside $label', ({ spec }) => {
  it('Lock, RLock, BoundedSemaphore, Event, Condition, Barrier, Queues and Pipe behave as CPython says', async () => {
    harness = new LabHarness();
    await createAll(harness, 'x');
    const [id] = await harness.start({ ...spec, task: script('x') });
    const exited = await harness.exited(id!, 20_000);
    expect(exited.detail).toBeNull();
    expect(exited.exitCode).toBe(0);
  });

  it('an RLock released by a worker that does not own it raises RuntimeError and stays held', async () => {
    harness = new LabHarness();
    await createAll(harness, 'y');
    const [owner] = await harness.start({ ...spec, task: script('y', 'rlock-owner') });
    const [stranger] = await harness.start({ ...spec, task: script('y', 'rlock-stranger') });
    for (const id of [owner!, stranger!]) {
      const exited = await harness.exited(id, 20_000);
      expect(exited.detail).toBeNull();
      expect(exited.exitCode).toBe(0);
    }
  });
});

describe.each([
  { label: 'threads', spec: { kind: 'thread' } },
  { label: 'forked processes', spec: { kind: 'process', method: 'fork' } },
])('a Barrier with an action, between $label', ({ spec }) => {
  it('runs the action once, in the worker that trips it, before the others go on', async () => {
    harness = new LabHarness();
    await createAll(harness, 'z');
    const ids = (await harness.ok({ type: 'start', spec: { ...spec, count: 2, task: script('z', 'barrier-action') } })).workerIds;
    for (const id of ids) {
      const exited = await harness.exited(id, 20_000);
      expect(exited.detail).toBeNull();
      expect(exited.exitCode).toBe(0);
    }
  });
});

describe('a user script', () => {
  it.each([{ kind: 'thread' }, { kind: 'process', method: 'fork' }])('asking for a primitive by a malformed name gets the error, never a hang ($kind)', async (spec) => {
    harness = new LabHarness();
    const [id] = await harness.start({ ...spec, task: { name: 'script', path: join(__dirname, '..', '..', 'fixtures', 'bad-name.mjs') } });
    const exited = await harness.exited(id!, 20_000);
    expect(exited.exitCode).toBe(1);
    expect(exited.detail).toMatch(/ValueError.*name/);
  });

  it('that exports no function fails with a message that says so', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: join(__dirname, '..', '..', 'fixtures', 'hostile-worker.js') } });
    const failed = await harness.waitFor('worker.exited', id);
    expect(failed.exitCode).not.toBe(0);
  });

  it('with a relative path is refused before anything starts', async () => {
    harness = new LabHarness();
    expect(await harness.refused({ type: 'start', spec: { count: 1, kind: 'thread', task: { name: 'script', path: 'worker.js' } } })).toMatch(/absolute path/);
  });
});
