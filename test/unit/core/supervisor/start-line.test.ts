import { describe, expect, it } from 'vitest';
import type { ManagedWorker } from '../../../../src/core/supervisor/managed-worker';
import { MAX_HELD_PER_WORKER, START_LINE_MAX_WAIT_MS, StartLines } from '../../../../src/core/supervisor/start-line';
import type { CheckedWorkerMessage } from '../../../../src/shared/worker-messages';
import { ManualClock } from '../sync/harness';
import { bookOf, markExited, markReady } from '../../../support/managed-worker';

function member(id: string): ManagedWorker {
  return bookOf({ id, name: id, groupId: 'g1', kind: 'thread', method: 'thread', command: null, task: { name: 'hang' }, daemon: false, detached: false, ipc: true }, new ManualClock());
}

const request = (id: number): CheckedWorkerMessage => ({ type: 'sync', id, request: { op: 'value_get', name: 'counter' } });

function line(count: number) {
  const clock = new ManualClock();
  const delivered: string[] = [];
  const lines = new StartLines(clock, (from, message) => delivered.push(`${from.descriptor.id}#${message.type === 'sync' ? message.id : '?'}`));
  const members = Array.from({ length: count }, (_, index) => member(`w${index + 1}`));
  lines.open('g1', members);
  return { clock, delivered, lines, members };
}

describe('the start line of one start', () => {
  it('holds first steps until every member has booted, then lets them go in the order they came', () => {
    const t = line(3);
    const [a, b, c] = t.members as [ManagedWorker, ManagedWorker, ManagedWorker];
    markReady(a);
    expect(t.lines.hold(a, request(1))).toBe(true);
    markReady(b);
    expect(t.lines.hold(b, request(1))).toBe(true);
    t.lines.booted(b);
    expect(t.delivered).toEqual([]);
    markExited(c, 0);
    t.lines.booted(c);
    expect(t.delivered).toEqual(['w1#1', 'w2#1']);
    // Open now: nothing more is held.
    expect(t.lines.hold(a, request(2))).toBe(false);
  });

  it('holds only a few messages per worker: a script that fires many is not held without bound', () => {
    const t = line(2);
    const [a] = t.members as [ManagedWorker];
    for (let id = 1; id <= MAX_HELD_PER_WORKER; id++) expect(t.lines.hold(a, request(id))).toBe(true);
    expect(t.lines.hold(a, request(99))).toBe(false);
  });

  it('opens by itself once its first message has waited START_LINE_MAX_WAIT_MS, if a member never boots', () => {
    const t = line(2);
    const [a] = t.members as [ManagedWorker];
    markReady(a);
    t.lines.hold(a, request(1));
    t.clock.advance(START_LINE_MAX_WAIT_MS - 1);
    expect(t.delivered).toEqual([]);
    t.clock.advance(1);
    expect(t.delivered).toEqual(['w1#1']);
    expect(t.clock.pending).toBe(0);
  });

  it('counts its deadline from its last move: members still booting one by one keep it closed', () => {
    const t = line(3);
    const [a, b] = t.members as [ManagedWorker, ManagedWorker];
    markReady(a);
    t.lines.hold(a, request(1));
    t.clock.advance(START_LINE_MAX_WAIT_MS - 1);
    markReady(b);
    t.lines.booted(b);
    t.clock.advance(START_LINE_MAX_WAIT_MS - 1);
    expect(t.delivered).toEqual([]);
    // Then the third never boots: the line opens START_LINE_MAX_WAIT_MS after b did.
    t.clock.advance(1);
    expect(t.delivered).toEqual(['w1#1']);
    expect(t.clock.pending).toBe(0);
  });

  it('is no line at all for a start of one', () => {
    const clock = new ManualClock();
    const lines = new StartLines(clock, () => undefined);
    const only = member('w1');
    lines.open('g1', [only]);
    expect(lines.hold(only, request(1))).toBe(false);
  });
});
