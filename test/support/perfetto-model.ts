import type { TraceEvent } from './trace-check';

/**
 * How Perfetto's JSON importer lays out a trace's thread slices and binds its flows, modelled on its source
 * (google/perfetto ec5d16b, src/trace_processor; /work/notes/perfetto-review.md has the lines):
 * - the sorter orders by (ts, key, file position), key E: lowest, X: -dur, anything else: 0, so at one µs
 *   every X with a length comes before the rest, which keep file order (sorter/trace_sorter.h SlowOperatorLess);
 * - a thread's slices stack: the top is popped if it ended before the new slice, or at its start unless both
 *   are zero-length; a slice that starts inside the top and ends after it is spilled, not nested
 *   (importers/common/slice_tracker.cc MaybeCloseStack);
 * - a v2 flow end (bind_id, flow_out / flow_in) binds to the slice it is on; a v1 `s` to the thread's top
 *   slice; a v1 `f` without bp:e to the next slice that begins on its thread, with bp:e to the top one
 *   (importers/json/json_trace_parser.cc, importers/common/flow_tracker.cc).
 */
export interface PerfettoSlice {
  readonly event: TraceEvent;
  /** 0 for a slice at the top level of its thread. */
  readonly depth: number;
}

export interface PerfettoFlow {
  readonly id: string;
  readonly from: PerfettoSlice;
  readonly to: PerfettoSlice;
}

export interface PerfettoLayout {
  readonly slices: readonly PerfettoSlice[];
  readonly flows: readonly PerfettoFlow[];
  /** What Perfetto would drop or count as an error: spilled slices, flow ends with nothing to bind to. */
  readonly problems: readonly string[];
}

const keyOf = (event: TraceEvent): number => (event.ph === 'E' ? -Infinity : event.ph === 'X' ? -(event.dur ?? 0) : 0);
const isThreadSlice = (event: TraceEvent) => event.ph === 'X' || (event.ph === 'i' && (event.s ?? 't') === 't');

export function perfettoLayout(events: readonly TraceEvent[]): PerfettoLayout {
  const order = events.map((event, index) => ({ event, index }));
  order.sort((a, b) => a.event.ts - b.event.ts || keyOf(a.event) - keyOf(b.event) || a.index - b.index);
  const slices: PerfettoSlice[] = [];
  const flows: PerfettoFlow[] = [];
  const problems: string[] = [];
  const stacks = new Map<string, PerfettoSlice[]>();
  const started = new Map<string, PerfettoSlice>();
  const waitingForNext = new Map<string, string[]>();
  const finish = (id: string, to: PerfettoSlice) => {
    const from = started.get(id);
    if (from === undefined) problems.push(`flow ${id} ends before it starts`);
    else flows.push({ id, from, to });
  };
  for (const { event } of order) {
    const track = `${event.pid}/${event.tid}`;
    const stack = stacks.get(track) ?? [];
    stacks.set(track, stack);
    if (isThreadSlice(event)) {
      const dur = event.dur ?? 0;
      for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
        const end = top.event.ts + (top.event.dur ?? 0);
        if (end < event.ts || (end === event.ts && !((top.event.dur ?? 0) === 0 && dur === 0))) stack.pop();
        else break;
      }
      const parent = stack.at(-1);
      if (parent !== undefined && event.ts + dur > parent.event.ts + (parent.event.dur ?? 0)) {
        problems.push(`spilled (partly overlaps ${parent.event.name}): ${JSON.stringify(event)}`);
        continue;
      }
      const slice = { event, depth: stack.length };
      stack.push(slice);
      slices.push(slice);
      for (const id of waitingForNext.get(track) ?? []) finish(id, slice);
      waitingForNext.delete(track);
      if (event.bind_id !== undefined && event.flow_out === true) started.set(`v2:${event.bind_id}`, slice);
      if (event.bind_id !== undefined && event.flow_in === true) finish(`v2:${event.bind_id}`, slice);
      continue;
    }
    if (event.ph !== 's' && event.ph !== 'f') continue;
    const id = `v1:${event.id}:${event.cat}:${event.name}`;
    const top = stack.at(-1);
    if (event.ph === 's') {
      if (top === undefined) problems.push(`flow ${id} starts with no enclosing slice`);
      else started.set(id, top);
    } else if (event.bp === 'e') {
      if (top === undefined) problems.push(`flow ${id} ends with no enclosing slice`);
      else finish(id, top);
    } else waitingForNext.set(track, [...(waitingForNext.get(track) ?? []), id]);
  }
  for (const ids of waitingForNext.values()) for (const id of ids) problems.push(`flow ${id} never bound (no slice after its end)`);
  return { slices, flows, problems };
}
