import { join } from 'node:path';
import { availableParallelism, constants } from 'node:os';
import { DEFAULT_CONFIG, type LabConfig } from '../shared/config';
import { DEFAULT_SHELL } from '../shared/launch-plan';
import { assertNever } from '../shared/assert-never';
import { describeFailure } from '../shared/describe-failure';
import type { SyncFact } from '../shared/facts';
import { exceedsCommandLimits } from '../shared/command-limits';
import { parseCommand, type CommandOutcome, type LabCommand } from '../shared/protocol';
import { systemClock } from './clock';
import type { Lab, LabOptions } from './lab-api';
import { MetricsLoop } from './metrics-loop';
import { createCoreSampler, createProcessSampler } from './metrics';
import { OwnCostMeter } from './metrics/own-cost-meter';
import { SamplingGovernor } from './metrics/sampling-governor';
import { readSystemFacts } from './metrics/system-facts';
import { OutputRelay } from './output/output-relay';
import { Controls } from './supervisor/control';
import { ProcessControls } from './supervisor/process-control';
import { findSetpriv } from './supervisor/setpriv';
import { shutdown } from './supervisor/shutdown';
import type { StopSummary } from './supervisor/stop-summary';
import { Supervisor } from './supervisor/supervisor';
import { Watchdog } from './supervisor/watchdog';
import type { ManagedWorker } from './supervisor/managed-worker';
import { routeWorkerQueries, WorkerQueries } from './supervisor/worker-queries';
import { routePoolCalls } from './pools/pool-calls';
import { Pools } from './pools/pools';
import { supervisedPoolWorkers, workerExitOf } from './pools/pool-workers';
import { routeTaskReports } from './pools/task-routes';
import { recordedStore } from './recorder/recorded-store';
import { SyncHub } from './sync-hub';
import { stepAgain, whenWorkersEnd } from './step-again';
import { routeSyncMessages } from './sync-routes';
import { WorkerRouter } from './worker-router';
import { interpreters } from './python/interpreters';
import { pythonPath } from './python/python-environment';
import { labResources } from './lab-resources';
import { FactMerge } from './python/fact-merge';
import { PythonListener } from './python/python-listener';
import { PythonStepping } from './python/python-stepping';
import { withObserved } from './python/observed-controls';
import { PY_ENV } from '../shared/python-wire';
import { shellQuote } from '../shared/shell';
import { PythonSession } from './python/python-session';
import { StartMethodsLesson } from './lessons/start-methods';
import { ThreadsVsProcesses } from './lessons/threads-vs-processes';
import { Scenarios } from './scenarios/scenarios';
import { pythonWorkerOfPid } from './python/python-workers';

/** Builds the lab: one core that any shell (Electron or browser mode) connects to a renderer. */
export function createLab(options: LabOptions): Lab {
  const clock = options.clock ?? systemClock;
  let config: LabConfig = { ...DEFAULT_CONFIG, ...options.config };
  const recorded = recordedStore(clock, options.recorder, options.recordEvents ?? true);
  const { store, recording } = recorded;
  const governor = new SamplingGovernor({
    meter: new OwnCostMeter(() => recording.recorder.factsRecorded),
    configuredMs: () => config.samplePeriodMs,
    emit: (event) => store.emit(event),
    adaptive: options.adaptiveSampling ?? true,
  });
  const signalNumbers: Record<string, number> = { ...constants.signals };
  const processSampler = createProcessSampler(process.pid, options.sampler ?? 'auto');
  const shell = options.shell ?? DEFAULT_SHELL;
  // It names processes by /proc's start times, which the portable sampler does not give.
  const watchdog = options.sampler === 'portable' ? null : Watchdog.start(shell);
  const sync = new SyncHub({
    clock,
    emit: (event) => store.emit(event),
    samplePeriodMs: () => governor.periodMs(),
    ...(options.syncSampleMs === undefined ? {} : { syncSampleMs: options.syncSampleMs }),
    // Facts off takes the threads' fast-path recording with it.
    ...(options.recordFacts === false ? { recordFastPath: false } : options.recordFastPath === undefined ? {} : { recordFastPath: options.recordFastPath }),
    onFastPathBatch: (batch) => recorded.fastPathBatch(batch),
    ...(options.queueFastPath === undefined ? {} : { queueFastPath: options.queueFastPath }),
    nameOf: (workerId) => store.state().workers[workerId]?.name ?? workerId,
    observed: () => python.snapshots(),
    observedJoins: () => python.joinWaits(),
    // Off only for the bench's "facts off" side: the broker then makes no fact at all.
    ...(options.recordFacts === false ? {} : { onFact: (fact: SyncFact) => recorded.fact(fact) }),
  });
  const output = new OutputRelay({ clock, emit: (event) => store.emit(event) });
  // Python programs report through their shim (docs/python-wire.md); the session folds what they say.
  const python = new PythonSession({
    clock,
    emit: (event) => {
      // A Python process's threads are read for the GIL inference from its hello on (src/shared/gil.ts).
      if (event.type === 'python.process') processSampler.watchScheduling(event.pid);
      store.emit(event);
    },
    fact: options.recordFacts === false ? () => undefined : (fact) => recorded.fact(fact),
    workerOfPid: (pid, ppid) => pythonWorkerOfPid(supervisor, pid, ppid === process.pid),
    ownerOfPid: (pid) => {
      const owner = processSampler.trackedProcess(pid)?.owner;
      const worker = owner === null || owner === undefined ? undefined : supervisor.workers.get(owner.workerId);
      return worker === undefined ? null : { workerId: worker.descriptor.id, groupId: worker.descriptor.groupId };
    },
    // The broker's own names (the observed ones are the session's): not the store's state, which a read folds.
    nameTaken: (name): boolean => sync.has(name),
    poolNameTaken: (name) => store.state().pools[name] !== undefined,
    changed: () => sync.observedChanged(),
    stepHeld: (connection, workerId, tid, primitive, op) => pythonStepping.held(connection, workerId, tid, primitive, op),
    stepLeft: (workerId) => pythonStepping.left(workerId),
  });
  // Step mode holds Python threads too: their shims are written to (python-stepping.ts).
  const pythonStepping = new PythonStepping({ gate: sync.step, write: (connection, line) => pythonListener.write(connection, line) });
  // Several processes' streams are read in no set order: the merge gives their facts on in time order.
  const pythonMerge = new FactMerge(python, { clock, refuse: (connection, reason) => pythonListener.closeConnection(connection, reason) });
  const pythonListener = PythonListener.open(pythonStepping.around(pythonMerge), { clock });
  // Found once: the clone's resources/ or the packaged app's (lab-resources.ts).
  const resources = labResources();
  if (!resources.found) console.warn(`concurrency-lab: the Python shim was not found (no python/concurrency_lab in resources/ above ${__dirname} or ${process.cwd()}): Python programs will run unobserved.`);
  const shimPath = pythonPath(resources.root);
  const supervisor = new Supervisor({
    clock,
    emit: (event) => store.emit(event),
    entries: options.entries,
    config: () => config,
    signalNumbers,
    setpriv: findSetpriv(),
    shell,
    labEnvironment: watchdog?.mark ?? {},
    claims: processSampler,
    onMessage: (worker, message) => router.route(worker, message),
    onRejected: (worker, raw, reason) => router.rejected(worker, raw, reason),
    onEnded: (workerId) => {
      sync.workerEnded(workerId);
      pools.workerEnded(workerId, { ...workerExitOf(supervisor, workerId), detail: store.state().workers[workerId]?.exit?.detail ?? null });
    },
    onOutput: (workerId, stream, chunk) => output.push(workerId, stream, chunk),
    onOutputEnded: (workerId) => output.ended(workerId),
    pythonEnvironment: (workerId): Record<string, string> => ({ PYTHONPATH: shimPath, ...pythonListener.environment(workerId), ...(sync.step.isOn ? { [PY_ENV.step]: '1' } : {}) }),
  });
  // The threads-vs-processes lesson (lessons.ts): its runs are Python programs like any other, watched through every event.
  const comparisons = new ThreadsVsProcesses({
    clock,
    start: (spec) => supervisor.start(spec),
    kill: (workerIds) => void controls.kill(workerIds),
    emit: (event) => store.emit(event),
    state: () => store.state(),
    script: join(resources.lessons, 'threads_vs_processes.py'),
  });
  store.subscribe((events) => comparisons.observe(events));
  // The fork vs spawn vs forkserver lesson (start-lesson.ts), watched the same way.
  const startLessons = new StartMethodsLesson({
    clock,
    start: (spec) => supervisor.start(spec),
    kill: (workerIds) => void controls.kill(workerIds),
    emit: (event) => store.emit(event),
    script: join(resources.lessons, 'start_methods.py'),
  });
  store.subscribe((events) => startLessons.observe(events));
  // The scenarios (docs/scenarios.md): the library's files and the user's, run through the lab's own commands.
  const scenarios = new Scenarios({
    clock,
    emit: (event) => store.emit(event),
    state: () => store.state(),
    start: (spec) => supervisor.start(spec),
    createPrimitive: (spec) => sync.create(spec),
    deletePrimitive: (name) => sync.delete(name),
    terminateTree: (workerIds) => controls.terminateTree(workerIds),
    kill: (workerIds) => controls.kill(workerIds),
    close: (workerIds) => supervisor.close(workerIds),
    folders: [{ source: 'library', path: resources.scenarios }, ...(options.scenarioFolders ?? []).map((folder) => ({ source: 'user' as const, ...(typeof folder === 'string' ? { path: folder } : folder) }))],
    examples: resources.examples,
  });
  store.subscribe((events) => scenarios.observe(events));
  const queries = new WorkerQueries(supervisor.workers, clock, (key) => supervisor.isClosed(key));
  // Every worker message goes to the part of the lab that serves its type (worker-router.ts).
  // Within the supervisor's bound on what one worker's refused messages may cost the event log.
  const router = new WorkerRouter<ManagedWorker>((workerId, reason) => {
    const worker = supervisor.workers.get(workerId);
    if (worker !== undefined) supervisor.reportRejected(worker, reason);
  });
  routeSyncMessages(router, sync);
  routeWorkerQueries(router, queries);
  const pools = new Pools({
    clock,
    emit: (event) => store.emit(event),
    workers: supervisedPoolWorkers(supervisor),
    cpus: availableParallelism,
    room: () => config.maxLiveWorkers - supervisor.live().length,
  });
  routeTaskReports(router, (workerId) => pools.runnerOf(workerId));
  routePoolCalls(router, pools);
  const controls = new Controls(supervisor, processSampler);
  const processControls = new ProcessControls({
    supervisor,
    book: processSampler,
    clock,
    emit: (event) => store.emit(event),
    graceMs: () => config.gracePeriodMs,
  });
  const metrics = new MetricsLoop({
    clock,
    cores: createCoreSampler(),
    processes: processSampler,
    periodMs: () => governor.periodMs(),
    emit: (event) => store.emit(event),
    afterSample: () => {
      governor.afterSample();
      supervisor.flushStdio();
      watchdog?.publish(processSampler.boundProcesses(false));
    },
  });

  store.emit({
    type: 'lab.started',
    hostPid: process.pid,
    hostPpid: process.ppid,
    platform: process.platform,
    cores: metrics.coreCount(),
    config,
    signalNumbers,
  });
  metrics.start();
  // The header's facts at once; the interpreters (each a process start, bounded by its timeout) when found.
  readSystemFacts().then(
    (system) => {
      store.emit({ type: 'lab.system', system });
      void interpreters(watchdog?.mark ?? {}).then((found) => store.emit({ type: 'python.interpreters', interpreters: found }));
    },
    () => undefined,
  );

  const observed = (ids: readonly string[], act: (pid: number, start: number) => CommandOutcome, rest: (ids: readonly string[]) => CommandOutcome | Promise<CommandOutcome>) =>
    withObserved(ids, (id) => python.targetOf(id), (pid) => processSampler.trackedProcess(pid)?.start ?? null, act, rest);

  /** A refusal in words for an observed Python worker the lab has no handle on, or null. */
  const notObserved = (ids: readonly string[], what: string): CommandOutcome | null => {
    const target = ids.map((id) => python.targetOf(id)).find((each) => each !== null);
    return target === undefined || target === null ? null : { ok: false, error: `${target.name} is a ${target.kind === 'thread' ? 'thread' : 'process'} of a Python program, not one the lab started: it cannot be ${what}` };
  };

  let againUnderWay = false;
  const run = (command: LabCommand): CommandOutcome | Promise<CommandOutcome> => {
    switch (command.type) {
      case 'start':
        return supervisor.start(command.spec);
      case 'join':
        return notObserved(command.workerIds, 'joined') ?? controls.join(command.workerIds, command.timeoutMs);
      // An observed Python process is ended through its pid; an observed thread is refused in words.
      case 'terminate':
        return observed(command.workerIds, (pid, start) => processControls.terminate(pid, start), (ids) => controls.terminate(ids, command.graceMs));
      case 'kill':
        return observed(command.workerIds, (pid, start) => processControls.signal(pid, start, 'SIGKILL'), (ids) => controls.kill(ids));
      case 'close':
        return notObserved(command.workerIds, 'closed (the lab closes them itself once ended)') ?? supervisor.close(command.workerIds);
      case 'signal':
        return observed(command.workerIds, (pid, start) => processControls.signal(pid, start, command.signal), (ids) => controls.signal(ids, command.signal));
      case 'terminateTree':
        return notObserved(command.workerIds, 'ended as a tree: terminate its program') ?? controls.terminateTree(command.workerIds);
      case 'terminateAll':
        return controls.terminateAll();
      case 'process.signal':
        return processControls.signal(command.pid, command.start, command.signal);
      case 'process.terminate':
        return processControls.terminate(command.pid, command.start);
      case 'configure':
        config = { ...config, ...command.config };
        store.emit({ type: 'lab.configured', config });
        return { ok: true, result: { workerIds: [] } };
      case 'sync.create':
        // The broker does not know a Python program's primitives: their names are theirs while the lab runs.
        if (store.state().sync.states[command.primitive.name]?.origin === 'observed') return { ok: false, error: `${command.primitive.name} is a Python program's primitive: choose another name` };
        return sync.create(command.primitive);
      case 'sync.operate':
        return sync.operate(command.request);
      case 'sync.delete':
        return sync.delete(command.name);
      case 'sync.stepMode':
        return sync.step.setMode(command.on);
      case 'sync.release':
        return sync.step.release(command.workerId);
      case 'sync.stepAgain': {
        // One at a time: two replays fired together each started the workers again and left one set held for nobody.
        if (againUnderWay) return { ok: false, error: '"again with this schedule" is already under way: it says how far it got when it is done' };
        againUnderWay = true;
        return stepAgain(
          {
            gate: sync.step,
            workers: () => store.state().workerOrder.flatMap((id) => store.state().workers[id] ?? []),
            isLive: (workerId) => supervisor.workers.get(workerId)?.ended === false,
            kill: (workerIds) => controls.kill(workerIds),
            whenEnded: (workerIds, timeoutMs) => whenWorkersEnd(workerIds.map((id) => supervisor.workers.get(id)), clock, timeoutMs),
            start: (spec) => supervisor.start(spec),
          },
          command.upTo,
        ).finally(() => {
          againUnderWay = false;
        });
      }
      case 'pool.create':
      case 'pool.apply':
      case 'pool.map':
      case 'pool.cancel':
      case 'pool.close':
      case 'pool.terminate':
      case 'pool.join':
      case 'pool.shutdown':
      case 'pool.resize':
      case 'pool.delete': {
        // A Python program's own pool is run by its program: the lab only watches it.
        const named = command.type === 'pool.create' ? command.pool.name : command.pool;
        if (store.state().pools[named]?.origin === 'observed') return { ok: false, error: `${named} is a Python program's own pool: only its program controls it${command.type === 'pool.create' ? ' (choose another name)' : ''}` };
        return pools.run(command);
      }
      case 'lesson.compare':
        return comparisons.run(command);
      case 'lesson.startMethods':
        return startLessons.run(command);
      case 'scenario.run':
      case 'scenario.step':
      case 'scenario.reset':
      case 'scenario.reload':
        return scenarios.run(command);
      default:
        return assertNever(command);
    }
  };

  let stopped: Promise<StopSummary> | null = null;
  return {
    async execute(raw) {
      // Validation is inside the try as well: a schema's own message function is code too.
      try {
        // Bounded as on the transports' paths (a shell, a test or the bench calls this directly).
        const tooBig = exceedsCommandLimits(raw);
        if (tooBig !== null) return { ok: false, error: `bad command: ${tooBig}` };
        const parsed = parseCommand(raw);
        if (!parsed.ok) return parsed;
        return await run(parsed.command);
      } catch (error) {
        // A bug must not take the lab down with it; the user sees what went wrong, in one line.
        console.error('lab: command failed:', error);
        return { ok: false, error: `the lab could not do that: ${describeFailure(error)}` };
      }
    },
    scenariosReady: () => scenarios.ready,
    history: () => recorded.history(),
    subscribe: (listener) => store.subscribe(listener),
    state: () => store.state(),
    recording: () => recording,
    fastPathOps: (workerId, ops) => sync.fastPathOps(workerId, ops),
    primitives: () => sync.snapshot(),
    pythonFromTerminal: () => {
      const { [PY_ENV.worker]: _worker, ...wire } = pythonListener.environment('');
      const variables = { ...wire, PYTHONPATH: shimPath };
      return `${Object.entries(variables).map(([name, value]) => `${name}=${shellQuote(value)}`).join(' ')} python3 -m concurrency_lab script.py`;
    },
    stop(reason) {
      stopped ??= (async () => {
        store.emit({ type: 'lab.stopping', reason });
        scenarios.stop();
        python.stop();
        const summary = await shutdown({ supervisor, clock, boundProcesses: () => processSampler.boundProcesses(true) });
        await pythonListener.close();
        // Streams the programs closed with facts still held are no longer the listener's: the merge drains them.
        pythonMerge.stop();
        // What the stop could not end (a process that will not die) is the watchdog's last sweep.
        watchdog?.publish(processSampler.boundProcesses(true));
        await watchdog?.release(clock);
        metrics.stop();
        sync.stop();
        output.stop();
        processSampler.close();
        store.flush();
        return summary;
      })();
      return stopped;
    },
  };
}
