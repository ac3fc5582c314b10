import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastPathOp } from '../../../src/shared/fast-path-ring';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Threads' fast-path lock operations recorded without a round trip (src/shared/fast-path-ring.ts), with
 * real threads: every op drained, in order, also across brokered requests and a thread killed mid-run.
 */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'ring-pairs.mjs');

let harness: LabHarness;
afterEach(async () => harness?.stop());

const view = (h: LabHarness, name: string) => h.all('metrics.sync').at(-1)?.primitives.find((p) => p.name === name);

/** Times never go backwards, and every count is what the op leaves on a Lock. */
function expectWellFormed(ops: readonly FastPathOp[]): void {
  const bad = ops.findIndex((op, index) => op.count !== (op.op === 'acquired' ? 1 : 0) || (index > 0 && op.t < ops[index - 1]!.t));
  expect(bad === -1 ? null : ops[bad]).toBeNull();
}

describe('the fast-path ring', () => {
  it('a thread doing 100,000 acquire/release pairs: every op drained, in order (ring-full stalls go through the host)', async () => {
    const drained: FastPathOp[] = [];
    // A sample period of 10 s: the ring is drained only when the thread asks the host (as when full),
    // so the thread's own count of ops that went through the host is exact.
    harness = new LabHarness({ samplePeriodMs: 10_000 }, { recordFastPath: true, onFastPathOps: (_, ops) => drained.push(...ops) });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'hot' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Value', name: 'slow', typecode: 'i' } });
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: SCRIPT, args: ['hot', 100_000, 'pairs', 'slow'] } });
    expect((await harness.exited(id!, 60_000)).exitCode).toBe(0);
    const slow = Number((await harness.ok({ type: 'sync.operate', request: { op: 'value_get', name: 'slow' } })).value);
    console.log(`fast-path ring: ${drained.length} ops drained, ${slow} through the host`);
    expect(drained.length + slow).toBe(200_000);
    // The ring is 32,768 entries: 200,000 ops fill it several times, and each time one op goes through the host.
    expect(slow).toBeGreaterThan(0);
    expect(slow).toBeLessThan(100);
    expect(new Set(drained.map((op) => `${op.workerId} ${op.name}`))).toEqual(new Set([`${id} hot`]));
    expectWellFormed(drained);
    // Paired, except where an op of the pair went through the host.
    const unpaired = drained.filter((op, index) => op.op === drained[index + 1]?.op).length;
    expect(unpaired).toBeLessThanOrEqual(slow);
    const acquisitions = drained.filter((op) => op.op === 'acquired').length;
    await waitFor('the fast acquisitions counted in the Locks snapshot', () => view(harness, 'hot')?.fastAcquisitions === acquisitions);
  });

  it('fast-path ops and the same thread\'s brokered requests keep their order', async () => {
    const marksAt: number[] = [];
    harness = new LabHarness({}, {
      recordFastPath: true,
      onFastPathOps: (_, ops) => {
        const marks = harness.lab.state().sync.created.filter((spec) => spec.name.startsWith('mark')).length;
        for (let n = 0; n < ops.length; n++) marksAt.push(marks);
      },
    });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'hot' } });
    const rounds = 30;
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: SCRIPT, args: ['hot', rounds, 'interleave'] } });
    expect((await harness.exited(id!, 30_000)).exitCode).toBe(0);
    // The first pair (before round 0), then round r's r + 1 pairs: each drained before mark r was created.
    const expected = [0, 0];
    for (let round = 0; round < rounds; round++) for (let n = 0; n < 2 * (round + 1); n++) expected.push(round);
    expect(marksAt).toEqual(expected);
  });

  it('a thread killed mid-run still has its ops drained, before its end frees the lock', async () => {
    const drained: FastPathOp[] = [];
    const order: string[] = [];
    harness = new LabHarness({}, { recordFastPath: true, onFastPathOps: (_, ops) => drained.push(...ops) });
    harness.lab.subscribe((events) => {
      for (const event of events) if (event.type === 'sync.ownerDied') order.push(`owner died after ${drained.length} ops`);
    });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'hot' } });
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: SCRIPT, args: ['hot', 0, 'forever'] } });
    await waitFor('fast-path ops drained while it runs', () => (view(harness, 'hot')?.fastAcquisitions ?? 0) > 10_000);
    const beforeKill = drained.length;
    await harness.ok({ type: 'kill', workerIds: [id] });
    await harness.exited(id!);
    // Its last ops come in the drain at its end (none when it was killed waiting for the host, which had
    // just drained it; the unit test reads an unpublished tail).
    expect(drained.length).toBeGreaterThanOrEqual(beforeKill);
    await waitFor('the lock free', () => view(harness, 'hot')?.holders.length === 0);
    const atExit = drained.length;
    expectWellFormed(drained);
    // If it died holding the lock, that is told after every op it did. (Which of the two it was, the ring's
    // last op does not always say: a kill can land between the cell's CAS and the ring's write.)
    if (harness.find('sync.ownerDied') !== undefined) expect(order).toEqual([`owner died after ${atExit} ops`]);
    const acquisitions = drained.filter((op) => op.op === 'acquired').length;
    await waitFor('every drained acquisition counted', () => view(harness, 'hot')?.fastAcquisitions === acquisitions);
  });
});
