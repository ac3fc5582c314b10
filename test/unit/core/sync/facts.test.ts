import { describe, expect, it } from 'vitest';
import type { SyncFact } from '../../../../src/shared/facts';
import { PrimitiveFold } from '../../../../src/shared/primitive-fold';
import { primitiveStatesSchema } from '../../../../src/shared/primitive-state';
import { SyncFold } from '../../../../src/shared/sync-fold';
import { createPrimitiveSchema } from '../../../../src/shared/sync';
import { fromFold, fromSnapshots } from '../../../support/fold-compare';
import { comparableSnapshots, comparableStates } from '../../../support/state-compare';
import { flush, lab } from './harness';

/** A broker on a manual clock whose facts are folded as they come, with the fold checked against its snapshots. */
function recorded() {
  const facts: SyncFact[] = [];
  /** The cold `sync.write` facts, each after the hot facts stated before it (its `at`). */
  const writes: Array<{ at: number; primitive: string; contents: string }> = [];
  /** Every `sync.write`, as `actor primitive contents`. */
  const written: string[] = [];
  const t = lab(undefined, {
    onFact: (fact) => facts.push(fact),
    onWrite: (write) => {
      writes.push({ at: facts.length, ...write });
      written.push(`${write.actor} ${write.primitive} ${write.contents}`);
    },
  });
  const fold = new SyncFold();
  const states = new PrimitiveFold();
  // What a worker's end does to the broker, the view state learns from the lab's worker.exited event.
  const workerEnded = t.broker.workerEnded.bind(t.broker);
  t.broker.workerEnded = (workerId: string) => {
    const told = workerEnded(workerId);
    states.actorEnded(workerId);
    return told;
  };
  const kinds = new Map<string, string>();
  let folded = 0;
  return {
    ...t,
    facts,
    written,
    create(spec: Record<string, unknown>) {
      const parsed = createPrimitiveSchema.parse(spec);
      t.create(spec);
      fold.created(parsed);
      states.created(parsed);
      kinds.set(parsed.name, parsed.kind);
    },
    /** Folds what came since the last look and compares every primitive with the broker's snapshot. */
    check() {
      for (; folded < facts.length; folded += 1) {
        for (const write of writes) if (write.at === folded) states.written(write.primitive, write.contents);
        fold.apply(facts[folded]!);
        states.apply(facts[folded]!);
      }
      for (const write of writes) if (write.at === folded) states.written(write.primitive, write.contents);
      writes.splice(0, writes.length);
      // What the hub states at its next lock-table tick (`sync.held`).
      states.heldNow(t.broker.takeHeld());
      expect(fold.unknown).toBe(0);
      expect(fromFold(fold, kinds)).toEqual(fromSnapshots(t.broker.snapshot()));
      // The view state (primitive-state.ts): holders with counts, waiters with timeouts, totals, the same.
      expect(states.unknown).toBe(0);
      expect(comparableStates(states.states.values())).toEqual(comparableSnapshots(t.broker.snapshot()));
      expect(primitiveStatesSchema.safeParse(states.list()).success).toBe(true);
    },
    ops: (name: string) => facts.filter((fact) => fact.primitive === name).map((fact) => `${fact.actor} ${fact.op}${'count' in fact ? ` ${fact.count}` : ''}`),
  };
}

describe('the broker states a fact for every state change', () => {
  it('a release that hands the lock on is released by the holder, then acquired by the waiter; a timeout is a fact', async () => {
    const t = recorded();
    t.create({ kind: 'Lock', name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    const w2 = t.send('w2', { op: 'acquire', name: 'L' });
    const w3 = t.send('w3', { op: 'acquire', name: 'L', timeout: 1 });
    await flush();
    t.check();
    await t.advance(1);
    t.check();
    await t.now('w1', { op: 'release', name: 'L' });
    expect(w2.reply).toEqual({ ok: true, value: true });
    expect(w3.reply).toEqual({ ok: true, value: false });
    t.check();
    expect(t.ops('L')).toEqual([
      'w1 lock.requested',
      'w1 lock.acquired 1',
      'w2 lock.requested',
      'w2 lock.waiting',
      'w3 lock.requested',
      'w3 lock.waiting',
      'w3 lock.timedOut',
      'w1 lock.released 0',
      'w2 lock.acquired 1',
    ]);
    expect(t.facts.every((fact, i) => i === 0 || fact.t >= t.facts[i - 1]!.t)).toBe(true);
  });

  it('an RLock counts its recursion; an owner that dies frees it for the next (owner died, then acquired)', async () => {
    const t = recorded();
    t.create({ kind: 'RLock', name: 'R' });
    await t.now('w1', { op: 'acquire', name: 'R' });
    await t.now('w1', { op: 'acquire', name: 'R' });
    await t.now('w1', { op: 'release', name: 'R' });
    const w2 = t.send('w2', { op: 'acquire', name: 'R' });
    await flush();
    t.check();
    t.broker.workerEnded('w1');
    await flush();
    expect(w2.reply).toMatchObject({ ok: true, value: true, ownerDied: 'w1' });
    t.check();
    expect(t.ops('R').slice(-5)).toEqual(['w1 lock.released 1', 'w2 lock.requested', 'w2 lock.waiting', 'w1 lock.ownerDied', 'w2 lock.acquired 1']);
  });

  it('semaphores, events, conditions and barriers fold to what the broker has', async () => {
    const t = recorded();
    t.create({ kind: 'BoundedSemaphore', name: 'S', value: 1 });
    t.create({ kind: 'Event', name: 'E' });
    t.create({ kind: 'Condition', name: 'C' });
    t.create({ kind: 'Barrier', name: 'B', parties: 3 });
    await t.now('w1', { op: 'acquire', name: 'S' });
    t.send('w2', { op: 'acquire', name: 'S' });
    t.send('w3', { op: 'wait', name: 'E' });
    t.send('w4', { op: 'wait', name: 'E', timeout: 2 });
    await t.now('w5', { op: 'acquire', name: 'C' });
    t.send('w5', { op: 'wait', name: 'C' });
    await flush();
    await t.now('w6', { op: 'acquire', name: 'C' });
    t.send('w7', { op: 'wait', name: 'B' });
    t.send('w8', { op: 'wait', name: 'B' });
    await flush();
    t.check();
    await t.now('w1', { op: 'release', name: 'S' });
    await t.advance(2);
    t.check();
    await t.now('w6', { op: 'notify', name: 'C' });
    await flush();
    // The notified waiter now queues for the condition's lock, which w6 still holds.
    t.check();
    await t.now('w6', { op: 'release', name: 'C' });
    await t.now('lab', { op: 'set', name: 'E' });
    await t.now('w9', { op: 'wait', name: 'B' });
    t.check();
    t.send('w7', { op: 'wait', name: 'B' });
    await flush();
    t.broker.workerEnded('w7');
    await flush();
    t.check();
    expect(t.ops('B').slice(-2)).toEqual(['w7 wait.ended', 'w7 barrier.broken']);
    expect(t.ops('C.lock')).toContain('w5 lock.acquired 1');
  });

  it('queues: depth after each put and get, waits, timeouts, task_done, join, shutdown', async () => {
    const t = recorded();
    t.create({ kind: 'JoinableQueue', name: 'Q', maxsize: 1 });
    t.send('c1', { op: 'get', name: 'Q' });
    t.send('c2', { op: 'get', name: 'Q', timeout: 1 });
    await flush();
    t.check();
    await t.advance(1);
    await t.now('p1', { op: 'put', name: 'Q', item: 1 });
    await t.now('p1', { op: 'put', name: 'Q', item: 2 });
    t.send('p1', { op: 'put', name: 'Q', item: 3 });
    t.send('j1', { op: 'join', name: 'Q' });
    await flush();
    t.check();
    await t.now('c1', { op: 'get', name: 'Q' });
    await t.now('c1', { op: 'task_done', name: 'Q' });
    t.check();
    t.send('c3', { op: 'get', name: 'Q' });
    await t.operate({ op: 'shutdown', name: 'Q', immediate: true });
    await flush();
    t.check();
    await t.now('c3', { op: 'task_done', name: 'Q' });
    t.check();
    await t.now('c3', { op: 'task_done', name: 'Q' });
    t.check();
    expect(t.ops('Q').slice(-2)).toEqual(['c3 queue.taskDone', 'j1 queue.joined']);
    expect(t.ops('Q').slice(0, 4)).toEqual(['c1 queue.emptyWait', 'c2 queue.emptyWait', 'c2 queue.timedOut', 'p1 queue.put']);
  });

  it("a shutdown while a batching consumer holds a lease: its batch's gets, the lease's drop after an immediate shutdown and a getter behind it fold to the broker's state", async () => {
    const get = { op: 'get' as const, at: 0 };
    for (const immediate of [false, true]) {
      const t = recorded();
      t.create({ kind: 'JoinableQueue', name: 'Q' });
      for (const item of [1, 2, 3, 4, 5]) await t.now('p', { op: 'put', name: 'Q', item });
      await t.now('c1', { op: 'get', name: 'Q', batch: true });
      await t.operate({ op: 'shutdown', name: 'Q', immediate });
      t.send('c2', { op: 'get', name: 'Q' });
      await flush();
      t.check();
      expect(t.broker.queueBatch('c1', 'Q', [get, get, { op: 'task_done', at: 0 }])).toEqual([]);
      await flush();
      t.check();
      expect(t.view('Q')).toMatchObject(immediate ? { depth: 0, unfinished: 2 } : { depth: 1, unfinished: 4 });
    }
  });
});

describe('shared data writes are facts', () => {
  it('a Value set and an Array assignment (cell, slice, fill) each state who wrote, an Array how many cells', async () => {
    const t = recorded();
    t.create({ kind: 'Value', name: 'V', typecode: 'i', value: 0, lock: true });
    t.create({ kind: 'Array', name: 'A', typecode: 'i', length: 4 });
    await t.now('w1', { op: 'value_set', name: 'V', value: 5 });
    await t.now('w1', { op: 'value_get', name: 'V' });
    await t.now('w2', { op: 'array_set', name: 'A', index: 1, value: 7 });
    await t.now('w2', { op: 'array_set_slice', name: 'A', start: 0, stop: 2, values: [1, 2] });
    await t.now('w3', { op: 'array_fill', name: 'A', value: 0 });
    // A refused write changes nothing and states nothing.
    expect((await t.now('w3', { op: 'array_set', name: 'A', index: 9, value: 1 })).ok).toBe(false);
    expect(t.facts.map((fact) => `${fact.actor} ${fact.op}${'cells' in fact ? ` ${fact.cells}` : ''}`)).toEqual(['w1 value.write', 'w2 array.write 1', 'w2 array.write 2', 'w3 array.write 4']);
    t.check();
  });
});

describe('pipe traffic is facts', () => {
  it('a send and a receive state their bytes, a close its end; the fold has what is in flight, who used it and which ends are closed', async () => {
    const t = recorded();
    t.create({ kind: 'Pipe', name: 'P' });
    t.create({ kind: 'Pipe', name: 'one', duplex: false });
    await t.now('w1', { op: 'pipe_send', name: 'P', end: 0, item: 'hello' });
    await t.now('w1', { op: 'pipe_send_bytes', name: 'P', end: 0, data: Buffer.from('abc').toString('base64') });
    await t.now('w2', { op: 'pipe_send', name: 'P', end: 1, item: [1, 2] });
    t.check();
    await t.now('w2', { op: 'pipe_recv', name: 'P', end: 1 });
    // A poll looks without taking: no fact.
    await t.now('w2', { op: 'pipe_poll', name: 'P', end: 1 });
    t.check();
    // A message too long for recv_bytes(maxlength) stays in flight; a one-way pipe's end is closed by it.
    await t.now('w3', { op: 'pipe_send', name: 'one', end: 1, item: 'x'.repeat(20) });
    expect((await t.now('w4', { op: 'pipe_recv_bytes', name: 'one', end: 0, maxlength: 4 })).ok).toBe(false);
    await t.now('w2', { op: 'pipe_close', name: 'P', end: 1 });
    // Closing a closed end does nothing and states nothing.
    await t.now('w2', { op: 'pipe_close', name: 'P', end: 1 });
    expect(t.ops('P')).toEqual(['w1 pipe.send', 'w1 pipe.send', 'w2 pipe.send', 'w2 pipe.recv', 'w2 pipe.close']);
    expect(t.facts.filter((fact) => fact.primitive === 'P').map((fact) => ('bytes' in fact ? fact.bytes : 'end' in fact ? `end ${fact.end}` : null))).toEqual([7, 3, 5, 7, 'end 1']);
    expect(t.ops('one')).toEqual(['w3 pipe.send', 'w4 pipe.close']);
    t.check();
  });
});

describe('shared data contents and budget bytes are facts (sync.write, sync.held)', () => {
  it('a Value, Array, Dict and List fold to the contents and bytes the broker has, from their creation on', async () => {
    const t = recorded();
    t.create({ kind: 'Value', name: 'V', typecode: 'd', value: 0.1 });
    t.create({ kind: 'Array', name: 'A', typecode: 'i', values: [1, 2, 3] });
    t.create({ kind: 'Array', name: 'Z', typecode: 'c', length: 500 });
    t.create({ kind: 'Dict', name: 'D' });
    t.create({ kind: 'List', name: 'L', items: [1, 'two'] });
    // Created: contents from the creation alone (an Array's initial values, a List's first items).
    t.check();
    await t.now('w1', { op: 'value_set', name: 'V', value: 2.5 });
    await t.now('w1', { op: 'array_set_slice', name: 'A', start: 0, stop: 2, values: [7, 8] });
    await t.now('w2', { op: 'dict_set', name: 'D', key: 'n', value: 50 });
    await t.now('w2', { op: 'dict_update', name: 'D', entries: [['a', [1, 2]], ['b', null]] });
    await t.now('w3', { op: 'list_append', name: 'L', item: { k: true } });
    await t.now('w3', { op: 'list_insert', name: 'L', index: 0, item: 0 });
    t.check();
    expect(t.written).toEqual(['w1 V 2.5', 'w1 A [7, 8, 3]', "w2 D {'n': 50}", "w2 D {'n': 50, 'a': [1, 2], 'b': None}", "w3 L [1, 'two', {'k': True}]", "w3 L [0, 1, 'two', {'k': True}]"]);
    // The hot facts: one per write (a Dict's and a List's too), a List's with its length after.
    expect(t.ops('D')).toEqual(['w2 dict.write', 'w2 dict.write']);
    expect(t.facts.filter((fact) => fact.op === 'list.write').map((fact) => ('length' in fact ? fact.length : null))).toEqual([3, 4]);
    // A write that leaves the contents as they were states no contents (its hot fact still counts it).
    await t.now('w1', { op: 'value_set', name: 'V', value: 2.5 });
    expect(t.written).toHaveLength(6);
    // Pops, deletes and clears are writes too, and give the budget back.
    await t.now('w2', { op: 'dict_pop', name: 'D', key: 'a' });
    await t.now('w3', { op: 'list_pop', name: 'L', index: 0 });
    await t.now('w3', { op: 'list_clear', name: 'L' });
    t.check();
    expect(t.view('L').bytes).toBe(0);
    expect(t.written.slice(-3)).toEqual(["w2 D {'n': 50, 'b': None}", "w3 L [1, 'two', {'k': True}]", 'w3 L []']);
  });

  it('a big value is cut at 200 characters of its repr, ending in "…", and the page never gets more', async () => {
    const t = recorded();
    t.create({ kind: 'Dict', name: 'big' });
    await t.now('w1', { op: 'dict_update', name: 'big', entries: Array.from({ length: 500 }, (_, i) => [`key${i}`, 'v'.repeat(50)] as [string, string]) });
    t.check();
    const last = t.written.at(-1)!.slice('w1 big '.length);
    expect(last.length).toBeLessThanOrEqual(201);
    expect(last.endsWith('…')).toBe(true);
    expect(last.startsWith("{'key0': 'vvvv")).toBe(true);
  });
});

describe("a Pipe's waiters are facts", () => {
  it('a reader in recv, recv_bytes or poll and a sender on a full buffer park as facts, and leave as facts however their wait ends', async () => {
    const t = recorded();
    t.create({ kind: 'Pipe', name: 'P' });
    const recv = t.send('w1', { op: 'pipe_recv', name: 'P', end: 0 });
    const recvBytes = t.send('w2', { op: 'pipe_recv_bytes', name: 'P', end: 0 });
    const poll = t.send('w3', { op: 'pipe_poll', name: 'P', end: 0, timeout: 2 });
    await flush();
    t.check();
    expect(t.ops('P')).toEqual(['w1 pipe.recvWait', 'w2 pipe.recvWait', 'w3 pipe.pollWait']);
    expect(t.facts.filter((fact) => fact.op === 'pipe.pollWait').map((fact) => ('timeoutMs' in fact ? fact.timeoutMs : null))).toEqual([2000]);
    // One message: the first reader takes it (its recv ends its wait), the poller is told there was one.
    await t.now('w4', { op: 'pipe_send', name: 'P', end: 1, item: 'x' });
    expect(recv.reply).toEqual({ ok: true, value: 'x' });
    expect(poll.settled).toBe(false);
    t.check();
    // A poll that times out leaves with a wait.ended, as does a reader whose worker ended.
    await t.advance(2);
    expect(poll.reply).toEqual({ ok: true, value: false });
    t.check();
    t.broker.workerEnded('w2');
    await flush();
    expect(recvBytes.settled).toBe(true);
    t.check();
    // A sender on a full buffer: parked until the reader makes room, or until the other end closes (BrokenPipeError).
    const chunk = 'y'.repeat(30_000);
    await t.now('w4', { op: 'pipe_send', name: 'P', end: 1, item: chunk });
    await t.now('w4', { op: 'pipe_send', name: 'P', end: 1, item: chunk });
    const blocked = t.send('w4', { op: 'pipe_send', name: 'P', end: 1, item: chunk });
    const blockedToo = t.send('w5', { op: 'pipe_send_bytes', name: 'P', end: 1, data: Buffer.from('z'.repeat(30_000)).toString('base64') });
    await flush();
    expect(blocked.settled).toBe(false);
    t.check();
    await t.now('w1', { op: 'pipe_recv', name: 'P', end: 0 });
    expect(blocked.reply).toEqual({ ok: true, value: null });
    t.check();
    await t.now('w1', { op: 'pipe_close', name: 'P', end: 0 });
    expect(blockedToo.reply).toMatchObject({ ok: false, error: 'BrokenPipeError' });
    t.check();
    expect(t.ops('P').slice(-7)).toEqual(['w4 pipe.send', 'w4 pipe.sendWait', 'w5 pipe.sendWait', 'w1 pipe.recv', 'w4 pipe.send', 'w1 pipe.close', 'w5 wait.ended']);
  });
});
