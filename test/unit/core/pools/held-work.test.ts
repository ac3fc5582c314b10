import { describe, expect, it } from 'vitest';
import { HeldWork, PREFETCH } from '../../../../src/core/pools/held-work';

/** A pool whose tasks have run `ms` of late. */
function ranFor(ms: number): HeldWork {
  const held = new HeldWork();
  held.ranFor(ms);
  return held;
}

describe("a worker's held tasks, filled two at a time where it holds several", () => {
  it('holds one task at a time before any has ended, and for long tasks, as before', () => {
    expect(new HeldWork().fillTo(0, null)).toBe(1);
    expect(new HeldWork().fillTo(1, null)).toBe(1);
    expect(ranFor(5).fillTo(0, null)).toBe(1);
    expect(ranFor(5).fillTo(1, null)).toBe(1);
  });

  it('fills 1 ms tasks in pairs: never fewer held than before (one next task after each end), one more at most', () => {
    const held = ranFor(1.05);
    expect(held.room(null)).toBe(2);
    // Filled to 3; after one end it holds 2 and waits (one order would be a message for one task); after the next, 1 and gets 2.
    expect(held.fillTo(0, null)).toBe(3);
    expect(held.fillTo(2, null)).toBe(2);
    expect(held.fillTo(1, null)).toBe(3);
    expect(held.fillTo(3, null)).toBe(3);
  });

  it('fills as before where there is no task more to give: PREFETCH for trivial tasks, or a worker near its maxtasksperchild within what it may still run', () => {
    const held = ranFor(0.001);
    expect(held.fillTo(0, null)).toBe(PREFETCH);
    expect(held.fillTo(PREFETCH - 1, null)).toBe(PREFETCH);
    expect(ranFor(1.05).fillTo(0, 2)).toBe(2);
    expect(ranFor(1.05).fillTo(1, 2)).toBe(2);
    expect(ranFor(1.05).fillTo(0, 0)).toBe(0);
  });
});
