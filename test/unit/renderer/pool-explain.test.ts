import { describe, expect, it } from 'vitest';
import { explainLine, explainLines } from '../../../src/renderer/model/pool-explain';
import type { PoolTaskView } from '../../../src/shared/pool-states';

const POOL = { api: 'pool', runtime: 'process' } as const;
const EXECUTOR = { api: 'executor', runtime: 'process' } as const;

type Step = { step: PoolTaskView['steps'][number]['step']; t: number; slot: number | null; detail?: string };

/** A task as the reducer keeps it: what it calls, and its steps (detail null unless given). */
function task(id: number, steps: readonly Step[], call: Partial<Pick<PoolTaskView, 'fn' | 'map'>> = {}): PoolTaskView {
  return { id, fn: call.fn ?? null, map: call.map ?? null, steps: steps.map((step) => ({ ...step, detail: step.detail ?? null })) };
}

describe('explain mode', () => {
  it('tells a task from submit to callback, with its waits and run time', () => {
    const line = explainLine(
      task(42, [
        { step: 'submitted', t: 1000, slot: null },
        { step: 'queued', t: 1000.1, slot: null },
        { step: 'sent', t: 1001, slot: 2 },
        { step: 'running', t: 1003.5, slot: 2 },
        { step: 'done', t: 1053.5, slot: 2, detail: 'None' },
        { step: 'callback', t: 1054, slot: null },
      ], { fn: 'sleep' }),
      POOL,
    );
    expect(line.title).toBe('task 42');
    expect(line.call).toBe('sleep');
    expect(line.steps.map((step) => step.words)).toEqual(['submitted', 'queued', 'sent to worker 2', 'running on worker 2', 'done', 'callback']);
    expect(line.end).toBe('done');
    expect(line.detail).toBe('result None · waited 3.5 ms, ran 50 ms');
  });

  it('shows a map\'s chunk as a chunk of so many items', () => {
    const line = explainLine(task(7, [{ step: 'submitted', t: 0, slot: null }], { fn: 'square', map: { mapId: 1, chunk: 2, items: 25 } }), POOL);
    expect(line.title).toBe('task 7');
    expect(line.call).toBe('square × 25 · map 1 chunk 3');
    const one = explainLine(task(8, [], { fn: 'sleep', map: { mapId: 2, chunk: 0, items: 1 } }), POOL);
    expect(one.call).toBe('sleep · map 2 chunk 1');
    expect(line.end).toBeNull();
    expect(line.detail).toBeNull();
  });

  it('says a lost task\'s result never comes, as Python\'s Pool behaves', () => {
    const line = explainLine(
      task(3, [
        { step: 'running', t: 0, slot: 1 },
        { step: 'lost', t: 20, slot: 1, detail: 'exit code -9' },
      ]),
      POOL,
    );
    expect(line.call).toBeNull();
    expect(line.steps.map((step) => step.words)).toEqual(['running on worker 1', 'lost']);
    expect(line.detail).toBe("its worker was killed: Python's Pool never returns its result (get() would wait for ever) (exit code -9) · ran 20 ms");
  });

  it('says a thread pool\'s lost task was its thread, stopped by the lab as Python never could', () => {
    const detail = 'worker t-1 was stopped with worker.terminate() (a thread has no signals: exit code 1) while running it';
    const lost = [{ step: 'lost', t: 0, slot: 1, detail }] as const;
    expect(explainLine(task(1, lost), { api: 'pool', runtime: 'thread' }).detail).toBe(
      `its thread was stopped: Python's ThreadPool never returns its result (get() would wait for ever); Python cannot stop a thread, the lab can (${detail})`,
    );
    expect(explainLine(task(2, lost), { api: 'executor', runtime: 'thread' }).detail).toBe(
      `its thread was stopped: its Future never completes (result() would wait for ever); Python cannot stop a thread, the lab can (${detail})`,
    );
  });

  it('gives a failure and a rejection the lab\'s own words', () => {
    const broken = 'BrokenProcessPool: A process in the process pool was terminated abruptly while the future was running or pending.';
    expect(explainLine(task(1, [{ step: 'rejected', t: 0, slot: null, detail: broken }]), EXECUTOR).detail).toBe(broken);
    expect(explainLine(task(2, [{ step: 'failed', t: 0, slot: 1, detail: 'ValueError: task failed' }]), EXECUTOR).detail).toBe('ValueError: task failed');
  });

  it('lists the newest task first', () => {
    const lines = explainLines([task(1, []), task(2, []), task(3, [])], POOL);
    expect(lines.map((line) => line.id)).toEqual([3, 2, 1]);
  });
});
