import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * CPython's expectations for the lock-like primitives (Lib/test/lock_tests.py), from inside real threads,
 * forked processes and mixed pairs; then what the broker shows afterwards, as the Locks view reads it.
 */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'cpython-locks.mjs');
let harness: LabHarness;
afterEach(async () => harness?.stop());

const script = (...args: string[]) => ({ name: 'script', path: SCRIPT, args });
const THREAD = { kind: 'thread' };
const FORK = { kind: 'process', method: 'fork' };

async function allExitClean(h: LabHarness, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const exited = await h.exited(id, 30_000);
    expect(exited.detail).toBeNull();
    expect(exited.exitCode).toBe(0);
  }
}

/** The first Locks-view sample published after everything so far: the state once the workers are gone. */
async function sampleAfterNow(h: LabHarness) {
  const primitives = h.primitives();
  return (name: string) => primitives.find((each) => each.name === name);
}

describe.each([
  { label: 'threads', specs: [THREAD, THREAD] },
  { label: 'forked processes', specs: [FORK, FORK] },
  { label: 'a thread and a forked process', specs: [THREAD, FORK] },
])('a Condition between $label', ({ specs }) => {
  it('after many wait / notify cycles nobody holds or waits on it, in the broker and on its lock', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Condition', name: 'cC' } });
    const ids: string[] = [];
    for (const spec of specs) ids.push(...(await harness.start({ ...spec, task: script('c', 'cv-cycles', '40') })));
    await allExitClean(harness, ids);
    const view = await sampleAfterNow(harness);
    for (const name of ['cC', 'cC.lock']) {
      expect(view(name)?.holders).toEqual([]);
      expect(view(name)?.waiters).toEqual([]);
    }
  });
});

const operate = async (h: LabHarness, request: Record<string, unknown>) => (await h.ok({ type: 'sync.operate', request })).value;

describe.each([
  { label: 'threads', kinds: [THREAD] },
  { label: 'forked processes', kinds: [FORK] },
  { label: 'threads and forked processes together', kinds: [THREAD, FORK] },
])('a Semaphore between $label', ({ kinds }) => {
  it('lets exactly 6, then 7, then 6 acquisitions through, and the units stay taken when the workers end (test_acquire_contended)', async () => {
    harness = new LabHarness();
    for (const primitive of [
      { kind: 'Semaphore', name: 'sS', value: 7 },
      { kind: 'Value', name: 'sphase', typecode: 'i', value: 0 },
      { kind: 'Queue', name: 'sresults' },
    ]) {
      await harness.ok({ type: 'sync.create', primitive });
    }
    // The lab's own operations are the test's main thread: `sem.acquire()` first, then the phases.
    expect(await operate(harness, { op: 'acquire', name: 'sS' })).toBe(true);
    const ids: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      ids.push(...(await harness.start({ ...kinds[index % kinds.length], task: script('s', 'sem-twice') })));
    }
    const results: number[] = [];
    /** wait_count(count), then the results as CPython's assertEqual(sorted(results1 + results2), ...) sees them. */
    const waitCount = async (count: number) => {
      while (results.length < count) {
        const got = await harness.lab.execute({ type: 'sync.operate', request: { op: 'get', name: 'sresults', block: false } });
        if (got.ok) {
          results.push(Number(got.result.value));
          continue;
        }
        // Empty for now: wait for a Locks-view sample that shows a result put since.
        await waitFor(`result ${results.length + 1} of ${count}`, () => (harness.primitive('sresults')?.depth ?? 0) > 0, 30_000);
      }
      return [...results].sort();
    };
    const phase = (n: number, count: number) => Array<number>(count).fill(n);
    expect(await waitCount(6)).toEqual(phase(0, 6));
    await operate(harness, { op: 'value_set', name: 'sphase', value: 1 });
    for (let unit = 0; unit < 7; unit += 1) await operate(harness, { op: 'release', name: 'sS' });
    expect(await waitCount(13)).toEqual([...phase(0, 6), ...phase(1, 7)]);
    await operate(harness, { op: 'value_set', name: 'sphase', value: 2 });
    for (let unit = 0; unit < 6; unit += 1) await operate(harness, { op: 'release', name: 'sS' });
    expect(await waitCount(19)).toEqual([...phase(0, 6), ...phase(1, 7), ...phase(2, 6)]);
    // "The semaphore is still locked", although workers have ended holding units.
    expect(await operate(harness, { op: 'acquire', name: 'sS' })).toBe(false);
    await operate(harness, { op: 'release', name: 'sS' });
    await allExitClean(harness, ids);
    expect(await waitCount(20)).toEqual([...phase(0, 6), ...phase(1, 7), ...phase(2, 7)]);
    const view = await sampleAfterNow(harness);
    expect(view('sS')).toMatchObject({ value: 0, holders: [] });
    // Who took the units that are still out: ended workers, 7 units in all (none invented, none lost).
    expect(view('sS')?.endedHolders.reduce((sum, holder) => sum + holder.count, 0)).toBe(7);
  });

  it('a worker that takes both units of Semaphore(2) and returns leaves none for the next acquire(False)', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'BoundedSemaphore', name: 'tS', value: 2 } });
    const [taker] = await harness.start({ ...kinds[0], task: script('t', 'sem-take-all', '2') });
    await allExitClean(harness, [taker!]);
    const [next] = await harness.start({ ...kinds.at(-1), task: script('t', 'sem-none-left') });
    await allExitClean(harness, [next!]);
    const view = await sampleAfterNow(harness);
    expect(view('tS')).toMatchObject({ value: 0, holders: [], endedHolders: [{ workerId: taker, count: 2 }] });
    // A BoundedSemaphore takes them back from anyone (the lab's Release here), and no further.
    await operate(harness, { op: 'release', name: 'tS' });
    await operate(harness, { op: 'release', name: 'tS' });
    expect(await harness.refused({ type: 'sync.operate', request: { op: 'release', name: 'tS' } })).toMatch(/ValueError: Semaphore released too many times/);
  });
});

describe.each([
  { label: 'a thread', spec: THREAD },
  { label: 'a forked process', spec: FORK },
])('inside $label', ({ spec }) => {
  it('timeouts up to threading.TIMEOUT_MAX are accepted, past it OverflowError where CPython raises it; introspection matches the view', async () => {
    harness = new LabHarness();
    for (const primitive of [
      { kind: 'Lock', name: 'mL' },
      { kind: 'RLock', name: 'mR' },
      { kind: 'Semaphore', name: 'mS', value: 1 },
      { kind: 'Condition', name: 'mC' },
      { kind: 'Event', name: 'mE' },
      { kind: 'Queue', name: 'mQ' },
      { kind: 'Barrier', name: 'mB', parties: 2 },
      { kind: 'Barrier', name: 'mB1', parties: 1 },
    ]) {
      await harness.ok({ type: 'sync.create', primitive });
    }
    const [id] = await harness.start({ ...spec, task: script('m', 'timeout-max') });
    await allExitClean(harness, [id!]);
    const view = await sampleAfterNow(harness);
    // The OverflowError left the barrier whole; the script's abort() at the end broke it, and said so.
    expect(view('mB')).toMatchObject({ broken: true, waiters: [], parties: 2 });
    expect(view('mL')?.holders).toEqual([]);
    expect(view('mS')).toMatchObject({ value: 1, holders: [] });
  });
});
