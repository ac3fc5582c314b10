import { describe, expect, it } from 'vitest';
import { timeoutArg, type SyncFact, type SyncFactBody } from '../../../../src/shared/facts';
import type { LabEvent } from '../../../../src/shared/protocol';
import { rowsOf } from '../../../../src/renderer/timeline/geometry';
import { LOCK_LANES_IN_CREATION_ORDER } from '../../../../src/renderer/timeline/lock-order';
import { TimelineLanes } from '../../../../src/renderer/timeline/timeline-lanes';
import { descriptor, eventStream, HOST_PID, labStarted } from '../../shared/event-factory';

/** The lock lanes' labels, top to bottom, as the timeline lays them out. */
const lockRows = (lanes: TimelineLanes): string[] => rowsOf(lanes).rows.flatMap((row) => (row.kind === 'lock' ? [row.lane.label] : []));

function labWithLocks(count: number) {
  const s = eventStream();
  const facts = (...list: SyncFactBody[]): LabEvent => s.event({ type: 'sync.facts', facts: list.map((fact) => ({ ...fact, t: 1_000_000 }) as SyncFact) });
  const lanes = new TimelineLanes();
  lanes.append([
    s.event(labStarted()),
    ...Array.from({ length: count }, (_, i) => s.event({ type: 'sync.created', primitive: { kind: 'Lock', name: `lock${i}` } })),
    ...['a', 'b'].flatMap((id) => [
      s.event({ type: 'worker.starting', worker: descriptor(id, { name: `dl-${id}-1`, kind: 'thread', method: 'thread' }) }),
      s.event({ type: 'worker.ready', workerId: id, pid: HOST_PID, ppid: 1, tid: id === 'a' ? 501 : 502, latencyMs: 10 }),
    ]),
  ]);
  return { lanes, facts };
}

describe('the order of the lock lanes', () => {
  it('with many locks, puts the ones waited for first, then the held ones, then the free ones, each in creation order', () => {
    const { lanes, facts } = labWithLocks(1_000);
    expect(lockRows(lanes).slice(0, 3)).toEqual(['lock0', 'lock1', 'lock2']);
    // A deadlock on the last two locks, and a third held by nobody waiting.
    lanes.append([
      facts(
        { op: 'lock.acquired', actor: 'a', primitive: 'lock998', count: 1 },
        { op: 'lock.acquired', actor: 'b', primitive: 'lock999', count: 1 },
        { op: 'lock.acquired', actor: 'b', primitive: 'lock500', count: 1 },
        { op: 'lock.waiting', actor: 'a', primitive: 'lock999', timeoutMs: timeoutArg(null) },
        { op: 'lock.waiting', actor: 'b', primitive: 'lock998', timeoutMs: timeoutArg(null) },
      ),
    ]);
    const rows = lockRows(lanes);
    expect(rows.slice(0, 5)).toEqual(['lock998', 'lock999', 'lock500', 'lock0', 'lock1']);
    expect(rows).toHaveLength(1_000);
    expect(new Set(rows).size).toBe(1_000);

    // Freed, a lock goes back to its place.
    lanes.append([facts({ op: 'lock.released', actor: 'b', primitive: 'lock500', count: 0 })]);
    expect(lockRows(lanes).slice(0, 4)).toEqual(['lock998', 'lock999', 'lock0', 'lock1']);
  });

  it("with a demo's few locks, keeps them in creation order whoever holds them", () => {
    const { lanes, facts } = labWithLocks(LOCK_LANES_IN_CREATION_ORDER);
    const last = `lock${LOCK_LANES_IN_CREATION_ORDER - 1}`;
    lanes.append([
      facts({ op: 'lock.acquired', actor: 'a', primitive: last, count: 1 }, { op: 'lock.waiting', actor: 'b', primitive: last, timeoutMs: timeoutArg(null) }),
    ]);
    expect(lockRows(lanes)).toEqual(Array.from({ length: LOCK_LANES_IN_CREATION_ORDER }, (_, i) => `lock${i}`));
  });
});
