import { describe, expect, it } from 'vitest';
import { PoolFacts } from '../../../../src/core/pools/pool-facts';
import { POOL_TASKS_KEPT } from '../../../../src/shared/pool-states';
import type { PoolSpec } from '../../../../src/shared/pools';
import { reduceAll } from '../../../../src/shared/reducer';
import type { LabEventBody } from '../../../../src/shared/protocol';
import { eventStream, labStarted } from '../../shared/event-factory';
import { ManualClock } from '../sync/harness';

/**
 * Explain mode end to end in one process: the core's fact sink (its sample and batches) folded by the page's
 * reducer. Whatever the sink keeps and the reducer cuts, a row explain mode lists starts at "submitted" and
 * has every step its task went through.
 */
const spec: PoolSpec = { name: 'p', api: 'pool', runtime: 'process', size: 2, maxTasksPerChild: null, onCrash: 'python' };

function pageOfSink() {
  const clock = new ManualClock();
  const bodies: LabEventBody[] = [{ type: 'pool.created', pool: spec }];
  let pending: (() => void)[] = [];
  const facts = new PoolFacts({ pool: 'p', clock, emit: (event) => bodies.push(event), schedule: (flush) => pending.push(flush) });
  /** One turn of the host's loop, then a frame's time. */
  const turn = () => {
    const due = pending;
    pending = [];
    for (const flush of due) flush();
    clock.advance(20);
  };
  const rows = () => {
    const s = eventStream();
    return reduceAll([s.event(labStarted()), ...bodies.map((body) => s.event(body))]).pools.p?.tasks ?? [];
  };
  return { clock, facts, turn, rows };
}

describe('explain mode lists every task it shows from its first step', () => {
  it('a map of 1,000 tasks on 2 workers: each row starts at submitted and holds its whole way', () => {
    const { clock, facts, turn, rows } = pageOfSink();
    facts.slot(1, 'p-1');
    facts.slot(2, 'p-2');
    // Pool.map's submit: every chunk submitted and queued in one turn, as the runner tells them.
    for (let id = 1; id <= 1_000; id++) {
      facts.step(id, 'submitted', clock.monotonic(), null, { fn: 'square', map: { mapId: 1, chunk: id - 1, items: 1 } });
      facts.step(id, 'queued', clock.monotonic(), null);
    }
    turn();
    // Two workers take them in order, one each per turn.
    for (let id = 1; id <= 1_000; id += 2) {
      for (const [task, slot] of [
        [id, 1],
        [id + 1, 2],
      ] as const) {
        facts.step(task, 'sent', clock.monotonic(), slot);
        facts.step(task, 'running', clock.monotonic(), slot);
        facts.step(task, 'done', clock.monotonic(), slot, { detail: String(task * task) });
        facts.step(task, 'callback', clock.monotonic(), null);
      }
      turn();
    }
    const listed = rows();
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThanOrEqual(POOL_TASKS_KEPT);
    for (const task of listed) {
      expect({ id: task.id, steps: task.steps.map((step) => step.step) }).toEqual({ id: task.id, steps: ['submitted', 'queued', 'sent', 'running', 'done', 'callback'] });
    }
  });

  it('a turn that spans seconds (a stalled host) does not cut the steps of the tasks it follows', () => {
    const { clock, facts, turn, rows } = pageOfSink();
    facts.slot(1, 'p-1');
    // 1,500 tasks submitted while the clock runs on (a long synchronous submit): the budget refills within
    // the turn, past what one batch may carry.
    for (let id = 1; id <= 1_500; id++) {
      facts.step(id, 'submitted', clock.monotonic(), null, { fn: 'square' });
      facts.step(id, 'queued', clock.monotonic(), null);
      clock.advance(2);
    }
    turn();
    for (let id = 1; id <= 1_500; id++) {
      facts.step(id, 'sent', clock.monotonic(), 1);
      facts.step(id, 'running', clock.monotonic(), 1);
      facts.step(id, 'done', clock.monotonic(), 1);
      if (id % 50 === 0) turn();
    }
    turn();
    const listed = rows();
    expect(listed.length).toBeGreaterThan(0);
    for (const task of listed) expect({ id: task.id, steps: task.steps.map((step) => step.step) }).toEqual({ id: task.id, steps: ['submitted', 'queued', 'sent', 'running', 'done'] });
  });

  it('a task that runs long is not cut from the list by the many quick ones after it, so its end reaches its row', () => {
    const { clock, facts, turn, rows } = pageOfSink();
    facts.slot(1, 'p-1');
    facts.slot(2, 'p-2');
    facts.step(1, 'submitted', clock.monotonic(), null, { fn: 'sleep' });
    facts.step(1, 'queued', clock.monotonic(), null);
    facts.step(1, 'sent', clock.monotonic(), 1);
    facts.step(1, 'running', clock.monotonic(), 1);
    turn();
    for (let id = 2; id <= 2 + POOL_TASKS_KEPT; id++) {
      for (const step of ['submitted', 'queued', 'sent', 'running', 'done'] as const) facts.step(id, step, clock.monotonic(), step === 'submitted' || step === 'queued' ? null : 2);
      turn();
    }
    facts.step(1, 'done', clock.monotonic(), 1);
    turn();
    const long = rows().find((task) => task.id === 1);
    expect(long?.steps.map((step) => step.step)).toEqual(['submitted', 'queued', 'sent', 'running', 'done']);
    for (const task of rows()) expect(task.steps[0]?.step).toBe('submitted');
  });
});
