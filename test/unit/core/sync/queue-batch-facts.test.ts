import { describe, expect, it } from 'vitest';
import { QueueBatchFacts } from '../../../../src/core/sync/queue-batch-facts';
import { QUEUE_KEEP_BURST_OPS } from '../../../../src/core/sync/queue-log-facts';
import type { SyncFactBody } from '../../../../src/shared/facts';
import { PrimitiveFold } from '../../../../src/shared/primitive-fold';

/**
 * A queue's facts while the broker applies a forked worker's batch (src/core/sync/queue-batch-facts.ts):
 * stated whole within the recording rate, each dated as its op; over it, per actor counts then the batch's
 * last put or get and its last op; another fact in the middle of a batch comes after what was held. Either
 * way the fold of the facts is the queue's state, exactly.
 */

interface Stated {
  readonly body: SyncFactBody;
  readonly at: number | null;
}

function setup() {
  const stated: Stated[] = [];
  let pinned: number | null = null;
  // The rate's clock stands still: only the burst is there to spend.
  const facts = new QueueBatchFacts({ clock: { monotonic: () => 0 }, pin: (at) => (pinned = at), fact: (body) => stated.push({ body, at: pinned }) }, 'q');
  let depth = 0;
  let unfinished = 0;
  /** One batch of `items` puts by a, then as many gets and task_dones by b, dated from `from` on. */
  const batch = (items: number, from: number) => {
    facts.begin();
    let at = from;
    for (let item = 0; item < items; item++) {
      facts.pin(at++);
      facts.op({ op: 'queue.put', actor: 'a', primitive: 'q', depth: (depth += 1) });
      unfinished += 1;
    }
    for (let item = 0; item < items; item++) {
      facts.pin(at++);
      facts.op({ op: 'queue.get', actor: 'b', primitive: 'q', depth: (depth -= 1) });
      facts.pin(at++);
      facts.op({ op: 'queue.taskDone', actor: 'b', primitive: 'q', unfinished: (unfinished -= 1) });
    }
    facts.end();
  };
  const fold = () => {
    const folding = new PrimitiveFold();
    folding.created({ kind: 'JoinableQueue', name: 'q', maxsize: 0 });
    stated.forEach(({ body, at }, index) => folding.apply({ ...body, t: at ?? index } as never));
    return folding.states.get('q');
  };
  return { facts, stated, batch, fold };
}

describe("a queue's facts while a batch is applied", () => {
  it('within the rate: every op stated whole, in order, dated as its op; the time is the broker’s again after', () => {
    const { stated, batch, fold } = setup();
    batch(3, 100);
    expect(stated.map(({ body }) => body.op)).toEqual(['queue.put', 'queue.put', 'queue.put', 'queue.get', 'queue.taskDone', 'queue.get', 'queue.taskDone', 'queue.get', 'queue.taskDone']);
    expect(stated.map(({ at }) => at)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108]);
    expect(fold()).toMatchObject({ depth: 0, puts: 3, gets: 3, unfinished: 0 });
  });

  it('over the rate: counts per actor, then the last get and the last task_done, which state the queue as it is', () => {
    const { stated, batch } = setup();
    // 15,000 ops: within the burst, kept whole; the next batch's 3,000 are not.
    expect(QUEUE_KEEP_BURST_OPS).toBeGreaterThan(15_000);
    expect(QUEUE_KEEP_BURST_OPS).toBeLessThan(18_000);
    batch(5_000, 0);
    expect(stated).toHaveLength(15_000);
    stated.length = 0;
    batch(1_000, 50_000);
    expect(stated.map(({ body }) => body)).toEqual([
      { op: 'queue.putsCounted', actor: 'a', primitive: 'q', puts: 1_000 },
      { op: 'queue.getsCounted', actor: 'b', primitive: 'q', gets: 999 },
      { op: 'queue.tasksDoneCounted', actor: 'b', primitive: 'q', tasks: 999 },
      { op: 'queue.get', actor: 'b', primitive: 'q', depth: 0 },
      { op: 'queue.taskDone', actor: 'b', primitive: 'q', unfinished: 0 },
    ]);
    // The counts are dated as the batch's last op (they had all happened by then), the kept ops as themselves.
    expect(stated.map(({ at }) => at)).toEqual([52_999, 52_999, 52_999, 52_998, 52_999]);
  });

  it('the fold of whole and counted batches alike is the queue’s state', () => {
    const { stated, batch, fold } = setup();
    for (let round = 0; round < 12; round++) batch(700, round * 10_000);
    expect(stated.some(({ body }) => body.op === 'queue.putsCounted')).toBe(true);
    expect(fold()).toMatchObject({ depth: 0, puts: 8_400, gets: 8_400, unfinished: 0 });
  });

  it('another fact in the middle of a batch comes after the ops held before it, stated whole', () => {
    const { facts, stated } = setup();
    facts.begin();
    facts.pin(5);
    facts.op({ op: 'queue.put', actor: 'a', primitive: 'q', depth: 1 });
    facts.fact({ op: 'queue.joined', actor: 'c', primitive: 'q' });
    facts.pin(6);
    facts.op({ op: 'queue.get', actor: 'b', primitive: 'q', depth: 0 });
    facts.end();
    expect(stated).toEqual([
      { body: { op: 'queue.put', actor: 'a', primitive: 'q', depth: 1 }, at: 5 },
      { body: { op: 'queue.joined', actor: 'c', primitive: 'q' }, at: 5 },
      { body: { op: 'queue.get', actor: 'b', primitive: 'q', depth: 0 }, at: 6 },
    ]);
  });

  it('outside a batch every fact goes straight through, dated as pinned', () => {
    const { facts, stated } = setup();
    facts.op({ op: 'queue.put', actor: 'a', primitive: 'q', depth: 1 });
    expect(stated).toEqual([{ body: { op: 'queue.put', actor: 'a', primitive: 'q', depth: 1 }, at: null }]);
  });
});
