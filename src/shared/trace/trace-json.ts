/**
 * The few pieces of Chrome trace event JSON the exporter writes (the Trace Event Format that
 * ui.perfetto.dev opens), each one event object on a line, built as text: an export of a million facts
 * writes millions of events, and JSON.stringify of an object per event would cost most of its time.
 */

/** Names repeat (a lock, a worker, a state): each is quoted, with JSON's escaping, once. */
export class QuotedNames {
  private readonly quoted = new Map<string, string>();

  of(name: string): string {
    let text = this.quoted.get(name);
    if (text === undefined) {
      text = JSON.stringify(name);
      // Bounded by the distinct names of a run (workers, primitives, states), never by its length.
      this.quoted.set(name, text);
    }
    return text;
  }
}

/** A thread of a process: where a slice, an instant or a flow is drawn. */
export interface TraceThread {
  readonly pid: number;
  readonly tid: number;
}

/** Microseconds, as the format wants them; whole numbers (the lab's clock counts milliseconds). */
export type Micros = number;

/** `"args":{...}` from pairs already written as JSON ("\"count\":2"), or nothing. */
export function argsOf(args: string | undefined): string {
  return args === undefined ? '' : `,"args":{${args}}`;
}

/** A complete slice (`X`): a thread was in one state from `ts` for `dur`. */
export function completeSlice(thread: TraceThread, ts: Micros, dur: Micros, cat: string, name: string, args?: string): string {
  return `{"ph":"X","pid":${thread.pid},"tid":${thread.tid},"ts":${ts},"dur":${dur},"cat":"${cat}","name":${name}${argsOf(args)}}`;
}

/** An instant on a thread (`i`, scope t) or for the whole trace (scope g). */
export function instant(thread: TraceThread, ts: Micros, scope: 't' | 'g', cat: string, name: string, args?: string): string {
  return `{"ph":"i","s":"${scope}","pid":${thread.pid},"tid":${thread.tid},"ts":${ts},"cat":"${cat}","name":${name}${argsOf(args)}}`;
}

/**
 * A nestable async event (`b` begin, `e` end, `n` instant) on the track of `id` within process `pid`
 * (id2.local: the track belongs to that process, and Perfetto draws it in its group).
 */
export function asyncEvent(phase: 'b' | 'e' | 'n', pid: number, ts: Micros, cat: string, id: string, name: string, args?: string): string {
  return `{"ph":"${phase}","pid":${pid},"tid":${pid},"ts":${ts},"cat":"${cat}","id2":{"local":${id}},"name":${name}${argsOf(args)}}`;
}

/** A counter sample (`C`): each arg is one series, drawn by Perfetto as "<name> <arg>". */
export function counter(pid: number, ts: Micros, name: string, args: string): string {
  return `{"ph":"C","pid":${pid},"tid":${pid},"ts":${ts},"name":${name},"args":{${args}}}`;
}

/**
 * One end of a hand-off's flow arrow: a zero-length slice on the thread at the moment it let go (`out`) or
 * took over (`in`), carrying the flow (v2: bind_id with flow_out or flow_in), so Perfetto binds the arrow
 * to this slice and draws it from the release to the acquire. A zero-length X sorts with the events that
 * are not slices, by file order, at its µs; so the slice is the top of its thread when Perfetto binds, and
 * the release's end is parsed before the acquire's (it is written first, no later in time).
 */
export function handOffMarker(thread: TraceThread, ts: Micros, name: string, bindId: number, end: 'out' | 'in'): string {
  return `{"ph":"X","pid":${thread.pid},"tid":${thread.tid},"ts":${ts},"dur":0,"cat":"handoff","name":${name},"bind_id":${bindId},"flow_${end}":true}`;
}

/** Metadata (`M`): a process's or thread's name, or its place in the list. */
export function metadata(thread: TraceThread, name: 'process_name' | 'thread_name' | 'process_sort_index' | 'thread_sort_index', args: string): string {
  return `{"ph":"M","pid":${thread.pid},"tid":${thread.tid},"ts":0,"name":"${name}","args":{${args}}}`;
}
