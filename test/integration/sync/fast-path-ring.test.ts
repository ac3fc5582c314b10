import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CAPACITY, KEEP_BURST_OPS, KEEP_OPS_PER_SECOND } from '../../../src/shared/fast-path-ring';
import type { SyncFact } from '../../../src/shared/facts';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Threads' fast-path lock operations recorded without a round trip (src/shared/fast-path-ring.ts), with
 * real threads and recording on by default: every op in the recorder, in order, also across brokered
 * requests and a thread killed mid-run; the pages get them coalesced.
 */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'ring-pairs.mjs');

let harness: LabHarness;
afterEach(async () => harness?.stop());

const view = (h: LabHarness, name: string) => h.primitive(name);

/** The recorder's facts, in order, and its lab events among them. */
function recorded(h: LabHarness): LabEvent[] {
  return [...h.lab.recording().recorder.events()];
}

/** The lock's acquired / released facts by `actor`, in the recorder's order. */
function lockOps(events: readonly LabEvent[], actor: string, lock: string): SyncFact[] {
  const ops: SyncFact[] = [];
  for (const event of events) {
    if (event.type !== 'sync.facts') continue;
    for (const fact of event.facts) if (fact.actor === actor && fact.primitive === lock && (fact.op === 'lock.acquired' || fact.op === 'lock.released')) ops.push(fact);
  }
  return ops;
}

/** Paired acquire / release on a Lock, and times never going backwards: the first op out of place, or null. */
function misplaced(ops: readonly SyncFact[]): unknown {
  const bad = ops.findIndex((fact, index) => {
    const acquire = index % 2 === 0;
    return fact.op !== (acquire ? 'lock.acquired' : 'lock.released') || (fact as { count: number }).count !== (acquire ? 1 : 0) || (index > 0 && fact.t < ops[index - 1]!.t);
  });
  return bad === -1 ? null : { at: bad, fact: ops[bad], before: ops[bad - 1] };
}

describe('the fast-path ring', () => {
  it('a thread doing 100,000 acquire/release pairs: exactly 200,000 ops recorded, in order; the page gets them coalesced', async () => {
    harness = new LabHarness();
    const pageFacts: SyncFact[] = [];
    harness.lab.subscribe((events) => {
      for (const event of events) if (event.type === 'sync.facts') pageFacts.push(...event.facts.filter((fact) => fact.primitive === 'hot'));
    });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'hot' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Value', name: 'slow', typecode: 'i' } });
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: SCRIPT, args: ['hot', 100_000, 'pairs', 'slow'] } });
    expect((await harness.exited(id!, 60_000)).exitCode).toBe(0);
    // Not one op went through the host: the thread never waited for it.
    expect(Number((await harness.ok({ type: 'sync.operate', request: { op: 'value_get', name: 'slow' } })).value)).toBe(0);
    const ops = lockOps(recorded(harness), id!, 'hot');
    console.log(`fast-path ring: ${ops.length} ops recorded; ${pageFacts.length} facts of the lock reached the page`);
    expect(ops).toHaveLength(200_000);
    expect(misplaced(ops)).toBeNull();
    // The page: a summary and the last op per batch (about 12 batches), not 200,000 facts.
    expect(pageFacts.length).toBeLessThan(200);
    const summed = pageFacts.reduce((sum, fact) => sum + (fact.op === 'lock.fastPath' ? fact.acquisitions : 0), 0);
    expect(summed).toBe(100_000);
    // Per lock of a batch: the state it leaves (here free), then the count of acquisitions.
    expect(pageFacts.at(-2)).toMatchObject({ op: 'lock.released', count: 0, actor: id });
    expect(pageFacts.at(-1)).toMatchObject({ op: 'lock.fastPath', actor: id });
    // Folded from those alone, the page's state of the lock is exact.
    await waitFor('the page state: free, 100,000 fast acquisitions', () => {
      const state = harness.lab.state().sync.states['hot'];
      return state?.kind === 'Lock' && state.holder === null && state.fastAcquisitions === 100_000;
    });
    await waitFor('the fast acquisitions counted in the Locks snapshot', () => view(harness, 'hot')?.fastAcquisitions === 100_000);
  });

  it("fast-path ops and the same thread's brokered requests keep their order", async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'hot' } });
    const rounds = 30;
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: SCRIPT, args: ['hot', rounds, 'interleave'] } });
    expect((await harness.exited(id!, 30_000)).exitCode).toBe(0);
    // Per op, how many marks were created before it in the recorder's order.
    const marksAt: number[] = [];
    let marks = 0;
    for (const event of recorded(harness)) {
      if (event.type === 'sync.created' && event.primitive.name.startsWith('mark')) marks += 1;
      if (event.type !== 'sync.facts') continue;
      for (const fact of event.facts) if (fact.actor === id && fact.primitive === 'hot' && (fact.op === 'lock.acquired' || fact.op === 'lock.released')) marksAt.push(marks);
    }
    // The first pair (before round 0), then round r's r + 1 pairs: each recorded before mark r was created.
    const expected = [0, 0];
    for (let round = 0; round < rounds; round++) for (let n = 0; n < 2 * (round + 1); n++) expected.push(round);
    expect(marksAt).toEqual(expected);
  });

  it('a thread killed mid-run loses nothing it posted, and its last ops come before its end frees the lock', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'hot' } });
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: SCRIPT, args: ['hot', 0, 'forever'] } });
    // The page's fold, which follows each batch (the Locks table is a sample).
    await waitFor('fast-path ops recorded while it runs', () => {
      const state = harness.lab.state().sync.states['hot'];
      return state?.kind === 'Lock' && state.fastAcquisitions > 50_000;
    }, 15_000, 1);
    await harness.ok({ type: 'kill', workerIds: [id] });
    await harness.exited(id!);
    await waitFor('the lock free', () => view(harness, 'hot')?.holders.length === 0);
    const events = recorded(harness);
    const ops = lockOps(events, id!, 'hot');
    // Paired, except that the last one may be an acquire (killed holding it) with no release.
    expect(misplaced(ops.length % 2 === 0 ? ops : ops.slice(0, -1))).toBeNull();
    console.log(`killed: ${ops.length} ops kept by the recorder, from seq ${harness.lab.recording().recorder.stats().oldestSeq}`);
    // Every acquisition it posted, counted by the page's fold of the coalesced facts as by the broker (the
    // recorder may have let the oldest go: a hot thread fills its 256 MiB in seconds).
    await waitFor('every acquisition counted alike by the page and the broker', () => {
      const state = harness.lab.state().sync.states['hot'];
      return state?.kind === 'Lock' && state.holder === null && view(harness, 'hot')?.fastAcquisitions === state.fastAcquisitions;
    });
    // If it died holding the lock, that is told after every op it did.
    const died = events.findIndex((event) => event.type === 'sync.facts' && event.facts.some((fact) => fact.op === 'lock.ownerDied'));
    if (died >= 0) expect(lockOps(events.slice(0, died + 1), id!, 'hot')).toHaveLength(ops.length);
  });

  it('a tight loop for 2 s keeps at most its burst and the rate, counts the rest exactly, and the page is told the count', async () => {
    harness = new LabHarness();
    const told: Extract<LabEvent, { type: 'sync.fastPathCounted' }>[] = [];
    harness.lab.subscribe((events) => {
      for (const event of events) if (event.type === 'sync.fastPathCounted') told.push(event);
    });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'hot' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Value', name: 'done', typecode: 'i' } });
    const seconds = 2;
    const started = performance.now();
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: SCRIPT, args: ['hot', seconds * 1000, 'for', 'done'] } });
    // Told while it runs (once a second at most), not only at its end.
    await waitFor('a count told while the loop runs', () => told.some((event) => event.workerId === id), 30_000);
    expect((await harness.exited(id!, 60_000)).exitCode).toBe(0);
    const elapsed = (performance.now() - started) / 1000;
    const done = Number((await harness.ok({ type: 'sync.operate', request: { op: 'value_get', name: 'done' } })).value);
    const kept = lockOps(recorded(harness), id!, 'hot').length - 2; // less the first, brokered pair
    const mine = told.filter((event) => event.workerId === id);
    const counted = mine.at(-1)!.total;
    console.log(`tight loop: ${done.toLocaleString('en')} fast-path ops in ${seconds} s; ${kept.toLocaleString('en')} kept, ${counted.toLocaleString('en')} counted, told ${mine.length} times`);
    expect(done).toBeGreaterThan(KEEP_BURST_OPS);
    // At most the burst, the rate over the time it ran, and the ring it left unposted at its end.
    expect(kept).toBeLessThanOrEqual(KEEP_BURST_OPS + KEEP_OPS_PER_SECOND * elapsed + CAPACITY);
    expect(kept + counted).toBe(done);
    // Each told count is the step since the last, and they add up.
    expect(mine.reduce((sum, event) => sum + event.ops, 0)).toBe(counted);
    // The page folds the same events: the count is in its log, in words.
    await waitFor('the count in the log', () => harness.lab.state().log.some((entry) => entry.type === 'sync.fastPathCounted' && entry.total === counted));
    // The lock's state stays exact: free, its holder gone with the loop.
    await waitFor('the lock free', () => view(harness, 'hot')?.holders.length === 0);
  }, 90_000);
});
