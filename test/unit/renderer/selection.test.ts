import { describe, expect, it } from 'vitest';
import { moveSelection, selectionAfterWorkersChanged, type Selection } from '../../../src/renderer/model/selection';

describe('the selection as workers come and go', () => {
  const w3: Selection = { kind: 'worker', workerId: 'w3' };

  it('is cleared when the selected worker is closed (it was there, and is gone)', () => {
    expect(selectionAfterWorkersChanged(w3, { w3: {}, w4: {} }, { w4: {} })).toBeNull();
  });

  it('stays on a worker just started that has not appeared yet, and on one still there', () => {
    expect(selectionAfterWorkersChanged(w3, {}, {})).toBe(w3);
    expect(selectionAfterWorkersChanged(w3, { w3: {} }, { w3: {}, w4: {} })).toBe(w3);
  });

  it('leaves a process or thread selection alone', () => {
    const process: Selection = { kind: 'process', pid: 42 };
    expect(selectionAfterWorkersChanged(process, { w3: {} }, {})).toBe(process);
    expect(moveSelection([process], null, 1)).toBe(process);
  });
});
