import { PrimitiveFold } from '../../shared/primitive-fold';
import type { LabEvent } from '../../shared/protocol';
import type { ProcessSample } from '../../shared/samples';
import type { ScenarioCheck } from '../../shared/scenario';
import type { CheckProgress, CheckState } from '../../shared/scenario-run';
import { assertNever } from '../../shared/assert-never';
import { firstMatch, MATCH_BUDGET_MS } from './bounded-match';
import { OutputLines } from './output-lines';
import { PrimitiveMeasures } from './primitive-measures';
import type { RunMembers } from './run-members';
import { fillVerdict, formatNumber, meets, type VerdictWords } from './verdict-words';

/**
 * After the program ended, what a check decided at the end waits for before it decides: the last output
 * chunks, a child's exit code reaped by its parent, the last process sample. Events, not a sleep: the
 * runner's tick reads the facts' clock.
 */
export const SETTLE_MS = 1_000;
/** A process sample counts toward `cores` when the program kept at least this much of one core busy (percent). */
export const BUSY_PERCENT = 25;
/** Busy samples needed before `cores` can say anything. */
export const CORES_SAMPLES_MIN = 2;
/** Busy samples kept: a run at its limit (600 s) sampled every 50 ms. */
const BUSY_SAMPLES_KEPT = 12_000;

/**
 * The middle of the busy samples, not their mean: the samples that see the program's processes start and
 * end one after the other (one of two still counting) are few, and do not move it.
 */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * One variant's check, evaluated live over the lab's events (docs/scenarios.md, "Checks"): fed every event
 * in order and ticked with the facts' clock, it says at each step where the check stands, with the
 * scenario's verdict sentence filled in. Decided once: pass or fail, then it stays.
 */
export class CheckWatch {
  private state: CheckState = 'pending';
  private value: string | null = null;
  private words: VerdictWords = {};
  /** Why the check could not be decided by its own rule (its pattern too slow): told instead of its verdict. */
  private undecidable: string | null = null;
  private readonly lines: OutputLines;
  private readonly pattern: RegExp | null;
  private readonly fold = new PrimitiveFold();
  private readonly measures: PrimitiveMeasures | null;
  /** The program's CPU in each sample in which it was busy, percent of one core (at most BUSY_SAMPLES_KEPT). */
  private readonly busy: number[] = [];
  /** The same, of the CPU it wanted (`measure: wanted`), in the samples where that is known for every busy process. */
  private readonly busyWanted: number[] = [];

  constructor(
    readonly check: ScenarioCheck,
    private readonly members: RunMembers,
    /** When the run started (the facts' clock). */
    private readonly startedAt: number,
  ) {
    this.lines = new OutputLines(check.kind === 'printed' ? check.stream : 'stdout');
    this.pattern = check.kind === 'printed' ? new RegExp(check.pattern) : null;
    const watched = check.kind === 'primitive' ? check.name : check.kind === 'value' ? check.primitive : check.kind === 'ends' ? check.waitingOn : undefined;
    this.measures = watched === undefined ? null : new PrimitiveMeasures(watched, this.fold);
  }

  get decided(): boolean {
    return this.state !== 'pending';
  }

  progress(): CheckProgress {
    const { verdict } = this.check;
    if (this.undecidable !== null) return { state: this.state, verdict: this.undecidable, value: this.value, retries: this.check.retries };
    const template = this.state === 'pass' ? verdict.pass : this.state === 'fail' ? verdict.fail : (verdict.pending ?? 'watching: {expected}');
    return { state: this.state, verdict: fillVerdict(template, this.check, { value: this.value, ...this.words }), value: this.value, retries: this.check.retries };
  }

  /** One event; true when the progress changed. */
  observe(event: LabEvent): boolean {
    if (this.decided) return false;
    this.measures?.observe(event);
    const before = this.value;
    const changed = this.observeKind(event);
    return changed || before !== this.value;
  }

  /** Time passed (the facts' clock): a limit, a hang's seconds, the end settled. True when the progress changed. */
  tick(now: number): boolean {
    if (this.decided) return false;
    const check = this.check;
    const elapsed = (now - this.startedAt) / 1000;
    if (check.kind === 'ends') {
      const running = this.members.endedAt === null;
      if (check.expect === 'finishes' && running && elapsed > check.seconds) return this.decide(false, `still running after ${check.seconds} s`, { seconds: elapsed });
      if (check.expect === 'hangs' && running && elapsed >= check.seconds) {
        const waiting = check.waitingOn === undefined || this.measures!.waitersAmong((actor) => this.members.has(actor)) > 0;
        return this.decide(waiting, waiting ? `still waiting after ${check.seconds} s` : `running, but not waiting on ${check.waitingOn}`, { seconds: elapsed });
      }
    }
    const ended = this.members.endedAt;
    if (ended !== null && now - ended >= SETTLE_MS) return this.atEnd(ended);
    if (elapsed > check.limit) return this.decide(false, this.value ?? `undecided after ${check.limit} s`, { seconds: elapsed });
    return false;
  }

  private observeKind(event: LabEvent): boolean {
    const check = this.check;
    switch (check.kind) {
      case 'printed':
        if (event.type !== 'worker.output' || !this.members.has(event.workerId)) return false;
        return this.printed(this.lines.push(event.workerId, event.stream, event.text));
      case 'deadlock':
        if (event.type !== 'deadlock.detected' || !event.cycle.some((step) => this.members.has(step.workerId))) return false;
        this.value = String(event.cycle.length);
        this.words = { worker: event.cycle.map((step) => this.members.nameOf(step.workerId)).join(', ') };
        if (check.expect === 'none') return this.decide(false, this.value);
        return this.decide(check.cycle === undefined || check.cycle === event.cycle.length, this.value);
      case 'cores':
        if (event.type === 'metrics.processes') this.sampled(event.processes);
        return false;
      case 'exit': {
        if (event.type !== 'worker.exited' || this.members.byName(check.worker) !== event.workerId) return false;
        return this.decide(meets(check, event.exitCode), String(event.exitCode), { worker: check.worker });
      }
      case 'ends':
        if (check.expect !== 'finishes' || this.members.endedAt === null) return false;
        return this.finished(this.members.endedAt, check.seconds);
      case 'value':
      case 'primitive': {
        const measured = check.kind === 'value' ? this.measures!.number(check.key) : this.measures!.measure(check.measure);
        if (measured !== null) this.value = formatNumber(measured);
        return false;
      }
      default:
        return assertNever(check);
    }
  }

  /** Whole lines printed: the first that matches decides. */
  private printed(lines: readonly string[]): boolean {
    const check = this.check;
    if (check.kind !== 'printed' || this.pattern === null) return false;
    const match = firstMatch(this.pattern, lines);
    if (match === 'too slow') {
      this.undecidable = `the check's pattern ${JSON.stringify(check.pattern.slice(0, 60))} took more than ${MATCH_BUDGET_MS} ms on one chunk of the program's output: it backtracks too much (a repetition inside a repetition, such as (a+)+); write it without, and run again`;
      return this.decide(false, 'pattern too slow');
    }
    if (match === null) return false;
    const found = match[1] ?? match[0];
    this.value = found.slice(0, 200);
    const number = Number(found);
    const bounded = check.equals !== undefined || check.notEquals !== undefined || check.atLeast !== undefined || check.atMost !== undefined;
    if (bounded && !Number.isFinite(number)) return this.decide(false, this.value);
    return this.decide(!bounded || meets(check, number), this.value);
  }

  private sampled(processes: Extract<LabEvent, { type: 'metrics.processes' }>['processes']): void {
    const wanted = this.check.kind === 'cores' && this.check.measure === 'wanted';
    let used = 0;
    let demand = 0;
    // The run-queue time of a process is read from its hello on, and known from its second sample: a sample
    // in which a busy process has none yet says what it used, not what it wanted.
    let demandKnown = true;
    for (const sample of processes) {
      if (!this.members.hasPid(sample.pid)) continue;
      const cpu = sample.cpu ?? 0;
      const wants = wantedOf(sample);
      used += cpu;
      demand += wants ?? cpu;
      if (wants === null && cpu > 0) demandKnown = false;
    }
    if (used >= BUSY_PERCENT && this.busy.length < BUSY_SAMPLES_KEPT) this.busy.push(used);
    if (wanted && demandKnown && demand >= BUSY_PERCENT && this.busyWanted.length < BUSY_SAMPLES_KEPT) this.busyWanted.push(demand);
    const counted = this.counted();
    if (counted.length > 0) this.value = `${(median(counted) / 100).toFixed(2)} cores`;
  }

  /**
   * The busy samples a cores check counts: those of what was wanted where enough are known (a Python program
   * on Linux, running for a few sampling periods), else what was used: a short run on a quiet machine, whose
   * run-queue time is not known before it ends, used what it wanted.
   */
  private counted(): readonly number[] {
    const wanted = this.check.kind === 'cores' && this.check.measure === 'wanted';
    return wanted && this.busyWanted.length >= CORES_SAMPLES_MIN ? this.busyWanted : this.busy;
  }

  /** The program ended and its last facts are in: the checks decided at the end decide. */
  private atEnd(endedAt: number): boolean {
    const check = this.check;
    const seconds = (endedAt - this.startedAt) / 1000;
    // A program that failed taught nothing of what its check looks for: say why, not what is missing.
    const failed = this.members.failed;
    if (failed !== null) return this.decide(false, failed, { seconds });
    switch (check.kind) {
      case 'printed':
        // A last line printed without a newline is matched now that no more can follow it.
        if (this.printed(this.lines.flush())) return true;
        return this.decide(false, this.value ?? 'nothing matching', { seconds });
      case 'deadlock':
        return this.decide(check.expect === 'none', 'no deadlock', { seconds });
      case 'cores': {
        const counted = this.counted();
        if (counted.length < CORES_SAMPLES_MIN) return this.decide(false, `${counted.length} busy samples: too few to tell`, { seconds });
        return this.decide(meets(check, median(counted) / 100), this.value, { seconds });
      }
      case 'exit':
        return this.decide(false, `${check.worker} was never seen ending`, { seconds, worker: check.worker });
      case 'ends':
        // A hang that ended before its seconds did not hang.
        return check.expect === 'finishes' ? this.finished(endedAt, check.seconds) : this.decide(false, `finished after ${formatNumber(Math.round(seconds * 10) / 10)} s`, { seconds });
      case 'value':
      case 'primitive': {
        const measured = check.kind === 'value' ? this.measures!.number(check.key) : this.measures!.measure(check.measure);
        if (measured === null) {
          const name = check.kind === 'value' ? check.primitive : check.name;
          const contents = this.measures!.contents();
          return this.decide(false, contents === null ? `${name} was never seen` : `${name} holds no such number (${contents.slice(0, 60)})`, { seconds });
        }
        return this.decide(meets(check, measured), formatNumber(measured), { seconds });
      }
      default:
        return assertNever(check);
    }
  }

  private finished(endedAt: number, within: number): boolean {
    const seconds = (endedAt - this.startedAt) / 1000;
    const failed = this.members.failed;
    if (failed !== null) return this.decide(false, failed, { seconds });
    return this.decide(seconds <= within, `finished in ${formatNumber(Math.round(seconds * 10) / 10)} s`, { seconds });
  }

  private decide(pass: boolean, value: string | null, words: VerdictWords = {}): boolean {
    this.state = pass ? 'pass' : 'fail';
    this.value = value;
    this.words = { ...this.words, ...words };
    return true;
  }
}

/**
 * A process's threads' time on a CPU plus their time runnable in the run queue, percent of one core: what it
 * would have used with cores to spare. Null where the sampler has no run-queue time for its threads (not a
 * Python process, or no schedstat): then what it used is all that is known.
 */
function wantedOf(sample: ProcessSample): number | null {
  const threads = sample.threads?.filter((thread) => thread.queue !== undefined && thread.cpu !== null) ?? [];
  return threads.length === 0 ? null : threads.reduce((sum, thread) => sum + (thread.cpu ?? 0) + (thread.queue ?? 0), 0);
}
