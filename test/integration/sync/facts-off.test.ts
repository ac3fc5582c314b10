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
  // A write's contents (sync.write), a List's first items (sync.write) and the budget bytes (sync.held) are facts too.
  await h.ok({ type: 'sync.create', primitive: { kind: 'Value', name: 'v', typecode: 'i', value: 0 } });
  await h.ok({ type: 'sync.operate', request: { op: 'value_set', name: 'v', value: 7 } });
  await h.ok({ type: 'sync.create', primitive: { kind: 'List', name: 'l', items: [1, 2] } });
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
    expect(seen.filter((event) => event.type === 'sync.write').map((event) => event.primitive)).toEqual(['v', 'l']);
    await waitFor('the budget bytes stated', () => seen.some((event) => event.type === 'sync.held'));
    expect([...harness.lab.recording().recorder.events()].some((event) => event.type === 'sync.facts')).toBe(true);
  });

  it('off: the queue works, but no fact is made, recorded or sent', async () => {
    harness = new LabHarness({}, { recordFacts: false });
    const seen = await putTwice(harness);
    expect(seen.some((event) => event.type === 'sync.facts' || event.type === 'sync.write')).toBe(false);
    // Past a lock-table sample, which would state the budget bytes with facts on.
    await new Promise<void>((resolve) => harness.lab.subscribe((events) => events.some((event) => event.type === 'metrics.cpu') && resolve()));
    expect(seen.some((event) => event.type === 'sync.held')).toBe(false);
    expect([...harness.lab.recording().recorder.events()].some((event) => event.type === 'sync.facts')).toBe(false);
    expect(harness.lab.recording().recorder.stats().recorded.hot).toBe(0);
  });
});
