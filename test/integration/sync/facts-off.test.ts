import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The bench's "facts off" side (LabOptions.recordFacts: false, bench/recording.bench.ts): the broker makes
 * no sync fact, so none is recorded or sent to a page; the primitives still work.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

async function putTwice(h: LabHarness): Promise<LabEvent[]> {
  const seen: LabEvent[] = [];
  h.lab.subscribe((events) => seen.push(...events));
  await h.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'q', maxsize: 0 } });
  await h.ok({ type: 'sync.operate', request: { op: 'put', name: 'q', item: 'a' } });
  await h.ok({ type: 'sync.operate', request: { op: 'put', name: 'q', item: 'b' } });
  expect(h.lab.primitives().find((primitive) => primitive.name === 'q')?.depth).toBe(2);
  // Facts go out before any later event: once a later primitive's creation is seen, any fact of the puts was.
  await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'after' } });
  await waitFor('a later event', () => seen.some((event) => event.type === 'sync.created' && event.primitive.name === 'after'));
  return seen;
}

describe('facts off (the bench only)', () => {
  it('on, the default: each put is a fact, recorded and sent', async () => {
    harness = new LabHarness();
    const seen = await putTwice(harness);
    expect(seen.filter((event) => event.type === 'sync.facts').flatMap((event) => event.facts).filter((fact) => fact.op === 'queue.put')).toHaveLength(2);
    expect([...harness.lab.recording().recorder.events()].some((event) => event.type === 'sync.facts')).toBe(true);
  });

  it('off: the queue works, but no fact is made, recorded or sent', async () => {
    harness = new LabHarness({}, { recordFacts: false });
    const seen = await putTwice(harness);
    expect(seen.some((event) => event.type === 'sync.facts')).toBe(false);
    expect([...harness.lab.recording().recorder.events()].some((event) => event.type === 'sync.facts')).toBe(false);
    expect(harness.lab.recording().recorder.stats().recorded.hot).toBe(0);
  });
});
