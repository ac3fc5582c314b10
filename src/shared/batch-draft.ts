import { LOG_LIMIT, type LabState, type WorkerView } from './lab-state';
import { appendOutput, EMPTY_OUTPUT, OUTPUT_TOTAL_CHARS, type OutputChunk, type WorkerOutput } from './output';
import { createdStates, type Origin } from './primitive-fold';
import type { PrimitiveState } from './primitive-state';
import type { LabEvent } from './protocol';
import type { CreatePrimitive } from './sync';

/**
 * The state while a batch of events is folded (reducer.ts `reduceBatch`): copy-on-first-write. The first
 * change to the workers map, to a worker, to the output tails or to the log in a batch copies it once; later
 * changes in the same batch write into that copy. A batch of 1,000 events touching 10 workers copies the
 * workers map once and each of the 10 workers once, not 1,000 times. Nothing the batch started from is ever
 * written: only copies this draft made itself.
 */
export class BatchDraft {
  private state: LabState;
  private workers: Record<string, WorkerView> | null = null;
  private readonly ownWorkers = new Set<string>();
  /** Worker ids are never integer-like ("w12"), so a Map's order is the object's: least recent first. */
  private outputs: Map<string, WorkerOutput> | null = null;
  private outputChars = 0;
  private outputVersion = 0;
  private madeTails: { from: Map<string, WorkerOutput>; version: number; tails: LabState['output'] } | null = null;
  private log: LabEvent[] | null = null;
  /** Primitives created in this batch go into one copy of the states and the creation list (a program making 8,000 Locks: not 8,000 copies of both). */
  private primitiveStates: Record<string, PrimitiveState> | null = null;
  private created: CreatePrimitive[] | null = null;
  private now: number;

  constructor(start: LabState) {
    this.state = start;
    this.now = start.now;
  }

  /** A worker's fields changed, as reducer.ts `update` does it; an unknown worker changes nothing. */
  updateWorker(workerId: string, change: (worker: WorkerView) => Partial<WorkerView>): void {
    const workers = (this.workers ??= { ...this.state.workers });
    const worker = workers[workerId];
    if (worker === undefined) return;
    if (this.ownWorkers.has(workerId)) Object.assign(worker, change(worker));
    else {
      workers[workerId] = { ...worker, ...change(worker) };
      this.ownWorkers.add(workerId);
    }
  }

  /** output.ts `appendTail`, in place: the worker moves last, the least recent go while all hold too much. */
  appendOutput(workerId: string, chunk: OutputChunk): void {
    if (this.outputs === null) {
      this.outputs = new Map(Object.entries(this.state.output.byWorker));
      this.outputChars = this.state.output.chars;
    }
    const outputs = this.outputs;
    const before = outputs.get(workerId);
    const after = appendOutput(before ?? EMPTY_OUTPUT, chunk);
    if (after === (before ?? EMPTY_OUTPUT)) return;
    this.outputVersion += 1;
    outputs.delete(workerId);
    outputs.set(workerId, after);
    this.outputChars += charsOf(after) - (before === undefined ? 0 : charsOf(before));
    for (const [id, output] of outputs) {
      if (this.outputChars <= OUTPUT_TOTAL_CHARS || id === workerId) break;
      this.outputChars -= charsOf(output);
      outputs.delete(id);
    }
  }

  /** A `sync.created`, as reducer.ts `withCreatedFrom` does it, in this batch's own copies. */
  createPrimitive(spec: CreatePrimitive, origin: Origin): void {
    const states = (this.primitiveStates ??= { ...this.state.sync.states });
    for (const state of createdStates(spec, origin)) states[state.name] = state;
    (this.created ??= [...this.state.sync.created]).push(spec);
  }

  appendLog(event: LabEvent): void {
    const log = (this.log ??= [...this.state.log]);
    log.push(event);
    // Trimmed now and then, not per event: a huge batch must not hold more than twice the log.
    if (log.length > 2 * LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
  }

  advance(t: number): void {
    this.now = Math.max(this.now, t);
  }

  /** The state as it stands, for the pure one-event path; `adopt` its result. */
  current(): LabState {
    const log = this.log === null ? this.state.log : this.trimmedLog(this.log);
    const output = this.outputs === null ? this.state.output : this.tails(this.outputs);
    const sync =
      this.primitiveStates === null && this.created === null
        ? this.state.sync
        : { ...this.state.sync, states: this.primitiveStates ?? this.state.sync.states, created: this.created ?? this.state.sync.created };
    return { ...this.state, workers: this.workers ?? this.state.workers, output, log, sync, now: this.now };
  }

  /**
   * The pure path's result becomes the draft. Whatever it copied is not known to be this draft's own, so
   * the next write copies again (never writes into something another state may share).
   */
  adopt(next: LabState): void {
    const seen = this.current();
    if (next.workers !== seen.workers) {
      this.workers = null;
      this.ownWorkers.clear();
    }
    if (next.output !== seen.output) this.outputs = null;
    if (next.log !== seen.log) this.log = null;
    if (next.sync.states !== seen.sync.states) this.primitiveStates = null;
    if (next.sync.created !== seen.sync.created) this.created = null;
    this.state = next;
    this.now = next.now;
  }

  finish(): LabState {
    return this.current();
  }

  /** The tails as the state holds them, made again only when they changed since the last time. */
  private tails(outputs: Map<string, WorkerOutput>): LabState['output'] {
    if (this.madeTails?.from !== outputs || this.madeTails.version !== this.outputVersion) {
      this.madeTails = { from: outputs, version: this.outputVersion, tails: { byWorker: Object.fromEntries(outputs), chars: this.outputChars } };
    }
    return this.madeTails.tails;
  }

  private trimmedLog(log: LabEvent[]): LabEvent[] {
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
    return log;
  }
}

const charsOf = (output: WorkerOutput): number => output.chars.stdout + output.chars.stderr;
