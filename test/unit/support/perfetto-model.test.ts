import { describe, expect, it } from 'vitest';
import { perfettoLayout } from '../../support/perfetto-model';
import type { TraceEvent } from '../../support/trace-check';

/**
 * The model of Perfetto's import that the export's checks rely on, against what Perfetto itself does: its own
 * diff test of X order, and the misplaced flows and nested zero-length states the review found in a real
 * export (/work/notes/perfetto-review.md, items 1, 2 and 7).
 */
const x = (tid: number, ts: number, dur: number, name: string, more: Partial<TraceEvent> = {}): TraceEvent => ({ ph: 'X', pid: 1, tid, ts, dur, name, cat: 'state', ...more });
const where = (slice: { event: TraceEvent; depth: number }) => `${slice.event.name}@${slice.event.ts} depth ${slice.depth}`;

describe('Perfetto layout model', () => {
  it('parses the longer X first at one µs whatever the file order (Perfetto test_x_event_order)', () => {
    const layout = perfettoLayout([x(1, 0, 5, 'Child'), x(1, 0, 10, 'Parent')]);
    expect(layout.slices.map(where)).toEqual(['Parent@0 depth 0', 'Child@0 depth 1']);
  });

  it('nests a zero-length state under the state that starts at its µs', () => {
    const layout = perfettoLayout([x(1, 0, 10, 'running'), x(1, 10, 0, 'blocked on L'), x(1, 10, 5, 'running')]);
    expect(layout.slices.map(where)).toEqual(['running@0 depth 0', 'running@10 depth 0', 'blocked on L@10 depth 1']);
  });

  it('binds a v1 s to the enclosing slice and an f to the slice after the one at its µs', () => {
    const layout = perfettoLayout([
      x(1, 0, 20, 'running'),
      x(2, 0, 10, 'blocked on L'),
      { ph: 's', pid: 1, tid: 1, ts: 10, cat: 'handoff', id: 1, name: 'L handed over' },
      { ph: 'f', pid: 1, tid: 2, ts: 10, cat: 'handoff', id: 1, name: 'L handed over' },
      x(2, 10, 5, 'running'),
      { ph: 'i', s: 't', pid: 1, tid: 2, ts: 15, name: 'exited with 0' },
    ]);
    expect(layout.flows.map((flow) => [where(flow.from), where(flow.to)])).toEqual([['running@0 depth 0', 'exited with 0@15 depth 0']]);
  });

  it('binds v2 flow ends to their own slices, and reports a lone s with nothing to bind to', () => {
    const layout = perfettoLayout([
      x(1, 0, 20, 'running'),
      x(1, 10, 0, 'hands over L', { cat: 'handoff', bind_id: 7, flow_out: true }),
      x(2, 10, 5, 'running'),
      x(2, 10, 0, 'takes L', { cat: 'handoff', bind_id: 7, flow_in: true }),
      { ph: 's', pid: 1, tid: 3, ts: 12, cat: 'handoff', id: 2, name: 'M handed over' },
    ]);
    expect(layout.flows.map((flow) => [where(flow.from), where(flow.to)])).toEqual([['hands over L@10 depth 1', 'takes L@10 depth 1']]);
    expect(layout.problems).toEqual(['flow v1:2:handoff:M handed over starts with no enclosing slice']);
  });

  it('spills a slice that starts inside another and ends after it', () => {
    expect(perfettoLayout([x(1, 0, 10, 'a'), x(1, 5, 10, 'b')]).problems).toHaveLength(1);
  });
});
