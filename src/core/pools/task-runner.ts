import { MAX_POOL_SIZE } from '../../shared/task-steps';
import type { TaskReport } from '../../shared/task-wire';
import { crashWords } from './crash-words';
import { HeldWork } from './held-work';
import type { WorkerExit } from './pool-workers';
import type { PoolRunState, PoolWorker, RunnerTask, Slot, SlotView, TaskRunnerOptions } from './runner-book';
import type { RunnerPort, TaskCall, TaskHandlers, TaskMeta, TaskOutcome } from './runner-port';
import { TaskBacklog } from './task-backlog';
import { endStepOf } from './task-ends';
import { deal, orderOf } from './task-orders';

export type { PoolRunState, SlotView, TaskRunnerOptions } from './runner-book';

/** A slot whose worker fails to start this many times in a row breaks the pool. */
export const MAX_START_ATTEMPTS = 3;
/** Between two attempts to start a slot's worker. */
export const START_RETRY_MS = 250;

/**
 * One pool's workers and dispatch: a FIFO backlog in the host, each worker holding up to PREFETCH tasks,
 * Python's crash behaviours (lose, break) and the lab's (reject), maxtasksperchild, resize, close (drain,
 * then end) and terminate (end now). Every transition it sees goes to the fact sink. Its workers' reports
 * come through report() (task-routes.ts); their ends through workerEnded().
 */
export class TaskRunner implements RunnerPort {
  private readonly slots = new Map<number, Slot>();
  /** Every live worker of the pool, retiring ones included, by id. */
  private readonly workers = new Map<string, PoolWorker>();
  private readonly tasks = new Map<number, RunnerTask>();
  private readonly backlog = new TaskBacklog<RunnerTask>();
  private lastTaskId = 0;
  /** The calls of its unfinished tasks (a chunk counts its calls), for the lab's bound (admission.ts). */
  private callsHeld = 0;
  private current: PoolRunState = 'running';
  private why: string | null = null;
  private dispatchQueued = false;
  /** Callers' handlers running now (they may submit). */
  private handling = 0;
  /** The slots by number, for dispatch's round robin; null once a slot came or went (resize). */
  private slotOrder: Slot[] | null = null;
  private readonly held = new HeldWork();
  /** Ends the supervisor reported while it was starting a worker, before its id was known here. */
  private endedWhileStarting: Map<string, WorkerExit> | null = null;
  private readonly ended: Promise<void>;
  private markEnded: () => void = () => undefined;

  constructor(private readonly options: TaskRunnerOptions) {
    checkSize(options.size);
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
    for (let number = 1; number <= options.size; number += 1) this.addSlot(number);
  }

  get size(): number {
    return this.slots.size;
  }

  get state(): PoolRunState {
    return this.current;
  }

  /** Why it is broken or ended, in words; null while it runs, or after a plain close. */
  get reason(): string | null {
    return this.why;
  }

  /** Its tasks not ended yet, and their calls: what the lab's bound on unfinished work counts. */
  get unfinished(): { readonly tasks: number; readonly calls: number } {
    return { tasks: this.tasks.size, calls: this.callsHeld };
  }

  get backlogLength(): number {
    return this.backlog.size;
  }

  /** Each slot in order: its worker and the task it runs now. */
  get slotViews(): readonly SlotView[] {
    return [...this.slots.values()]
      .sort((a, b) => a.number - b.number)
      .map((slot) => {
        const first = slot.worker?.inFlight[0];
        return { slot: slot.number, workerId: slot.worker?.workerId ?? null, taskId: first?.started === true ? first.id : null, ready: slot.worker?.phase === 'serving' };
      });
  }

  /** Does this worker belong to the pool (the routes ask, and the registry hands it the worker's end)? */
  hasWorker(workerId: string): boolean {
    return this.workers.has(workerId);
  }

  submit(call: TaskCall, handlers: TaskHandlers, meta?: TaskMeta): number {
    if (this.current !== 'running') throw new Error(`the pool is ${this.current}: it takes no more tasks`);
    const task: RunnerTask = { id: (this.lastTaskId += 1), call, handlers, started: false, parts: null };
    const t = this.options.clock.monotonic();
    const { facts } = this.options;
    facts.step(task.id, 'submitted', t, null, meta?.map === undefined ? { fn: call.fn } : { fn: call.fn, map: meta.map });
    facts.step(task.id, 'queued', t, null);
    this.tasks.set(task.id, task);
    this.callsHeld += callsOf(call);
    this.backlog.push(task);
    facts.backlog(this.backlog.size);
    // A worker with nothing to do gets it now, not at the end of the turn: the first of a loop of 2,000
    // submits (a page's pool.apply commands) waited for all the others, its worker idle meanwhile. The rest
    // of the loop still goes in one message per worker at the end of the turn.
    // Not from inside a caller's handler: the runner may be half-way through a change (a crash's tasks not
    // yet back in the backlog).
    if (this.handling === 0) this.dispatchToIdle();
    this.queueDispatch();
    return task.id;
  }

  cancel(taskId: number): boolean {
    const task = this.backlog.remove(taskId);
    if (task === undefined) return false;
    this.options.facts.backlog(this.backlog.size);
    this.end(task, null, { kind: 'cancelled' });
    this.checkDrained();
    return true;
  }

  resize(size: number): void {
    checkSize(size);
    if (this.current !== 'running') throw new Error(`the pool is ${this.current}: it cannot be resized`);
    const numbers = [...this.slots.keys()].sort((a, b) => a - b);
    for (const number of numbers.slice(size).reverse()) this.removeSlot(this.slots.get(number)!);
    for (let number = 1; this.slots.size < size; number += 1) {
      const held = this.slots.has(number) || [...this.workers.values()].some((worker) => worker.slot === number && worker.leaving);
      if (!held) this.addSlot(number);
    }
  }

  close(): void {
    if (this.current !== 'running') return;
    this.setState('closed', null);
    this.checkDrained();
  }

  terminate(): Promise<void> {
    if (this.current === 'running' || this.current === 'closed') this.setState('terminating', null);
    this.endEverything(crashWords.terminated);
    return this.ended;
  }

  whenEnded(): Promise<void> {
    return this.ended;
  }

  /** A report of one of this pool's workers: null when taken, else why it is refused. */
  report(workerId: string, report: TaskReport | { readonly type: 'task.serving' }): string | null {
    const worker = this.workers.get(workerId);
    if (worker === undefined) return `worker ${workerId} is not a worker of pool ${this.options.pool}`;
    if (report.type === 'task.serving') {
      // A worker retired while it booted (close() drained the pool first) says it serves on its way out: not heard.
      if (worker.phase === 'retiring') return null;
      if (worker.phase !== 'starting') return `worker ${workerId} said twice that it serves tasks`;
      worker.phase = 'serving';
      const slot = this.slots.get(worker.slot);
      if (slot?.worker === worker) slot.startFailures = 0;
      this.queueDispatch();
      return null;
    }
    const at = worker.inFlight.findIndex((task) => task.id === report.taskId);
    // A worker asked to end may still report tasks terminate (or a break) has already ended: not heard.
    if (at === -1) return worker.phase === 'retiring' ? null : `task ${report.taskId} was not sent to worker ${workerId}`;
    const task = worker.inFlight[at]!;
    const { clock, facts } = this.options;
    switch (report.type) {
      case 'task.started':
        // One at a time, in the order sent: only the first may start, once.
        if (at !== 0 || task.started) return `task ${task.id} cannot start now: worker ${workerId} runs its tasks in the order sent`;
        task.started = true;
        worker.runningSince = clock.monotonic();
        facts.step(task.id, 'running', worker.runningSince, worker.slot);
        this.tell(() => task.handlers.onStart?.());
        return null;
      case 'task.resultPart':
        if (at !== 0 || !task.started || task.call.kind === 'call') return `task ${task.id} on worker ${workerId} is not a running chunk: no part of its values can come`;
        // A chunk has one value per call: parts past that are a worker filling the host's memory, not values.
        if (partsLength(task.parts) + report.values.length > callsOf(task.call)) {
          return `task ${task.id} on worker ${workerId}: its parts hold more values than its ${callsOf(task.call)} calls`;
        }
        (task.parts ??= []).push(report.values);
        return null;
      case 'task.result':
      case 'task.error': {
        if (at !== 0 || !task.started) return `task ${task.id} ended on worker ${workerId} before it started`;
        const joined = report.type === 'task.result' && task.parts !== null;
        if (joined && !Array.isArray(report.value)) return `task ${task.id}'s last part of values on worker ${workerId} is not a list`;
        worker.inFlight.shift();
        worker.finished += 1;
        this.held.ranFor(clock.monotonic() - worker.runningSince);
        const outcome: TaskOutcome =
          report.type === 'task.error' ? { kind: 'error', error: report.error } : { kind: 'result', value: joined ? joinParts(task.parts!, report.value as unknown[]) : report.value };
        task.parts = null;
        this.end(task, worker.slot, outcome);
        this.afterTask(worker);
        return null;
      }
      case 'task.cancelled':
        if (task.started) return `task ${task.id} had started on worker ${workerId}: it cannot be cancelled`;
        worker.inFlight.splice(at, 1);
        this.end(task, worker.slot, { kind: 'cancelled' });
        this.afterTask(worker);
        return null;
    }
  }

  /** One of this pool's workers is gone, however it ended (the lab's onEnded hook). */
  workerEnded(workerId: string, exit: WorkerExit): void {
    const worker = this.workers.get(workerId);
    if (worker === undefined) {
      this.endedWhileStarting?.set(workerId, exit);
      return;
    }
    this.workers.delete(workerId);
    const slot = this.slots.get(worker.slot);
    const heldSlot = slot?.worker === worker;
    if (heldSlot) slot.worker = null;
    if (worker.leaving) this.options.facts.slot(worker.slot, null);
    if (worker.phase === 'retiring' || !this.maintaining) {
      // Ended as asked (its tasks were done, or rejected by terminate), or the pool is ending anyway.
      this.rejectAll(worker.inFlight, worker.slot, crashWords.terminated);
      return this.checkEnded();
    }
    if (this.options.workers.stopping) return this.endWithLab(worker);
    if (worker.phase === 'starting') return this.startFailed(slot, exit.startFailure ?? crashWords.neverServed(exit.exitCode, exit.detail ?? null));
    this.crashed(worker, heldSlot ? slot : undefined, exit);
  }

  /** A worker ended unasked while serving: the crash policy decides what becomes of its tasks. */
  private crashed(worker: PoolWorker, slot: Slot | undefined, exit: WorkerExit): void {
    const { crash, facts, clock } = this.options;
    if (crash === 'break') {
      // It is out of the book already: its tasks fail first, then everyone else's.
      this.rejectAll(worker.inFlight, worker.slot, crashWords.broken);
      return this.breakPool(crashWords.broken);
    }
    const [first, ...rest] = worker.inFlight;
    const running = first?.started === true ? first : undefined;
    const waiting = running === undefined ? worker.inFlight : rest;
    if (running !== undefined) {
      const outcome: TaskOutcome =
        crash === 'lose'
          ? { kind: 'lost', workerId: worker.workerId, exitCode: exit.exitCode ?? 1, terminated: exit.terminated === true }
          : { kind: 'rejected', reason: crashWords.workerEnded(exit.exitCode, exit.terminated === true) };
      this.end(running, worker.slot, outcome);
    }
    // Sent but never started: back in front of the backlog, in their order, for the next worker.
    const t = clock.monotonic();
    for (const task of waiting) facts.step(task.id, 'queued', t, null);
    this.backlog.unshiftAll(waiting);
    facts.backlog(this.backlog.size);
    if (slot !== undefined && !(this.current === 'closed' && this.drained)) this.startWorker(slot);
    this.queueDispatch();
    this.checkDrained();
  }

  private startFailed(slot: Slot | undefined, reason: string): void {
    if (slot === undefined || !this.slots.has(slot.number)) return this.checkEnded();
    slot.startFailures += 1;
    if (slot.startFailures >= MAX_START_ATTEMPTS) return this.breakPool(crashWords.startFailed(reason));
    slot.retry = this.options.clock.setTimeout(() => {
      slot.retry = null;
      if (this.slots.get(slot.number) === slot && slot.worker === null && this.maintaining) this.startWorker(slot);
    }, START_RETRY_MS);
  }

  /** A task left the pool: the sink hears its end, then its caller. */
  private end(task: RunnerTask, slot: number | null, outcome: TaskOutcome): void {
    if (this.tasks.delete(task.id)) this.callsHeld -= callsOf(task.call);
    const { step, detail } = endStepOf(outcome);
    this.options.facts.step(task.id, step, this.options.clock.monotonic(), slot, detail === undefined ? undefined : { detail });
    this.tell(() => task.handlers.onEnd(outcome));
  }

  /** After a task of this worker ended: replace it (maxtasksperchild), let a leaving one go, send more. */
  private afterTask(worker: PoolWorker): void {
    const max = this.options.maxTasksPerChild;
    if (worker.phase === 'serving' && max !== null && worker.finished >= max) {
      this.retire(worker);
      const slot = this.slots.get(worker.slot);
      if (slot?.worker === worker) {
        slot.worker = null;
        // Python's Pool replaces it at once, idle or not; a closed pool that has drained needs none.
        if (this.current === 'running' || (this.current === 'closed' && !this.drained)) this.startWorker(slot);
      }
    }
    if (worker.leaving && worker.inFlight.length === 0) this.retire(worker);
    this.queueDispatch();
    this.checkDrained();
  }

  private queueDispatch(): void {
    if (this.dispatchQueued) return;
    this.dispatchQueued = true;
    // Once per turn: a facade's loop of submits, or a batch of reports, makes one message per worker.
    queueMicrotask(() => {
      this.dispatchQueued = false;
      this.dispatch();
    });
  }

  /** Serving workers that take tasks, in slot order: dispatch's round robin. */
  private openWorkers(): PoolWorker[] {
    this.slotOrder ??= [...this.slots.values()].sort((a, b) => a.number - b.number);
    const open: PoolWorker[] = [];
    for (const { worker } of this.slotOrder) if (worker !== null && worker.phase === 'serving' && !worker.leaving) open.push(worker);
    return open;
  }

  /** One task each to the open workers that hold none, now; the rest wait for the turn's dispatch. */
  private dispatchToIdle(): void {
    if (this.backlog.size === 0 || (this.current !== 'running' && this.current !== 'closed')) return;
    let idle: PoolWorker[] | null = null;
    for (const worker of this.openWorkers()) if (worker.inFlight.length === 0 && this.roomOf(worker) > 0) (idle ??= []).push(worker);
    if (idle !== null) this.send(deal(idle, this.backlog, () => 1));
  }

  /** Sends backlog tasks to serving workers, round robin, each up to its room; one message per worker. */
  private dispatch(): void {
    if (this.backlog.size === 0 || (this.current !== 'running' && this.current !== 'closed')) return;
    this.send(deal(this.openWorkers(), this.backlog, (worker) => this.roomOf(worker)));
  }

  private send({ sent, taken }: ReturnType<typeof deal>): void {
    if (sent.size === 0) return;
    const { facts, clock, workers } = this.options;
    facts.backlog(this.backlog.size);
    const t = clock.monotonic();
    for (const [worker, tasks] of sent) {
      const orders = tasks.map(orderOf);
      workers.post(worker.workerId, orders.length === 1 ? orders[0]! : { type: 'task.orders', orders });
    }
    for (const { task, slot } of taken) facts.step(task.id, 'sent', t, slot);
    for (const { task } of taken) this.tell(() => task.handlers.onSent?.());
  }

  /** How many tasks a worker is filled up to now (held-work.ts), decided before the turn's dispatch sends any. */
  private roomOf(worker: PoolWorker): number {
    const max = this.options.maxTasksPerChild;
    return this.held.fillTo(worker.inFlight.length, max === null ? null : max - worker.finished);
  }

  private addSlot(number: number): void {
    const slot: Slot = { number, worker: null, startFailures: 0, retry: null };
    this.slots.set(number, slot);
    this.slotOrder = null;
    this.startWorker(slot);
  }

  /** Shrinking: an idle worker stops now, a busy one after the tasks it holds. */
  private removeSlot(slot: Slot): void {
    this.slots.delete(slot.number);
    this.slotOrder = null;
    slot.retry?.();
    const worker = slot.worker;
    if (worker === null || worker.phase === 'starting') {
      this.options.facts.slot(slot.number, null);
      if (worker !== null) this.retire(worker);
      return;
    }
    worker.leaving = true;
    if (worker.inFlight.length === 0) this.retire(worker);
  }

  private startWorker(slot: Slot): void {
    const { workers, pool, runtime, facts } = this.options;
    this.endedWhileStarting = new Map();
    const started = workers.start(pool, runtime, this.options.module ?? null);
    const endedAlready = this.endedWhileStarting;
    this.endedWhileStarting = null;
    if (!started.ok) {
      if (workers.stopping) return this.endWithLab(null);
      return this.startFailed(slot, started.error);
    }
    const worker: PoolWorker = { workerId: started.workerId, slot: slot.number, phase: 'starting', leaving: false, inFlight: [], finished: 0, runningSince: 0 };
    this.workers.set(worker.workerId, worker);
    slot.worker = worker;
    facts.slot(slot.number, worker.workerId);
    const exit = endedAlready.get(worker.workerId);
    if (exit !== undefined) this.workerEnded(worker.workerId, exit);
  }

  private retire(worker: PoolWorker): void {
    if (worker.phase === 'retiring') return;
    worker.phase = 'retiring';
    // May report the end at once (a worker not launched yet): the phase is set first.
    this.options.workers.stop(worker.workerId);
  }

  /** Python's broken executor: every unfinished task fails with the reason, every worker is stopped. */
  private breakPool(reason: string): void {
    if (this.current === 'broken' || this.current === 'ended') return;
    this.setState('broken', reason);
    this.endEverything(reason);
  }

  /** The lab is stopping: the pool ends with it and starts nothing again. */
  private endWithLab(worker: PoolWorker | null): void {
    if (worker !== null) this.rejectAll(worker.inFlight, worker.slot, crashWords.labStopping);
    if (this.current === 'running' || this.current === 'closed') this.setState('terminating', crashWords.labStopping);
    this.endEverything(crashWords.labStopping);
  }

  /** Every unfinished task rejected with `reason`, every worker asked to end, no slot retried. */
  private endEverything(reason: string): void {
    for (const slot of this.slots.values()) {
      slot.retry?.();
      slot.retry = null;
    }
    const workers = [...this.workers.values()];
    for (const worker of workers) {
      const tasks = worker.inFlight;
      worker.inFlight = [];
      this.rejectAll(tasks, worker.slot, reason);
    }
    const waiting = this.backlog.drain();
    if (waiting.length > 0) this.options.facts.backlog(0);
    this.rejectAll(waiting, null, reason);
    for (const worker of workers) this.retire(worker);
    this.checkEnded();
  }

  private rejectAll(tasks: readonly RunnerTask[], slot: number | null, reason: string): void {
    for (const task of tasks) this.end(task, task.started ? slot : null, { kind: 'rejected', reason });
  }

  /** Closed and nothing left to run: the workers go. */
  private checkDrained(): void {
    if (this.current !== 'closed' || !this.drained) return;
    for (const slot of this.slots.values()) {
      slot.retry?.();
      slot.retry = null;
    }
    for (const worker of [...this.workers.values()]) this.retire(worker);
    this.checkEnded();
  }

  private checkEnded(): void {
    if (this.workers.size > 0 || this.current === 'running' || this.current === 'ended') return;
    if (this.current === 'closed' && !this.drained) return;
    if ([...this.slots.values()].some((slot) => slot.retry !== null)) return;
    if (this.current !== 'broken') this.setState('ended', this.why);
    this.markEnded();
  }

  /** Workers that end unasked are replaced: the pool runs, or drains after close. */
  private get maintaining(): boolean {
    return this.current === 'running' || this.current === 'closed';
  }

  private get drained(): boolean {
    return this.tasks.size === 0;
  }

  private tell(handler: () => void): void {
    this.handling += 1;
    try {
      tell(handler);
    } finally {
      this.handling -= 1;
    }
  }

  private setState(state: PoolRunState, reason: string | null): void {
    this.current = state;
    this.why = reason;
    this.tell(() => this.options.onState?.(state, reason));
  }
}

const callsOf = (call: TaskCall): number => (call.kind === 'call' ? 1 : call.kind === 'chunk' ? call.calls.length : call.items.length);
const partsLength = (parts: readonly unknown[][] | null): number => parts?.reduce((total, part) => total + part.length, 0) ?? 0;

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_POOL_SIZE) throw new RangeError(`a pool's size is a whole number from 1 to ${MAX_POOL_SIZE}, not ${size}`);
}

/**
 * A chunk's values that came in parts, then its last list, as one list. Copied into a list of the whole
 * length, not `[...parts.flat(), ...last]`: that cost the host about 200 ns a value (profiled: a quarter of
 * a process pool's map of a million squares).
 */
function joinParts(parts: readonly unknown[][], last: readonly unknown[]): unknown[] {
  let length = last.length;
  for (const part of parts) length += part.length;
  const joined = new Array<unknown>(length);
  let at = 0;
  for (const part of [...parts, last]) for (let index = 0; index < part.length; index += 1) joined[at++] = part[index];
  return joined;
}

/** A caller's handler that throws must not leave the pool half-way through a change. */
function tell(handler: () => void): void {
  try {
    handler();
  } catch (error) {
    console.error('pool: a task handler failed:', error);
  }
}
