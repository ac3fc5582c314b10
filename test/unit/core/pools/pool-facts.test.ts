import { describe, expect, it } from 'vitest';
import { bucketOf, FLUSH_EVERY_MS, PoolFacts, type PoolFactEvent } from '../../../../src/core/pools/pool-facts';
import { labEventSchema } from '../../../../src/shared/protocol';
import { EXPLAIN_STEPS_PER_SECOND, HIST_EDGES_MS, type TaskStep } from '../../../../src/shared/task-steps';
import { ManualClock } from '../sync/harness';

/** A pool's sink with the host's loop played by hand: `turn()` is one setImmediate. */
function harness() {
  const clock = new ManualClock();
  const events: PoolFactEvent[] = [];
  let pending: (() => void)[] = [];
  const facts = new PoolFacts({ pool: 'p', clock, emit: (event) => events.push(event), schedule: (flush) => pending.push(flush) });
  const turn = () => {
    const due = pending;
    pending = [];
    for (const flush of due) flush();
  };
  const tasksEvents = () => events.filter((event) => event.type === 'pool.tasks');
  return { clock, facts, events, turn, tasksEvents, scheduled: () => pending.length };
}

/** One task through the runner's steps on `slot`, all at monotonic time `t`. */
function runTask(facts: PoolFacts, id: number, slot: number, t: number, end: TaskStep = 'done') {
  facts.step(id, 'submitted', t, null, { fn: 'square' });
  facts.step(id, 'queued', t, null);
  facts.step(id, 'sent', t, slot);
  facts.step(id, 'running', t, slot);
  facts.step(id, end, t, slot, { detail: String(id * id) });
}

const valid = (event: PoolFactEvent) => labEventSchema.safeParse({ ...event, seq: 1, t: 1 }).success;

describe('PoolFacts batches a pool\'s task steps per turn of the host\'s loop', () => {
  it('turns 30,000 steps of one turn into one bounded event', () => {
    const { facts, turn, tasksEvents, scheduled } = harness();
    for (let id = 1; id <= 6_000; id++) runTask(facts, id, 1 + (id % 2), 0);
    expect(scheduled()).toBe(1);
    turn();
    const [event, ...more] = tasksEvents();
    expect(more).toEqual([]);
    expect(event).toBeDefined();
    if (event?.type !== 'pool.tasks') return;
    expect(event.counts).toEqual({ submitted: 6_000, started: 6_000, done: 6_000, failed: 0, lost: 0, cancelled: 0, rejected: 0, callbacks: 0 });
    expect(event.steps.length).toBeLessThanOrEqual(EXPLAIN_STEPS_PER_SECOND);
    expect(event.steps.length).toBeGreaterThan(0);
    expect(event.steps.length + event.skipped).toBe(30_000);
    expect(event.busy).toEqual([null, null]);
    expect(event.doneBySlot).toEqual([3_000, 3_000]);
    expect(valid(event)).toBe(true);
  });

  it('keeps whole tasks for explain mode: a task it lists has every step, one it skips has none', () => {
    const { facts, turn, tasksEvents } = harness();
    for (let id = 1; id <= 3_000; id++) runTask(facts, id, 1, 0);
    turn();
    const event = tasksEvents()[0];
    if (event?.type !== 'pool.tasks') throw new Error('no batch');
    const byTask = new Map<number, TaskStep[]>();
    for (const step of event.steps) byTask.set(step.id, [...(byTask.get(step.id) ?? []), step.step]);
    expect(byTask.size).toBeGreaterThan(100);
    for (const steps of byTask.values()) expect(steps).toEqual(['submitted', 'queued', 'sent', 'running', 'done']);
    expect(event.steps.find((step) => step.step === 'submitted')?.fn).toBe('square');
    expect(event.steps.find((step) => step.step === 'done' && step.id === 2)?.detail).toBe('4');
  });

  it('never lists a task whose first steps it skipped, when the budget refills mid-task', () => {
    const { clock, facts, turn, tasksEvents } = harness();
    for (let id = 1; id <= 1_000; id++) {
      facts.step(id, 'submitted', 0, null);
      facts.step(id, 'queued', 0, null);
    }
    turn();
    clock.advance(5_000);
    for (let id = 1; id <= 1_000; id++) {
      facts.step(id, 'running', 5_000, 1);
      facts.step(id, 'done', 5_000, 1);
    }
    turn();
    const steps = tasksEvents().flatMap((event) => (event.type === 'pool.tasks' ? event.steps : []));
    const listed = new Map<number, TaskStep[]>();
    for (const step of steps) listed.set(step.id, [...(listed.get(step.id) ?? []), step.step]);
    for (const kept of listed.values()) expect(kept).toEqual(['submitted', 'queued', 'running', 'done']);
    expect(listed.size).toBeGreaterThan(0);
    expect(listed.size).toBeLessThan(1_000);
  });

  it('keeps at most its budget of steps a second, however long the stream runs', () => {
    const { clock, facts, turn, tasksEvents } = harness();
    let id = 0;
    // 30k tasks a second for 10 s, in turns of 1 ms (30 tasks each).
    for (let ms = 0; ms < 10_000; ms++) {
      for (let index = 0; index < 30; index++) runTask(facts, ++id, 1, clock.monotonic());
      turn();
      clock.advance(1);
    }
    const kept = tasksEvents().reduce((sum, event) => sum + (event.type === 'pool.tasks' ? event.steps.length : 0), 0);
    const skipped = tasksEvents().reduce((sum, event) => sum + (event.type === 'pool.tasks' ? event.skipped : 0), 0);
    expect(kept + skipped).toBe(id * 5);
    // The bucket's first burst, then its rate.
    expect(kept).toBeLessThanOrEqual(EXPLAIN_STEPS_PER_SECOND * 11);
    expect(kept).toBeGreaterThan(EXPLAIN_STEPS_PER_SECOND * 9);
    // Nothing of an ended task is kept but explain mode's few thousand ended ids (for their callbacks).
    expect(facts.tracked).toBeLessThanOrEqual(4_096);
  });

  it('sends count deltas, the backlog and each slot\'s running task as they stand after the batch', () => {
    const { clock, facts, turn, tasksEvents } = harness();
    facts.slot(1, 'p-1');
    facts.slot(2, 'p-2');
    for (const id of [1, 2, 3]) {
      facts.step(id, 'submitted', 0, null, { fn: 'sleep' });
      facts.step(id, 'queued', 0, null);
    }
    facts.backlog(3);
    facts.step(1, 'sent', 1, 1);
    facts.step(1, 'running', 1, 1);
    facts.step(2, 'sent', 1, 2);
    facts.step(2, 'running', 1, 2);
    facts.backlog(1);
    turn();
    clock.advance(FLUSH_EVERY_MS);
    facts.step(2, 'failed', 3, 2, { detail: 'ValueError: boom' });
    facts.step(3, 'cancelled', 3, null);
    facts.backlog(0);
    facts.step(1, 'callback', 4, null);
    turn();
    const [first, second] = tasksEvents();
    expect(first).toMatchObject({ counts: { submitted: 3, started: 2, done: 0 }, backlog: 1, busy: [1, 2], doneBySlot: [] });
    expect(second).toMatchObject({ counts: { submitted: 0, started: 0, failed: 1, cancelled: 1, callbacks: 1 }, backlog: 0, busy: [1, null], doneBySlot: [0, 1] });
  });

  it('adds the waits (submitted to running) and runs (running to the end) to their buckets', () => {
    const { clock, facts, turn, tasksEvents } = harness();
    facts.step(1, 'submitted', 0, null);
    clock.advance(3);
    facts.step(1, 'running', 3, 1);
    facts.step(1, 'done', 3 + 0.2, 1);
    facts.step(2, 'submitted', 10, null);
    facts.step(2, 'running', 10 + 20_000, 1);
    facts.step(2, 'lost', 10 + 20_000 + 700, 1, { detail: 'the worker running it ended (exit code -9)' });
    turn();
    const event = tasksEvents()[0];
    if (event?.type !== 'pool.tasks') throw new Error('no batch');
    const expected = (values: number[]) => {
      const hist = new Array<number>(HIST_EDGES_MS.length + 1).fill(0);
      for (const value of values) hist[bucketOf(value)]! += 1;
      return hist;
    };
    expect(event.waitHist).toEqual(expected([3, 20_000]));
    expect(event.runHist).toEqual(expected([0.2, 700]));
    expect(bucketOf(3)).toBe(5);
    expect(bucketOf(20_000)).toBe(16);
  });

  it('tells each slot\'s busy time: the run times of the tasks that ended on it, however they ended', () => {
    const { facts, turn, tasksEvents } = harness();
    facts.step(1, 'running', 0, 1);
    facts.step(1, 'done', 40, 1);
    facts.step(2, 'running', 40, 1);
    facts.step(2, 'lost', 65.5, 1);
    facts.step(3, 'running', 10, 2);
    // Still running: its time is not told until it ends (the page counts it from the batch that says so).
    turn();
    const event = tasksEvents()[0];
    if (event?.type !== 'pool.tasks') throw new Error('no batch');
    expect(event.busyMsBySlot).toEqual([65.5]);
    expect(event.doneBySlot).toEqual([1]);
    expect(event.busy).toEqual([null, 3]);
  });

  it('sends at most one batch a frame: the turns within it wait for its end, and lose nothing', () => {
    const { clock, facts, turn, tasksEvents } = harness();
    runTask(facts, 1, 1, 0);
    turn();
    expect(tasksEvents()).toHaveLength(1);
    for (let id = 2; id <= 11; id++) {
      clock.advance(1);
      runTask(facts, id, 1, clock.monotonic());
      turn();
    }
    expect(tasksEvents()).toHaveLength(1);
    clock.advance(FLUSH_EVERY_MS);
    expect(tasksEvents()).toHaveLength(2);
    expect(tasksEvents()[1]).toMatchObject({ counts: { submitted: 10, done: 10 } });
  });

  it('tells a slot\'s new worker at once, after the steps before it', () => {
    const { facts, events } = harness();
    facts.slot(1, 'p-1');
    facts.step(1, 'submitted', 0, null);
    facts.step(1, 'running', 0, 1);
    facts.step(1, 'lost', 1, 1, { detail: 'p-1 ended (exit code -9)' });
    facts.slot(1, 'p-3');
    expect(events.map((event) => event.type)).toEqual(['pool.slot', 'pool.tasks', 'pool.slot']);
    expect(events[2]).toEqual({ type: 'pool.slot', pool: 'p', slot: 1, workerId: 'p-3' });
  });

  it('shortens the busy list when the last slot goes (the pool shrank)', () => {
    const { facts, turn, tasksEvents } = harness();
    facts.slot(1, 'p-1');
    facts.slot(2, 'p-2');
    facts.slot(2, null);
    facts.backlog(4);
    turn();
    expect(tasksEvents()[0]).toMatchObject({ busy: [null] });
  });

  it('cuts a long result to 200 characters and dates steps on the lab\'s clock', () => {
    const { clock, facts, turn, tasksEvents } = harness();
    clock.advance(50);
    facts.step(1, 'submitted', clock.monotonic(), null);
    facts.step(1, 'done', clock.monotonic(), 1, { detail: 'x'.repeat(5_000) });
    turn();
    const event = tasksEvents()[0];
    if (event?.type !== 'pool.tasks') throw new Error('no batch');
    expect(event.steps[1]?.detail).toHaveLength(200);
    expect(event.steps[1]?.detail?.endsWith('…')).toBe(true);
    expect(event.steps[0]?.t).toBe(clock.now());
    expect(valid(event)).toBe(true);
  });

  it('sends nothing for a turn in which nothing happened', () => {
    const { facts, turn, events } = harness();
    facts.backlog(0);
    turn();
    facts.flush();
    expect(events).toEqual([]);
  });
});
