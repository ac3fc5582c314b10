import { describe, expect, it } from 'vitest';
import { blockedBadge, blockedWorkers, describeBlockedOn, joinsOn } from '../../../src/renderer/model/blocked-on';
import type { WorkerView } from '../../../src/shared/lab-state';

const worker = (id: string, name: string, extra: Partial<WorkerView> = {}) => ({ id, name, exit: null, joining: null, ...extra }) as unknown as WorkerView;

describe("a worker's row while it waits in a join", () => {
  it('says whom it joins, for how long, and its timeout', () => {
    const workers = { 'w1.1': worker('w1.1', 'MainThread', { joining: { target: 'w1.2', since: 1_000, timeoutMs: 2_000 } }), 'w1.2': worker('w1.2', 'counter-1') };
    const blocked = blockedWorkers([], joinsOn(workers)).get('w1.1')!;
    expect(blockedBadge(blocked)).toBe('joins counter-1');
    expect(describeBlockedOn(blocked, 3_100, (id) => workers[id as keyof typeof workers]?.name ?? id)).toMatch(/^join counter-1 for 2\.1 s \(timeout 2(\.0)? s\)$/);
  });

  it('leaves out an ended joiner', () => {
    expect(joinsOn({ w1: worker('w1', 'main', { joining: { target: 'w2', since: 0, timeoutMs: null }, exit: { at: 1 } as never }) })).toEqual([]);
  });
});
