import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Step mode ("be the scheduler", docs/step-mode.md) with real workers: each is held at its next
 * synchronisation point before it takes effect, and the order a person releases them in decides what
 * happens, every time: the two-lock deadlock forms in one order and not in the other, and the lost update of
 * `counter -= 1` happens on purpose.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

const KINDS = [
  { label: 'threads', spec: { kind: 'thread' } },
  { label: 'forked processes', spec: { kind: 'process', method: 'fork' } },
] as const;

/** Waits until this worker is held at this point (as the page's state has it), and returns the words. */
async function heldAt(h: LabHarness, workerId: string, at: string): Promise<void> {
  await waitFor(`${workerId} held at ${at}`, () => {
    const held = h.lab.state().step.held[workerId];
    return held !== undefined && `${held.primitive}.${held.op}` === at;
  });
}

const release = (h: LabHarness, workerId: string) => h.ok({ type: 'sync.release', workerId });

async function twoLockWorkers(h: LabHarness, spec: Record<string, unknown>): Promise<[string, string]> {
  await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
  await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockB' } });
  await h.ok({ type: 'sync.stepMode', on: true });
  // No hold between the two acquires: only the person's order decides.
  const [w1] = await h.start({ ...spec, task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 0 } });
  const [w2] = await h.start({ ...spec, task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: 0 } });
  await heldAt(h, w1!, 'lockA.acquire');
  await heldAt(h, w2!, 'lockB.acquire');
  return [w1!, w2!];
}

describe.each(KINDS)('step mode with $label', ({ spec }) => {
  it('holds each worker before its acquire takes effect, and the order w1, w2, w1, w2 makes the deadlock form', async () => {
    harness = new LabHarness();
    const [w1, w2] = await twoLockWorkers(harness, spec);
    // Held means not yet done: nobody holds either lock, and the broker has no waiter.
    expect(harness.primitive('lockA')?.holders).toEqual([]);
    expect(harness.primitive('lockB')?.holders).toEqual([]);

    await release(harness, w1);
    await heldAt(harness, w1, 'lockB.acquire');
    expect(harness.primitive('lockA')?.holders.map((holder) => holder.workerId)).toEqual([w1]);
    await release(harness, w2);
    await heldAt(harness, w2, 'lockA.acquire');
    await release(harness, w1);
    await release(harness, w2);

    const detected = await harness.waitFor('deadlock.detected', undefined, 5000);
    const steps = detected.cycle.map((step) => `${step.workerId} waits for ${step.primitive} held by ${step.heldBy}`).sort();
    expect(steps).toEqual([`${w1} waits for lockB held by ${w2}`, `${w2} waits for lockA held by ${w1}`].sort());
    // The schedule chosen, in order, as the timeline and the log have it.
    expect(harness.lab.state().step.schedule.map((choice) => `${choice.workerId}:${choice.primitive}.${choice.op}`)).toEqual([
      `${w1}:lockA.acquire`,
      `${w2}:lockB.acquire`,
      `${w1}:lockB.acquire`,
      `${w2}:lockA.acquire`,
    ]);
  });

  it('in the order w1, w1, w1, w1 then w2 there is no deadlock: both finish', async () => {
    harness = new LabHarness();
    const [w1, w2] = await twoLockWorkers(harness, spec);
    for (const at of ['lockA.acquire', 'lockB.acquire', 'lockB.release', 'lockA.release']) {
      await heldAt(harness, w1, at);
      await release(harness, w1);
    }
    expect((await harness.exited(w1)).exitCode).toBe(0);
    for (const at of ['lockB.acquire', 'lockA.acquire', 'lockA.release', 'lockB.release']) {
      await heldAt(harness, w2, at);
      await release(harness, w2);
    }
    expect((await harness.exited(w2)).exitCode).toBe(0);
    expect(harness.find('deadlock.detected')).toBeUndefined();
  });

  it('forces the lost update of counter -= 1: both read 2 before either writes, so it ends at 1, not 0', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Value', name: 'counter', value: 2 } });
    await harness.ok({ type: 'sync.stepMode', on: true });
    const ids = (await harness.ok({ type: 'start', spec: { ...spec, count: 2, task: { name: 'decrement', counter: 'counter', lock: null, pauseMs: 0 } } })).workerIds;
    const [w1, w2] = ids as [string, string];
    await heldAt(harness, w1, 'counter.value_get');
    await heldAt(harness, w2, 'counter.value_get');
    await release(harness, w1);
    await release(harness, w2);
    await heldAt(harness, w1, 'counter.value_set');
    await heldAt(harness, w2, 'counter.value_set');
    await release(harness, w1);
    await release(harness, w2);
    for (const id of ids) expect((await harness.exited(id)).exitCode).toBe(0);
    expect((await harness.ok({ type: 'sync.operate', request: { op: 'value_get', name: 'counter' } })).value).toBe(1);
  });
  it('a Queue\'s fast paths (a thread\'s shared ring, a forked process\'s batching) do not pass the gate: one release, one put', async () => {
    harness = new LabHarness({}, { queueFastPath: true });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'q' } });
    await harness.ok({ type: 'sync.stepMode', on: true });
    const [producer] = await harness.start({ ...spec, task: { name: 'produce', queue: 'q', n: 50, delayMs: 0 } });
    // The first put is brokered (a thread's attaches the ring, a process's asks for credits); later ones would
    // take the ring, or the credits, without step mode.
    for (let put = 1; put <= 3; put++) {
      await heldAt(harness, producer!, 'q.put');
      expect(harness.primitive('q')?.depth).toBe(put - 1);
      await release(harness, producer!);
    }
    await heldAt(harness, producer!, 'q.put');
    expect(harness.primitive('q')?.depth).toBe(3);
    await harness.ok({ type: 'sync.stepMode', on: false });
    expect((await harness.exited(producer!)).exitCode).toBe(0);
    await waitFor('all 50 put', () => harness.primitive('q')?.depth === 50);
  });
});

describe('step mode, the rest', () => {
  it('"Again with this schedule" ends the deadlocked workers, starts them again and makes the same choices: the same deadlock', async () => {
    harness = new LabHarness();
    const [w1, w2] = await twoLockWorkers(harness, { kind: 'thread' });
    await release(harness, w1);
    await heldAt(harness, w1, 'lockB.acquire');
    await release(harness, w2);
    await heldAt(harness, w2, 'lockA.acquire');
    await release(harness, w1);
    await release(harness, w2);
    await harness.waitFor('deadlock.detected', undefined, 5000);

    const again = (await harness.ok({ type: 'sync.stepAgain' })).workerIds;
    expect(again).toHaveLength(2);
    expect(again).not.toContain(w1);
    const [v1, v2] = again as [string, string];
    await waitFor('the replay done', () => harness.lab.state().step.replay?.state === 'done');
    const detected = await waitFor('the same deadlock again', () =>
      harness.all('deadlock.detected').find((event) => event.cycle.some((step) => step.workerId === v1)),
    );
    expect(detected.cycle.map((step) => `${step.workerId} waits for ${step.primitive} held by ${step.heldBy}`).sort()).toEqual(
      [`${v1} waits for lockB held by ${v2}`, `${v2} waits for lockA held by ${v1}`].sort(),
    );
    expect(harness.all('step.released').filter((event) => event.by === 'replay')).toHaveLength(4);
  });

  it('"again" up to 1 choice replays the first, then hands the controls back (undo, for real workers)', async () => {
    harness = new LabHarness();
    const [w1, w2] = await twoLockWorkers(harness, { kind: 'thread' });
    await release(harness, w1);
    await heldAt(harness, w1, 'lockB.acquire');
    await release(harness, w2);
    await heldAt(harness, w2, 'lockA.acquire');
    // Undo the second choice (w2 taking lockB), which made the deadlock unavoidable.
    const [v1, v2] = (await harness.ok({ type: 'sync.stepAgain', upTo: 1 })).workerIds as [string, string];
    await heldAt(harness, v1, 'lockB.acquire');
    await heldAt(harness, v2, 'lockB.acquire');
    expect(harness.lab.state().step.replay).toMatchObject({ state: 'done', done: 1, total: 1 });
    // The choice is the person's again: this time the first worker goes on to the end, and no deadlock forms.
    for (const at of ['lockB.acquire', 'lockB.release', 'lockA.release']) {
      await heldAt(harness, v1, at);
      await release(harness, v1);
    }
    expect((await harness.exited(v1)).exitCode).toBe(0);
    await harness.ok({ type: 'sync.stepMode', on: false });
    expect((await harness.exited(v2)).exitCode).toBe(0);
  });

  it('"Run freely" lets every held worker go, and a release of a worker not held is refused in words', async () => {
    harness = new LabHarness();
    const [w1, w2] = await twoLockWorkers(harness, { kind: 'thread' });
    await harness.ok({ type: 'sync.stepMode', on: false });
    expect(harness.lab.state().step).toMatchObject({ on: false, held: {} });
    // The two now run freely: with no hold between their acquires they may deadlock or not, as without step mode.
    await waitFor('both ended or deadlocked', () => harness.find('deadlock.detected') ?? (harness.find('worker.exited', w1) && harness.find('worker.exited', w2)));
    expect(await harness.refused({ type: 'sync.release', workerId: w1 })).toBe('step mode is off: every worker runs freely');
    await harness.ok({ type: 'sync.stepMode', on: true });
    expect(await harness.refused({ type: 'sync.release', workerId: 'w99' })).toMatch(/is not held/);
  });
});
