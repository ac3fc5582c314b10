import { describe, expect, it } from 'vitest';
import { factsIn } from '../../../src/renderer/history/lab-history';
import type { LabEvent } from '../../../src/shared/protocol';

describe('a pool\'s batch in the page\'s history', () => {
  it('weighs one, and one more per task step it keeps, so a busy pool fills the history as its steps do', () => {
    const hist = new Array<number>(17).fill(0);
    const batch = (steps: number): LabEvent => ({
      type: 'pool.tasks',
      seq: 1,
      t: 1,
      pool: 'p',
      counts: { submitted: steps, started: 0, done: 0, failed: 0, lost: 0, cancelled: 0, rejected: 0, callbacks: 0 },
      backlog: steps,
      busy: [],
      doneBySlot: [],
      runHist: hist,
      waitHist: hist,
      steps: Array.from({ length: steps }, (_, index) => ({ id: index + 1, step: 'submitted' as const, t: 1, slot: null })),
      skipped: 0,
    });
    expect(factsIn(batch(0))).toBe(1);
    expect(factsIn(batch(2_000))).toBe(2_001);
  });
});
