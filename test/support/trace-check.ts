import { expect } from 'vitest';
import { perfettoLayout } from './perfetto-model';

/** One Chrome trace event as the exporter writes it (the fields these checks read). */
export interface TraceEvent {
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly name: string;
  readonly id?: number;
  readonly id2?: { readonly local: string };
  readonly s?: string;
  readonly bind_id?: number;
  readonly flow_out?: boolean;
  readonly flow_in?: boolean;
  readonly bp?: string;
  readonly args?: Record<string, unknown>;
}

/**
 * The structural checks of issue 8 on an exported trace: valid JSON of the Trace Event Format; integer pid
 * and tid everywhere; per thread, X slices and instants in time order and nested (no partial overlap); per
 * async track, b/e balanced like brackets, in time order; per counter, in time order; every flow a pair
 * of zero-length hand-off markers (one flow_out, then one flow_in, in time order). The releaser's marker is
 * written when the acquire is known, so it may follow later slices of its thread in the file: markers are
 * not in the per-thread file order. Then the trace as Perfetto lays it out (./perfetto-model.ts: its sort,
 * its nesting, its flow binding): nothing spilled or unbound, every thread state at the top level of its
 * thread, and every flow bound at both ends to its hand-off markers. Returns the events for the caller's
 * own checks.
 */
export function checkTrace(text: string): TraceEvent[] {
  const trace = JSON.parse(text) as { traceEvents: TraceEvent[] };
  expect(Array.isArray(trace.traceEvents)).toBe(true);
  const events = trace.traceEvents;
  const last = new Map<string, number>();
  const inOrder = (track: string, ts: number, event: TraceEvent) => {
    const before = last.get(track);
    if (before !== undefined && ts < before) throw new Error(`track ${track}: ts ${ts} after ${before}: ${JSON.stringify(event)}`);
    last.set(track, ts);
  };
  const openX = new Map<string, number[]>();
  const openAsync = new Map<string, string[]>();
  const flows = new Map<number, TraceEvent[]>();
  const flowEnd = (event: TraceEvent) => {
    expect(Number.isInteger(event.bind_id), `bind_id of ${JSON.stringify(event)}`).toBe(true);
    expect(event.dur, 'a hand-off marker has no length').toBe(0);
    flows.set(event.bind_id!, [...(flows.get(event.bind_id!) ?? []), event]);
  };
  for (const event of events) {
    expect(Number.isInteger(event.pid), `pid of ${JSON.stringify(event)}`).toBe(true);
    expect(Number.isInteger(event.tid), `tid of ${JSON.stringify(event)}`).toBe(true);
    expect(typeof event.ts).toBe('number');
    expect(typeof event.name).toBe('string');
    switch (event.ph) {
      case 'M':
        break;
      case 'X':
      case 'i': {
        if (event.ph === 'i' && event.s === 'g') break;
        if (event.cat === 'handoff') {
          flowEnd(event);
          break;
        }
        const track = `${event.pid}/${event.tid}`;
        inOrder(`thread ${track}`, event.ts, event);
        // Nesting: a slice starts inside the last open one and ends inside it too, or after it ended.
        const stack = openX.get(track) ?? [];
        while (stack.length > 0 && stack.at(-1)! <= event.ts) stack.pop();
        const end = event.ts + (event.dur ?? 0);
        if (stack.length > 0 && end > stack.at(-1)!) throw new Error(`slice partly overlaps its parent on ${track}: ${JSON.stringify(event)}`);
        if ((event.dur ?? 0) > 0) stack.push(end);
        openX.set(track, stack);
        break;
      }
      case 'b':
      case 'e':
      case 'n': {
        const track = `${event.pid}/${event.cat}/${event.id2?.local}`;
        expect(event.id2?.local, 'an async event has an id').toBeTypeOf('string');
        inOrder(`async ${track}`, event.ts, event);
        const stack = openAsync.get(track) ?? [];
        if (event.ph === 'b') stack.push(event.name);
        else if (event.ph === 'e') expect(stack.pop(), `the end of ${event.name} on ${track}`).toBe(event.name);
        openAsync.set(track, stack);
        break;
      }
      case 'C':
        inOrder(`counter ${event.pid}/${event.name}`, event.ts, event);
        expect(Object.values(event.args ?? {}).every((value) => typeof value === 'number')).toBe(true);
        break;
      default:
        throw new Error(`an event of a phase the exporter does not write: ${JSON.stringify(event)}`);
    }
  }
  for (const [track, stack] of openAsync) expect(stack, `async slices left open on ${track}`).toEqual([]);
  for (const [id, pair] of flows) {
    expect(pair.map((event) => (event.flow_out === true ? 'out' : event.flow_in === true ? 'in' : 'neither')), `flow ${id}`).toEqual(['out', 'in']);
    expect(pair[0]!.ts).toBeLessThanOrEqual(pair[1]!.ts);
  }
  const layout = perfettoLayout(events);
  expect(layout.problems, 'what Perfetto would spill or leave unbound').toEqual([]);
  const nested = layout.slices.filter((slice) => slice.depth > 0 && (slice.event.cat === 'state' || slice.event.cat === 'wait'));
  expect(nested.map((slice) => JSON.stringify(slice.event)), 'thread states Perfetto nests under another').toEqual([]);
  expect(layout.flows).toHaveLength(flows.size);
  for (const flow of layout.flows) {
    const [out, into] = flows.get(flow.from.event.bind_id ?? -1) ?? [];
    expect(flow.from.event, `flow ${flow.id} starts on its release marker`).toBe(out);
    expect(flow.to.event, `flow ${flow.id} ends on its acquire marker`).toBe(into);
  }
  return events;
}
