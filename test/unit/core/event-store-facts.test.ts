import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../src/core/event-store';
import { SYNC_FACTS_PER_EVENT, syncFactSchema } from '../../../src/shared/fact-schema';
import type { LabEvent } from '../../../src/shared/protocol';
import { serverMessageSchema } from '../../../src/shared/protocol';
import { ManualClock } from './sync/harness';

const acquired = (t: number, actor: string) => ({ t, actor, primitive: 'lockA', op: 'lock.acquired', count: 1 }) as const;

describe('sync facts reach the pages in sync.facts events, in the order they happened', () => {
  it('sends the facts of a turn before a later event, batched, and valid to a page', async () => {
    const store = new EventStore(new ManualClock());
    const seen: LabEvent[] = [];
    store.subscribe((batch) => seen.push(...batch));
    store.fact(acquired(1, 'w1'));
    store.fact({ t: 2, actor: 'w2', primitive: 'lockA', op: 'lock.waiting', timeoutMs: -1 });
    store.emit({ type: 'deadlock.cleared' });
    store.fact({ t: 3, actor: 'w1', primitive: 'lockA', op: 'lock.released', count: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.map((event) => event.type)).toEqual(['sync.facts', 'deadlock.cleared', 'sync.facts']);
    const first = seen[0] as Extract<LabEvent, { type: 'sync.facts' }>;
    expect(first.facts.map((fact) => fact.op)).toEqual(['lock.acquired', 'lock.waiting']);
    expect(serverMessageSchema.safeParse({ type: 'events', events: seen }).success).toBe(true);
  });

  it('splits a busy turn into events of at most SYNC_FACTS_PER_EVENT facts', async () => {
    const store = new EventStore(new ManualClock());
    const seen: LabEvent[] = [];
    store.subscribe((batch) => seen.push(...batch));
    for (let i = 0; i < SYNC_FACTS_PER_EVENT * 2 + 5; i++) store.fact(acquired(i, 'w1'));
    await new Promise((resolve) => setImmediate(resolve));
    const sizes = seen.map((event) => (event.type === 'sync.facts' ? event.facts.length : -1));
    expect(sizes).toEqual([SYNC_FACTS_PER_EVENT, SYNC_FACTS_PER_EVENT, 5]);
  });

  it('refuses a fact whose number does not belong to its op', () => {
    expect(syncFactSchema.safeParse(acquired(1, 'w1')).success).toBe(true);
    expect(syncFactSchema.safeParse({ t: 1, actor: 'w1', primitive: 'lockA', op: 'lock.acquired' }).success).toBe(false);
    expect(syncFactSchema.safeParse({ t: 1, actor: 'w1', primitive: 'lockA', op: 'lock.waiting', count: 1 }).success).toBe(false);
    expect(syncFactSchema.safeParse({ t: 1, actor: 'w1', primitive: 'lockA', op: 'lock.exploded' }).success).toBe(false);
  });
});
