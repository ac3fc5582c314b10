import { expect } from 'vitest';
import { HOST, type QueueRing } from '../../src/shared/queue-ring';

/** Runs `work` inside the ring's section as the host, as the broker does (the section must be free). */
export function inside<T>(ring: QueueRing, work: () => T): T {
  expect(ring.enter(HOST, 0)).toBe(true);
  try {
    return work();
  } finally {
    ring.leave();
  }
}
