import { describe, expect, it } from 'vitest';
import { QUEUE_KEEP_BURST_OPS, QueueLogFacts } from '../../../../src/core/sync/queue-log-facts';
import type { SyncFact } from '../../../../src/shared/facts';
import { PrimitiveFold } from '../../../../src/shared/primitive-fold';
import { LOG_ENTRIES } from '../../../../src/shared/queue-log';
import { HOST, LOG_TAIL, MAX_FAST_RECORD, QueueRing } from '../../../../src/shared/queue-ring';

/**
 * A queue's op log (src/shared/queue-log.ts) turned into facts (queue-log-facts.ts): two threads' ops on one
 * ring come out in the order the section saw them, and over the recording rate as counts plus each drain's
 * last op; either way the fold of the facts is the ring's state, exactly.
 */

const ACTORS = new Map([
  [1, 'a'],
  [2, 'b'],
]);

function setup() {
  const ring = QueueRing.create(0);
  const facts: SyncFact[] = [];
  let monotonic = 0;
  const logFacts = new QueueLogFacts('q', { idOf: (index) => ACTORS.get(index) ?? null, now: () => Date.now(), monotonic: () => monotonic, fact: (fact) => facts.push(fact) });
  const fold = new PrimitiveFold();
  fold.created({ kind: 'JoinableQueue', name: 'q', maxsize: 0 });
  /** One thread's op inside the section, as queue-handle.ts does it; false when the ring refused it (empty, no task, a full log). */
  const op = (by: number, kind: number, item = 0): boolean => {
    expect(ring.enter(by, 0)).toBe(true);
    try {
      if (kind === 0) return ring.put(item, false, MAX_FAST_RECORD, by);
      if (kind === 1) {
        if (ring.count === 0 || !ring.logHasRoom) return false;
        ring.take(by);
        return true;
      }
      return ring.taskDone(by);
    } finally {
      ring.leave();
    }
  };
  const drain = (): number => {
    expect(ring.enter(HOST, 0)).toBe(true);
    try {
      return logFacts.drain(ring);
    } finally {
      ring.leave();
    }
  };
  const folded = () => {
    for (const fact of facts.splice(0)) fold.apply(fact);
    const state = fold.states.get('q')!;
    if (!('depth' in state)) throw new Error('not a queue');
    return { depth: state.depth, unfinished: state.unfinished, puts: state.puts, gets: state.gets };
  };
  const truth = () => ({ depth: ring.count, unfinished: ring.unfinished, puts: ring.puts, gets: ring.gets });
  return { ring, facts, op, drain, folded, truth, advance: (ms: number) => (monotonic += ms) };
}

/** A fixed pseudo-random sequence (no flaky seeds): thread, op kind. */
function* script(length: number): Generator<[number, number]> {
  let x = 12345;
  for (let step = 0; step < length; step++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    yield [1 + (x & 1), (x >> 8) % 3];
  }
}

describe("a queue's op log as facts", () => {
  it("two threads' ops come out in the order the section saw them, each with the depth it left", () => {
    const t = setup();
    const done: Array<[string, string, number]> = [];
    let next = 0;
    for (const [by, kind] of script(500)) {
      if (!t.op(by, kind, next)) continue;
      if (kind === 0) next += 1;
      done.push([ACTORS.get(by)!, kind === 0 ? 'queue.put' : kind === 1 ? 'queue.get' : 'queue.taskDone', kind === 2 ? t.ring.unfinished : t.ring.count]);
    }
    expect(t.drain()).toBe(done.length);
    expect(t.facts.map((fact) => [fact.actor, fact.op, 'depth' in fact ? fact.depth : 'unfinished' in fact ? fact.unfinished : -1])).toEqual(done);
    // Times never go back (a thread's clock is clamped to the last fact's and the host's now).
    for (let index = 1; index < t.facts.length; index++) expect(t.facts[index]!.t).toBeGreaterThanOrEqual(t.facts[index - 1]!.t);
    expect(t.folded()).toEqual(t.truth());
    // Drained: nothing twice.
    expect(t.drain()).toBe(0);
  });

  it('over the rate, each drain is counts per actor and its last op: far fewer facts, and the fold is still the ring exactly', () => {
    const t = setup();
    let ops = 0;
    let next = 0;
    let facts = 0;
    for (const [by, kind] of script(QUEUE_KEEP_BURST_OPS * 3)) {
      if (!t.op(by, kind, next)) continue;
      if (kind === 0) next += 1;
      ops += 1;
      if (ops % 3_000 === 0) {
        t.drain();
        facts += t.facts.length;
        // The fold after every drain, not only at the end: it is exact at each.
        expect(t.folded()).toEqual(t.truth());
        t.advance(1);
      }
    }
    t.drain();
    facts += t.facts.length;
    const counted = t.facts.filter((fact) => fact.op.endsWith('Counted'));
    expect(t.folded()).toEqual(t.truth());
    expect(ops).toBeGreaterThan(QUEUE_KEEP_BURST_OPS * 2);
    // The burst kept whole (~16k facts), then a handful per drain.
    expect(facts).toBeLessThan(QUEUE_KEEP_BURST_OPS + 200);
    expect(counted.length).toBeLessThanOrEqual(6);
  });

  it("a full log refuses a thread's op (the broker then does it, after draining); the broker's own ops are not logged", () => {
    const t = setup();
    for (let index = 0; index < LOG_ENTRIES; index++) expect(t.op(1, 0, index)).toBe(true);
    expect(t.op(1, 0, -1)).toBe(false);
    expect(t.op(2, 1)).toBe(false);
    expect(t.op(2, 2)).toBe(false);
    expect(t.ring.count).toBe(LOG_ENTRIES);
    expect(t.drain()).toBe(LOG_ENTRIES);
    expect(t.op(2, 1)).toBe(true);
    // The broker's put: in the ring, not in the log (it states its own fact).
    expect(t.ring.enter(HOST, 0)).toBe(true);
    expect(t.ring.put('host', true, MAX_FAST_RECORD)).toBe(true);
    t.ring.leave();
    expect(t.drain()).toBe(1);
  });

  it("a log a hostile thread wrote over costs the host nothing: a tail no log can hold, an unknown op or worker index, are skipped", () => {
    const t = setup();
    expect(t.op(1, 0, 7)).toBe(true);
    // An entry naming a worker index nobody has, then a tail 2^30 entries on: neither is read.
    expect(t.op(1, 0, 8)).toBe(true);
    new Int32Array(t.ring.buffer)[new Int32Array(t.ring.buffer).length - 4 * 4096 + 4] = (1 << 28) | 99;
    // The drain states the ops it could name: one.
    expect(t.drain()).toBe(1);
    expect(t.facts.map((fact) => fact.actor)).toEqual(['a']);
    Atomics.store(t.ring.header, LOG_TAIL, 1 << 30);
    expect(t.drain()).toBe(0);
    // And the log goes on from there.
    expect(t.op(2, 1)).toBe(true);
    expect(t.drain()).toBe(1);
  });
});
