import type { CommandOutcome, LabEventBody } from '../../shared/protocol';
import { isStepPoint, MAX_SCHEDULE, stepPointWords, type StepReleaser } from '../../shared/step-mode';
import type { ParsedSyncRequest } from '../../shared/sync';

/** One operation held before it takes effect (a broker request, or an observed Python thread's): let through by calling `proceed`. */
interface HeldOperation {
  readonly name: string;
  readonly op: string;
  readonly proceed: () => void;
}

/**
 * The most operations one worker may have held at once. A thread blocks in one call at a time; a script
 * firing thousands of non-blocking ones at once (Promise.all) would otherwise fill the host while it waits for
 * the person: those past this are answered at once with a RuntimeError in words, as the broker answers a
 * second blocking call.
 */
export const MAX_HELD_PER_WORKER = 64;

/** One choice to make again (a replay): this worker, at this point. */
export interface PlannedChoice {
  readonly workerId: string;
  readonly primitive: string;
  readonly op: string;
}

export interface StepGateDeps {
  readonly emit: (event: LabEventBody) => void;
  /** A worker's name, for the sentences. */
  readonly nameOf: (workerId: string) => string;
}

/**
 * Step mode's gate ("be the scheduler", docs/step-mode.md), between a worker's request and the broker: while
 * it is on, every synchronisation point a worker reaches is held here, before the broker sees it, until the
 * person releases that worker, which lets exactly its next one operation through. Threads' fast paths read
 * `flag` (shared memory, given with every attach) and take the broker's path while it is set, so nothing
 * passes the gate unseen; a forked process's queue batching gets no grants while it is on (batch dropped).
 *
 * Each worker has a queue of held operations: a thread blocks in one call at a time, but a script may fire
 * several non-blocking ones at once (Promise.all); the head is the one shown and released.
 */
export class StepGate {
  /** 1 while step mode is on: read by threads' fast paths (lock-handle.ts, queue-handle.ts). */
  readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private on = false;
  private readonly held = new Map<string, HeldOperation[]>();
  /** The choices made since step mode was turned on (by the person or a replay): "Again with this schedule". */
  private schedule: PlannedChoice[] = [];
  /** A replay under way: the choices left to make, and how many there were. */
  private plan: { readonly choices: readonly PlannedChoice[]; done: number } | null = null;
  /** Told each time step mode goes on or off (the Python shims are written to: python-stepping.ts). */
  private readonly modeListeners: ((on: boolean) => void)[] = [];

  constructor(private readonly deps: StepGateDeps) {}

  get isOn(): boolean {
    return this.on;
  }

  /** `listener` is told each time step mode goes on or off. */
  onModeChange(listener: (on: boolean) => void): void {
    this.modeListeners.push(listener);
  }

  /** The schedule of the current (or last) session, in order. */
  choices(): readonly PlannedChoice[] {
    return this.schedule;
  }

  /**
   * Turns step mode on (a new schedule starts; a replay given here is followed) or off ("Run freely": every
   * held operation goes, in the order the workers arrived, and a replay under way stops).
   */
  setMode(on: boolean, plan: readonly PlannedChoice[] | null = null): CommandOutcome {
    if (!on) {
      if (this.plan !== null) this.endReplay('done', 'run freely: the replay stopped');
      if (!this.on) return ok();
      this.on = false;
      Atomics.store(this.flag, 0, 0);
      this.deps.emit({ type: 'step.mode', on: false });
      const all = [...this.held.entries()];
      this.held.clear();
      for (const [workerId, operations] of all) {
        for (const operation of operations) this.deps.emit({ type: 'step.released', workerId, primitive: operation.name, op: operation.op, by: 'free' });
      }
      for (const [, operations] of all) for (const operation of operations) operation.proceed();
      for (const listener of this.modeListeners) listener(false);
      return ok();
    }
    // A replay under way is ended in words before a new one (or none) takes its place: the page would keep showing it.
    if (this.plan !== null) this.endReplay('diverged', 'a new schedule was asked for: this replay stopped');
    this.plan = plan === null || plan.length === 0 ? null : { choices: plan, done: 0 };
    if (this.plan !== null) this.deps.emit({ type: 'step.replay', replay: { state: 'running', done: 0, total: plan!.length, note: null } });
    if (this.on) {
      // Already on: a new session all the same (its schedule starts again), the workers held stay held.
      this.schedule = [];
      this.deps.emit({ type: 'step.mode', on: true });
      for (const [workerId, operations] of this.held) this.announce(workerId, operations[0]!);
      this.followPlan();
      return ok();
    }
    this.on = true;
    this.schedule = [];
    Atomics.store(this.flag, 0, 1);
    this.deps.emit({ type: 'step.mode', on: true });
    for (const listener of this.modeListeners) listener(true);
    return ok();
  }

  /**
   * A worker's request on its way to the broker: held (true) when step mode is on and it is a
   * synchronisation point; `proceed` then runs when the worker is released (or `refuse`, at once, past
   * MAX_HELD_PER_WORKER). false: dispatch it now.
   */
  hold(workerId: string, request: ParsedSyncRequest, proceed: () => void, refuse: (message: string) => void): boolean {
    if (!this.on || !isStepPoint(request.op)) return false;
    return this.holdOperation(workerId, { name: request.name, op: request.op, proceed }, refuse);
  }

  /**
   * An observed worker (a Python thread) stopped by its shim before an operation (`step.held`): held as a
   * broker request is, and `proceed` (its go) written when it is released. false when step mode is off: it
   * goes at once.
   */
  holdObserved(workerId: string, primitive: string, op: string, proceed: () => void): boolean {
    if (!this.on) return false;
    return this.holdOperation(workerId, { name: primitive, op, proceed }, () => proceed());
  }

  private holdOperation(workerId: string, operation: HeldOperation, refuse: (message: string) => void): boolean {
    const operations = this.held.get(workerId);
    if (operations !== undefined) {
      if (operations.length >= MAX_HELD_PER_WORKER) {
        refuse(`step mode holds at most ${MAX_HELD_PER_WORKER} operations of one worker at once, and this one has that many waiting for your release`);
        return true;
      }
      operations.push(operation);
      return true;
    }
    this.held.set(workerId, [operation]);
    this.announce(workerId, operation);
    this.followPlan();
    return true;
  }

  /** The person lets one worker's next operation through. Refused in words when step mode is off or the worker is not held. */
  release(workerId: string): CommandOutcome {
    if (!this.on) return { ok: false, error: 'step mode is off: every worker runs freely' };
    if (!this.held.has(workerId)) return { ok: false, error: `${this.deps.nameOf(workerId)} is not held: it is running, waiting in the broker, or has ended` };
    if (this.plan !== null) this.endReplay('diverged', `you released ${this.deps.nameOf(workerId)} yourself: the replay stopped at choice ${this.plan.done + 1} of ${this.plan.choices.length}`);
    this.letThrough(workerId, 'you');
    return { ok: true, result: { workerIds: [workerId] } };
  }

  /**
   * An observed worker left its hold by itself (a Python thread interrupted while held): its operation did
   * not happen, it is held no more, and that is no choice of the schedule.
   */
  leftObserved(workerId: string): void {
    const operations = this.held.get(workerId);
    const operation = operations?.shift();
    if (operations === undefined || operation === undefined) return;
    this.deps.emit({ type: 'step.released', workerId, primitive: operation.name, op: operation.op, by: 'left' });
    if (operations.length === 0) this.held.delete(workerId);
    else this.announce(workerId, operations[0]!);
    this.followPlan();
  }

  /** A worker ended: its held operations are dropped (nobody waits for their answers). */
  workerEnded(workerId: string): void {
    const wasHeld = this.held.delete(workerId);
    // A replay with choices still to make for it cannot make them: it stops and says so (it would wait for ever).
    const plan = this.plan;
    if (plan !== null && plan.choices.slice(plan.done).some((choice) => choice.workerId === workerId)) {
      return this.endReplay('diverged', `${this.deps.nameOf(workerId)} ended before its choice in the schedule: the replay stopped at choice ${plan.done + 1} of ${plan.choices.length}`);
    }
    // The page forgets it as held by its worker.exited; a replay waiting for another worker goes on.
    if (wasHeld) this.followPlan();
  }

  private letThrough(workerId: string, by: StepReleaser): void {
    const operations = this.held.get(workerId);
    const operation = operations?.shift();
    if (operations === undefined || operation === undefined) return;
    const { name, op } = operation;
    if (this.schedule.length < MAX_SCHEDULE) this.schedule.push({ workerId, primitive: name, op });
    this.deps.emit({ type: 'step.released', workerId, primitive: name, op, by });
    if (operations.length === 0) this.held.delete(workerId);
    else this.announce(workerId, operations[0]!);
    operation.proceed();
  }

  private announce(workerId: string, operation: HeldOperation): void {
    this.deps.emit({ type: 'step.held', workerId, primitive: operation.name, op: operation.op });
  }

  /**
   * A replay makes its next choice as soon as that worker is held at that point. Held elsewhere while every
   * worker that could go is held (so nothing will change by itself), the program went another way: the
   * replay stops there and says so, and the person has the controls.
   */
  private followPlan(): void {
    while (this.plan !== null && this.on) {
      const next = this.plan.choices[this.plan.done];
      if (next === undefined) return this.endReplay('done', null);
      const head = this.held.get(next.workerId)?.[0];
      if (head === undefined) return;
      if (head.name !== next.primitive || head.op !== next.op) {
        const words = stepPointWords(head.name, head.op);
        return this.endReplay('diverged', `${this.deps.nameOf(next.workerId)} is held at ${words}, where the schedule had ${stepPointWords(next.primitive, next.op)}: the replay stopped at choice ${this.plan.done + 1}`);
      }
      this.plan.done += 1;
      this.deps.emit({ type: 'step.replay', replay: { state: 'running', done: this.plan.done, total: this.plan.choices.length, note: null } });
      this.letThrough(next.workerId, 'replay');
    }
  }

  private endReplay(state: 'done' | 'diverged', note: string | null): void {
    const plan = this.plan;
    if (plan === null) return;
    this.plan = null;
    this.deps.emit({ type: 'step.replay', replay: { state, done: plan.done, total: plan.choices.length, note } });
  }
}

const ok = (): CommandOutcome => ({ ok: true, result: { workerIds: [] } });
