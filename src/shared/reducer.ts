import { assertNever } from './assert-never';
import { BatchDraft } from './batch-draft';
import { appendPoint } from './time-series';
import { INITIAL_STATE, LOG_LIMIT, samplePeriodInForce, type LabState, type SyncView, type WorkerView } from './lab-state';
import { appendTail } from './output';
import type { LabEvent } from './protocol';
import { withPoolEvent, withThroughputPoints, type PoolsPart } from './pool-states';
import { withQueuePoints } from './queue-series';
import { withoutKeys } from './record-without';
import { withStepEvent, withStepWorkerEnded } from './step-mode';
import { withActorEnded, withCreatedFrom, withFacts, withHeld, withoutNames, withWrite } from './sync-states';
import { processStateOf, type ProcessSample, type ThreadSample } from './samples';
import type { WorkerDescriptor, WorkerState } from './worker';

/**
 * Folds one event into the view state. Pure: the same events give the same state, in the core, in the
 * renderer and in a replay.
 */
export function reduce(state: LabState, event: LabEvent): LabState {
  const now = Math.max(state.now, event.t);
  const next = apply(state, event);
  const logged = isLifecycle(event) ? appendLog(next.log, event) : next.log;
  return { ...next, now, log: logged };
}

export function reduceAll(events: readonly LabEvent[], state: LabState = INITIAL_STATE): LabState {
  return reduceBatch(state, events);
}

/**
 * Folds a batch of events: the same state as `reduce` one event at a time (test/unit/shared/reduce-batch
 * checks it over random sequences), at O(batch + what it touches) rather than O(state) per event. The
 * frequent events (a worker's output, byte counts, lifecycle steps of one worker) write into copies made
 * once per batch (batch-draft.ts); the rest take the one-event path on the draft.
 */
export function reduceBatch(state: LabState, events: readonly LabEvent[]): LabState {
  if (events.length === 0) return state;
  const draft = new BatchDraft(state);
  for (const event of events) {
    if (!applyInDraft(draft, event)) draft.adopt(apply(draft.current(), event));
    draft.advance(event.t);
    if (isLifecycle(event)) draft.appendLog(event);
  }
  return draft.finish();
}

/** The events a draft folds in place; false for the others (they take `apply`). Must match `apply`. */
function applyInDraft(draft: BatchDraft, event: LabEvent): boolean {
  switch (event.type) {
    case 'worker.output':
      draft.appendOutput(event.workerId, event);
      return true;
    case 'sync.created':
      draft.createPrimitive(event.primitive, event.origin ?? 'lab');
      return true;
    case 'worker.stdio':
      draft.updateWorker(event.workerId, () => ({ stdoutBytes: event.stdoutBytes, stderrBytes: event.stderrBytes }));
      return true;
    case 'worker.spawned':
      draft.updateWorker(event.workerId, () => ({ pid: event.pid, ppid: event.ppid }));
      return true;
    case 'join.started':
      draft.updateWorker(event.workerId, () => ({ join: { since: event.t, timeoutMs: event.timeoutMs } }));
      return true;
    case 'join.finished':
    case 'join.timedOut':
      draft.updateWorker(event.workerId, () => ({ join: null }));
      return true;
    case 'join.waiting':
      draft.updateWorker(event.workerId, () => ({ joining: { target: event.target, since: event.t, timeoutMs: event.timeoutMs } }));
      return true;
    case 'join.returned':
      draft.updateWorker(event.workerId, (w) => (w.joining?.target === event.target ? { joining: null } : {}));
      return true;
    case 'signal.sent':
    case 'worker.messageRejected':
    case 'python.limited':
    case 'process.reparented':
    case 'process.signalled':
    case 'sync.operated':
    case 'sync.ownerDied':
    case 'sync.timerFired':
    case 'sync.memoryRefused':
    case 'sync.fastPathCounted':
      return true;
    default:
      return false;
  }
}

function apply(state: LabState, event: LabEvent): LabState {
  switch (event.type) {
    case 'lab.started':
      return {
        ...state,
        config: event.config,
        host: {
          pid: event.hostPid,
          ppid: event.hostPpid,
          platform: event.platform,
          cores: event.cores,
          signalNumbers: event.signalNumbers,
        },
      };
    case 'lab.configured':
      return { ...state, config: event.config };
    case 'lab.system':
      return { ...state, system: event.system };
    case 'python.interpreters':
      return state.system === null ? state : { ...state, system: { ...state.system, pythons: event.interpreters } };
    case 'metrics.cost': {
      const { type: _type, seq: _seq, ...cost } = event;
      return { ...state, cost };
    }
    case 'lab.sampling':
      return state;
    case 'lab.stopping':
      return { ...state, stopping: true };
    case 'worker.starting':
      return {
        ...state,
        workers: { ...state.workers, [event.worker.id]: newWorker(event.worker, event.t) },
        workerOrder: [...state.workerOrder, event.worker.id],
      };
    case 'worker.spawned':
      return update(state, event.workerId, () => ({ pid: event.pid, ppid: event.ppid }));
    case 'worker.ready':
      return update(state, event.workerId, (w) => ({
        pid: event.pid,
        ppid: event.ppid,
        tid: event.tid,
        readyAt: event.t,
        latencyMs: event.latencyMs,
        state: w.state === 'starting' ? 'running' : w.state,
      }));
    case 'worker.startFailed':
      return update(state, event.workerId, () => ({
        startFailure: event.reason,
        state: 'exited',
        join: null,
        terminating: null,
      }));
    case 'worker.exited': {
      const exited = update(state, event.workerId, () => ({
        state: 'exited',
        exit: { code: event.code, signal: event.signal, exitCode: event.exitCode, detail: event.detail, at: event.t },
        join: null,
        terminating: null,
        cpu: null,
      }));
      // The last process sample predates the exit: without this, the dead process would be drawn as alive
      // (and "sleeping") next to its greyed worker until the next sample arrives.
      const pid = state.workers[event.workerId]?.kind === 'process' ? state.workers[event.workerId]?.pid : null;
      const ended = withEndedActor({ ...exited, step: withStepWorkerEnded(exited.step, event.workerId) }, event.workerId);
      return pid === null || pid === undefined ? ended : { ...ended, processes: ended.processes.filter((p) => p.pid !== pid) };
    }
    case 'worker.stdio':
      return update(state, event.workerId, () => ({ stdoutBytes: event.stdoutBytes, stderrBytes: event.stderrBytes }));
    case 'worker.output':
      // Kept beside the workers, not in them: output comes often, and must not copy every worker's record.
      return { ...state, output: appendTail(state.output, event.workerId, event) };
    case 'worker.closed': {
      const { [event.workerId]: _closed, ...workers } = state.workers;
      return { ...state, workers, workerOrder: state.workerOrder.filter((id) => id !== event.workerId) };
    }
    case 'join.started':
      return update(state, event.workerId, () => ({ join: { since: event.t, timeoutMs: event.timeoutMs } }));
    case 'join.finished':
    case 'join.timedOut':
      return update(state, event.workerId, () => ({ join: null }));
    case 'join.waiting':
      return update(state, event.workerId, () => ({ joining: { target: event.target, since: event.t, timeoutMs: event.timeoutMs } }));
    case 'join.returned':
      return update(state, event.workerId, (w) => (w.joining?.target === event.target ? { joining: null } : {}));
    case 'terminate.sent':
      return update(state, event.workerId, (w) =>
        w.exit === null ? { terminating: { since: event.t, how: event.how, escalated: false } } : {},
      );
    case 'terminate.escalated':
      return update(state, event.workerId, (w) =>
        w.terminating === null ? {} : { terminating: { ...w.terminating, escalated: true } },
      );
    case 'signal.sent':
    case 'worker.messageRejected':
    case 'python.limited':
    case 'process.reparented':
    case 'process.signalled':
      return state;
    case 'metrics.cpu': {
      const period = samplePeriodInForce(state);
      const point = { t: event.t, values: [...event.cores, event.total] };
      const historyMs = state.config.historySeconds * 1000;
      // The queue and pool charts take a point from the folded states at the same tick (queue-series.ts).
      const pooled = withPools(state, withThroughputPoints(state, event.t, period, historyMs));
      return { ...pooled, cpu: appendPoint(state.cpu, point, period, historyMs), sync: withQueuePoints(state.sync, event.t, period, historyMs) };
    }
    case 'metrics.processes':
      return observeProcesses({ ...state, processes: event.processes }, event.processes);
    case 'sync.created':
      return { ...state, sync: { ...state.sync, created: [...state.sync.created, event.primitive], states: withCreatedFrom(state.sync.states, event.primitive, event.origin ?? 'lab') } };
    case 'python.process':
      return update(state, event.workerId, () => ({ python: { role: event.role, startMethod: event.startMethod, version: event.version, unobserved: null } }));
    case 'python.started':
      return update(state, event.workerId, (w) => ({
        latencyMs: event.latencyMs,
        ...(event.startMethod === 'fork' && event.parentThreads > 1 && w.python !== undefined ? { python: { ...w.python, forkedAmongThreads: event.parentThreads } } : {}),
      }));
    case 'python.unobserved':
      return event.workerId === null
        ? state
        : update(state, event.workerId, (w) => ({ python: { ...(w.python ?? { role: null, startMethod: null, version: null }), unobserved: event.reason } }));
    case 'sync.deleted':
      return { ...state, sync: withoutPrimitives(state.sync, new Set(event.removed)) };
    case 'sync.operated':
    case 'sync.ownerDied':
    case 'sync.timerFired':
    case 'sync.memoryRefused':
    case 'sync.fastPathCounted':
      return state;
    case 'deadlock.detected':
      return { ...state, sync: { ...state.sync, deadlock: { since: event.t, cycle: event.cycle } } };
    case 'deadlock.cleared':
      return { ...state, sync: { ...state.sync, deadlock: null } };
    case 'sync.facts': {
      const states = withFacts(state.sync.states, event.facts);
      return states === state.sync.states ? state : { ...state, sync: { ...state.sync, states } };
    }
    case 'sync.read':
      return state;
    case 'sync.write': {
      const states = withWrite(state.sync.states, event.primitive, event.contents);
      return states === state.sync.states ? state : { ...state, sync: { ...state.sync, states } };
    }
    case 'sync.held': {
      const states = withHeld(state.sync.states, event.held);
      return states === state.sync.states ? state : { ...state, sync: { ...state.sync, states } };
    }
    case 'pool.created':
    case 'pool.state':
    case 'pool.slot':
    case 'pool.tasks':
    case 'pool.deleted':
      return withPools(state, withPoolEvent(state, event));
    case 'lesson.comparison':
      return { ...state, comparison: event.comparison };
    case 'lesson.startMethods':
      return { ...state, startLesson: event.lesson };
    case 'scenario.library': {
      // A scenario no longer read leaves with its progress (so a keyframe holds at most the library's).
      const ids = new Set(event.entries.map((entry) => entry.id));
      const progress = Object.fromEntries(Object.entries(state.scenarios.progress).filter(([id]) => ids.has(id)));
      return { ...state, scenarios: { library: event.entries, problems: event.problems, progress } };
    }
    case 'scenario.progress':
      return { ...state, scenarios: { ...state.scenarios, progress: { ...state.scenarios.progress, [event.progress.id]: event.progress } } };
    case 'step.mode':
    case 'step.held':
    case 'step.released':
    case 'step.replay':
      return { ...state, step: withStepEvent(state.step, event) };
    default:
      return assertNever(event);
  }
}

function newWorker(descriptor: WorkerDescriptor, t: number): WorkerView {
  return {
    ...descriptor,
    state: 'starting',
    requestedAt: t,
    pid: null,
    ppid: null,
    tid: null,
    readyAt: null,
    latencyMs: null,
    startFailure: null,
    exit: null,
    stdoutBytes: 0,
    stderrBytes: 0,
    cpu: null,
    cpuTimeMs: null,
    rss: null,
    join: null,
    terminating: null,
  };
}

function update(state: LabState, workerId: string, change: (worker: WorkerView) => Partial<WorkerView>): LabState {
  const worker = state.workers[workerId];
  if (worker === undefined) return state;
  return { ...state, workers: { ...state.workers, [workerId]: { ...worker, ...change(worker) } } };
}

/** Live workers take their state, CPU and memory from the newest sample of their process or thread. */
function observeProcesses(state: LabState, processes: readonly ProcessSample[]): LabState {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const host = state.host === null ? undefined : byPid.get(state.host.pid);
  const hostThreads = threadsOf(host);
  let workers: Record<string, WorkerView> | null = null;
  for (const id of state.workerOrder) {
    const worker = state.workers[id];
    if (worker === undefined || worker.exit !== null || worker.startFailure !== null) continue;
    const seen = observe(worker, byPid, hostThreads);
    if (seen === null) continue;
    workers ??= { ...state.workers };
    workers[id] = { ...worker, ...seen };
  }
  return workers === null ? state : { ...state, workers };
}

function observe(
  worker: WorkerView,
  byPid: ReadonlyMap<number, ProcessSample>,
  hostThreads: ReadonlyMap<number, ThreadSample>,
): Partial<WorkerView> | null {
  if (worker.kind === 'thread') {
    // An observed Python thread runs in its own process, not in the host.
    const threads = worker.method === 'python' ? threadsOf(worker.pid === null ? undefined : byPid.get(worker.pid)) : hostThreads;
    const thread = worker.tid === null ? undefined : threads.get(worker.tid);
    if (thread === undefined) return null;
    // A thread's own CPU time, from its task's stat: the host process's total would be every thread's.
    return { cpu: thread.cpu, cpuTimeMs: thread.cpuTimeMs ?? null, state: stateOf(thread.state, worker.state) };
  }
  const process = worker.pid === null ? undefined : byPid.get(worker.pid);
  if (process === undefined) return null;
  return {
    cpu: process.cpu,
    cpuTimeMs: process.cpuTimeMs,
    rss: process.rss,
    ppid: process.ppid,
    state: stateOf(processStateOf(process), worker.state),
  };
}

function threadsOf(process: ProcessSample | undefined): ReadonlyMap<number, ThreadSample> {
  return new Map((process?.threads ?? []).map((t) => [t.tid, t]));
}

/** The one-letter /proc state in the domain's words. */
export function stateOf(letter: string, current: WorkerState): WorkerState {
  if (current === 'starting') return current;
  switch (letter) {
    case 'R':
      return 'running';
    case 'S':
    case 'I':
      return 'sleeping';
    case 'D':
      return 'blocked';
    case 'T':
    case 't':
      return 'stopped';
    default:
      return current;
  }
}

function isLifecycle(event: LabEvent): boolean {
  return (
    event.type !== 'metrics.cpu' &&
    event.type !== 'metrics.processes' &&
    event.type !== 'sync.facts' &&
    event.type !== 'sync.write' &&
    event.type !== 'sync.read' &&
    event.type !== 'sync.held' &&
    event.type !== 'metrics.cost' &&
    event.type !== 'python.interpreters' &&
    event.type !== 'worker.stdio' &&
    event.type !== 'worker.output' &&
    // A busy pool makes one of each per turn: the Pools view shows them, the log would drown in them.
    event.type !== 'pool.tasks' &&
    event.type !== 'pool.slot' &&
    // A comparison says where it stands at each sample; the log keeps its end.
    !(event.type === 'lesson.comparison' && event.comparison.state === 'running') &&
    !(event.type === 'lesson.startMethods' && event.lesson.state === 'running') &&
    // The library is the Scenarios view's; a run's progress is logged once its check is decided.
    event.type !== 'scenario.library' &&
    !(event.type === 'scenario.progress' && event.decided !== true) &&
    // Each step of a replay is its release's; the log keeps the replay's end.
    !(event.type === 'step.replay' && event.replay.state === 'running')
  );
}

/** The pools' part of the state as pool-states.ts left it: the same state when nothing changed. */
function withPools(state: LabState, part: PoolsPart): LabState {
  return part.pools === state.pools && part.poolOrder === state.poolOrder ? state : { ...state, pools: part.pools, poolOrder: part.poolOrder };
}

/** A deletion: the primitives go from the lists and the charts, so their names can be used again. */
function withoutPrimitives(sync: SyncView, removed: ReadonlySet<string>): SyncView {
  return {
    ...sync,
    created: sync.created.filter((spec) => !removed.has(spec.name)),
    states: withoutNames(sync.states, removed),
    queueSeries: withoutKeys(sync.queueSeries, removed),
  };
}

/** A worker's end, for the primitives' view state (a semaphore's units it took stay taken). */
function withEndedActor(state: LabState, workerId: string): LabState {
  const states = withActorEnded(state.sync.states, workerId);
  return states === state.sync.states ? state : { ...state, sync: { ...state.sync, states } };
}

function appendLog(log: readonly LabEvent[], event: LabEvent): LabEvent[] {
  const next = log.length >= LOG_LIMIT ? log.slice(log.length - LOG_LIMIT + 1) : [...log];
  next.push(event);
  return next;
}

