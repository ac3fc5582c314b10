import { basename } from 'node:path';
import type { LabState } from '../../shared/lab-state';
import type { CommandOutcome, LabCommand, LabEvent, LabEventBody } from '../../shared/protocol';
import { lookAt, type Scenario } from '../../shared/scenario';
import { idleProgress, type ScenarioProgress } from '../../shared/scenario-run';
import type { StartSpec } from '../../shared/start-spec';
import type { CreatePrimitive } from '../../shared/sync';
import type { Cancel, Clock } from '../clock';
import { planProgram } from './program-plan';
import { loadScenarios, type LoadedLibrary, type ScenarioFolder } from './scenario-library';
import { ScenarioRun } from './scenario-run';

type ScenarioCommand = Extract<LabCommand, { type: 'scenario.run' | 'scenario.step' | 'scenario.reset' | 'scenario.reload' }>;

export interface ScenariosDeps {
  readonly clock: Clock;
  readonly emit: (event: LabEventBody) => void;
  readonly state: () => LabState;
  /** The lab's own commands: a scenario starts, ends and removes what it made as a user would. */
  readonly start: (spec: StartSpec) => CommandOutcome;
  readonly createPrimitive: (spec: CreatePrimitive) => CommandOutcome;
  readonly deletePrimitive: (name: string) => CommandOutcome;
  readonly terminateTree: (workerIds: readonly string[]) => CommandOutcome;
  readonly kill: (workerIds: readonly string[]) => CommandOutcome;
  readonly close: (workerIds: readonly string[]) => CommandOutcome;
  /** The library first (resources/scenarios), then the user's folders. */
  readonly folders: readonly ScenarioFolder[];
  /** resources/python/examples. */
  readonly examples: string;
}

/** How often undecided checks are told that time passed (a hang's seconds, a limit, the end settling). */
export const TICK_MS = 250;
/** A reset waits this long beyond the grace period for the scenario's workers to end, then kills what is left. */
export const RESET_WAIT_MS = 5_000;

/**
 * The scenarios of the lab (docs/scenarios.md): reads the files, runs a variant through the lab's own start
 * (as the lessons do), feeds each run every event so that its check is decided live, steps the narration,
 * and resets: every worker the scenario started is ended and closed and its primitives deleted, so that it
 * runs again at once. Says where each scenario stands with `scenario.progress` events.
 */
export class Scenarios {
  private library: LoadedLibrary = { entries: [], problems: [] };
  private readonly progress = new Map<string, ScenarioProgress>();
  private readonly runs = new Map<string, ScenarioRun>();
  private readonly resets = new Map<string, Promise<void>>();
  /** Scenarios whose run command is between its reset of the run before and its starts. */
  private readonly starting = new Set<string>();
  /**
   * Each scenario's latest run or reset asked for. A run that must wait for the last one to be reset goes on
   * only if nothing was asked of that scenario meanwhile: a flood of runs starts the last one once, not each
   * in turn (two waiting runs once both started, and the first one's workers were left to nobody).
   */
  private readonly latest = new Map<string, number>();
  private asked = 0;
  /** A read of the files under way, and the one more read asked for while it runs (a reload flood is two reads). */
  private reading: Promise<void> | null = null;
  private readAgain: Promise<void> | null = null;
  /** The library as last told (its JSON), so that an unchanged one is not told again. */
  private toldLibrary: string | null = null;
  private ticking: Cancel | null = null;
  /** The first read of the files: a headless run or a test awaits it. */
  readonly ready: Promise<void>;

  constructor(private readonly deps: ScenariosDeps) {
    this.ready = this.reload();
  }

  run(command: ScenarioCommand): CommandOutcome | Promise<CommandOutcome> {
    switch (command.type) {
      case 'scenario.reload':
        return this.reload().then(() => ({ ok: true, result: { workerIds: [] } }));
      case 'scenario.step':
        return this.step(command.id, command.to);
      case 'scenario.reset':
        return this.resetCommand(command.id);
      case 'scenario.run': {
        // Two clicks at once must not start two runs of which one would never be reset.
        if (this.starting.has(command.id)) return { ok: false, error: `${command.id} is starting already` };
        this.starting.add(command.id);
        return this.start(command.id, command.variant, command.interpreter).finally(() => this.starting.delete(command.id));
      }
    }
  }

  /** The lab is stopping: its workers are ended by the lab itself; the checks stop watching. */
  stop(): void {
    this.ticking?.();
    this.ticking = null;
    this.runs.clear();
  }

  /** Every event the lab emitted, in order. */
  observe(events: readonly LabEvent[]): void {
    if (this.runs.size === 0) return;
    for (const [id, run] of this.runs) {
      // A run being reset says "resetting" until it is gone.
      if (this.resets.has(id)) continue;
      let changed = false;
      for (const event of events) if (run.observe(event)) changed = true;
      // The worker the look names may have just appeared.
      if (changed || this.focusOf(id, run, this.current(id).step) !== this.current(id).focusWorkerId) this.told(id, run);
    }
  }

  /** The library as read last (the headless runner lists it). */
  entries(): LoadedLibrary['entries'] {
    return this.library.entries;
  }

  private reload(): Promise<void> {
    if (this.reading === null) {
      this.reading = this.read().finally(() => {
        this.reading = null;
      });
      return this.reading;
    }
    // A read under way may have listed the folder before the change this reload is for: one more after it.
    this.readAgain ??= this.reading.then(() => {
      this.readAgain = null;
      return this.reload();
    });
    return this.readAgain;
  }

  private async read(): Promise<void> {
    this.library = await loadScenarios(this.deps.folders);
    // As the page's fold does: a scenario no longer read is forgotten, unless it still runs (a reset finds it).
    for (const id of this.progress.keys()) if (!this.runs.has(id) && !this.library.entries.some((entry) => entry.id === id)) this.progress.delete(id);
    const told = { entries: this.library.entries.map(({ id, source, file, scenario }) => ({ id, source, file, scenario })), problems: [...this.library.problems] };
    // A library can be megabytes (100 files of 64 KiB): the same one again is not told again, so that reloads
    // clicked over and over do not fill the recording and every page with copies (130 MiB kept after 180).
    const words = JSON.stringify(told);
    if (words === this.toldLibrary) return;
    this.toldLibrary = words;
    this.deps.emit({ type: 'scenario.library', ...told });
  }

  private find(id: string): { scenario: Scenario; folder: string } | string {
    const entry = this.library.entries.find((each) => each.id === id);
    if (entry !== undefined) return { scenario: entry.scenario, folder: entry.folder };
    const problem = this.library.problems.find((each) => each.file.replace(/\.ya?ml$/, '') === id);
    if (problem !== undefined) return `scenario ${id} cannot run: ${problem.error}`;
    return `there is no scenario called ${id}${this.library.entries.length === 0 ? '' : ` (there are ${this.library.entries.map((each) => each.id).slice(0, 30).join(', ')})`}`;
  }

  private step(id: string, to: number): CommandOutcome {
    const found = this.find(id);
    if (typeof found === 'string') return { ok: false, error: found };
    const steps = found.scenario.narration.length;
    if (to >= steps) return { ok: false, error: `${id} has ${steps} step${steps === 1 ? '' : 's'}: step ${to} is not one (the first is 0)` };
    const run = this.runs.get(id);
    this.update(id, { step: to, ...(run === undefined ? {} : { focusWorkerId: this.focusOf(id, run, to) }) });
    return { ok: true, result: { workerIds: [] } };
  }

  private async start(id: string, variantId: string, interpreter: string | undefined): Promise<CommandOutcome> {
    const found = this.find(id);
    if (typeof found === 'string') return { ok: false, error: found };
    const variant = found.scenario.variants.find((each) => each.id === variantId);
    if (variant === undefined) return { ok: false, error: `${id} has no variant ${variantId} (it has ${found.scenario.variants.map((each) => each.id).join(', ')})` };
    // Running again, or the other variant: what ran before is ended and removed first.
    const ticket = this.ask(id);
    while (this.runs.has(id) || this.resets.has(id)) {
      await this.reset(id, false);
      if (this.latest.get(id) !== ticket) return { ok: false, error: `${id} was asked to run or reset again while this run waited for the last one to end: the later request is the one done` };
    }
    const plan = planProgram(variant.program, { examples: this.deps.examples, folder: found.folder, interpreter, namePrefix: id.slice(0, 24) });
    if (typeof plan === 'string') return this.failed(id, variantId, plan);
    const made: string[] = [];
    for (const primitive of plan.primitives) {
      const created = this.deps.createPrimitive(primitive);
      if (!created.ok) {
        for (const name of made.reverse()) this.deps.deletePrimitive(name);
        return this.failed(id, variantId, `its primitive ${primitive.name} could not be made: ${created.error}`);
      }
      made.push(primitive.name);
    }
    const workerIds: string[] = [];
    for (const spec of plan.starts) {
      const outcome = this.deps.start(spec);
      if (!outcome.ok) {
        this.runs.set(id, new ScenarioRun(variant, workerIds, this.groupsOf(workerIds), made, this.deps.clock.now()));
        await this.reset(id, false);
        return this.failed(id, variantId, outcome.error);
      }
      workerIds.push(...outcome.result.workerIds);
    }
    const run = new ScenarioRun(variant, workerIds, this.groupsOf(workerIds), made, this.deps.clock.now());
    this.runs.set(id, run);
    this.update(id, { variant: variantId, state: 'running', groupIds: run.members.groupIds, focusWorkerId: null, check: run.check(), startedAt: run.startedAt, endedAt: null, error: null });
    this.tickSoon();
    return { ok: true, result: { workerIds } };
  }

  private groupsOf(workerIds: readonly string[]): string[] {
    const workers = this.deps.state().workers;
    return [...new Set(workerIds.map((workerId) => workers[workerId]?.groupId).filter((group): group is string => group !== undefined))].slice(0, 8);
  }

  private failed(id: string, variant: string, error: string): CommandOutcome {
    this.update(id, { variant, state: 'failed', groupIds: [], focusWorkerId: null, check: null, startedAt: null, endedAt: null, error: error.slice(0, 500) });
    return { ok: false, error };
  }

  private async resetCommand(id: string): Promise<CommandOutcome> {
    const found = this.find(id);
    if (typeof found === 'string' && !this.progress.has(id)) return { ok: false, error: found };
    const workerIds = this.runs.get(id)?.workerIds ?? [];
    // A run still waiting to start gives way: the reset was asked after it.
    this.ask(id);
    await this.reset(id, true);
    return { ok: true, result: { workerIds: [...workerIds] } };
  }

  private ask(id: string): number {
    this.latest.set(id, ++this.asked);
    return this.asked;
  }

  /** Ends and removes what the run made; back to idle (and to step 0 when `rewind`). One reset at a time per scenario. */
  private reset(id: string, rewind: boolean): Promise<void> {
    const going = this.resets.get(id);
    if (going !== undefined) return going.then(() => (rewind ? this.update(id, { step: 0 }) : undefined));
    const run = this.runs.get(id);
    const done = (run === undefined ? Promise.resolve() : this.remove(id, run)).then(() => {
      this.resets.delete(id);
      const { step } = this.current(id);
      this.update(id, { ...idleProgress(id), step: rewind ? 0 : step });
    });
    this.resets.set(id, done);
    return done;
  }

  private async remove(id: string, run: ScenarioRun): Promise<void> {
    this.update(id, { state: 'resetting' });
    // What still runs: a started worker not yet ended, or a process of the run still in the samples. An
    // observed row whose process is gone is ended by the lab itself (its exit code comes from its parent,
    // or after a while without it): the reset need not wait for that.
    const live = () => {
      const state = this.deps.state();
      const running = new Set(state.processes.filter((sample) => sample.state !== 'Z').map((sample) => sample.pid));
      return Object.values(state.workers).filter(
        (worker) => run.members.groupIds.includes(worker.groupId) && worker.exit === null && worker.startFailure === null && (run.workerIds.includes(worker.id) || (worker.kind === 'process' && worker.pid !== null && running.has(worker.pid))),
      );
    };
    if (run.workerIds.length > 0 && live().length > 0) this.deps.terminateTree(run.workerIds);
    const gone = await this.until(() => live().length === 0, this.deps.state().config.gracePeriodMs + RESET_WAIT_MS);
    if (!gone) {
      this.deps.kill(live().map((worker) => worker.id));
      await this.until(() => live().length === 0, RESET_WAIT_MS);
    }
    this.runs.delete(id);
    // Closed, they leave the lists (Process.close()).
    if (run.workerIds.length > 0) this.deps.close(run.workerIds);
    for (const name of [...run.primitives].reverse()) this.deps.deletePrimitive(name);
    this.forgetObserved(run);
  }

  /**
   * A Python program's own rows (its processes and threads, ended) and primitives leave the views with the
   * run: the lab would close them itself only later (past its bound of ended rows), and would replace the
   * primitives only when a program makes ones of the same names. Both are ended: nothing will speak of them
   * again but that late close, which is then about rows already gone.
   */
  private forgetObserved(run: ScenarioRun): void {
    const state = this.deps.state();
    for (const workerId of state.workerOrder) {
      const worker = state.workers[workerId];
      if (worker === undefined || worker.observed === undefined || !run.members.groupIds.includes(worker.groupId)) continue;
      this.deps.emit({ type: 'worker.closed', workerId, name: worker.name });
    }
    const program = run.variant.program;
    const file = program.kind !== 'python' ? null : program.code !== undefined ? '<string>' : basename(program.example ?? program.script ?? '');
    const names = run.observedPrimitives(file).filter((name) => state.sync.states[name]?.origin === 'observed');
    if (names.length > 0) this.deps.emit({ type: 'sync.deleted', name: names.at(-1)!, removed: names });
  }

  /** Resolves true once `done()` holds (checked each tick), false after `ms`. */
  private until(done: () => boolean, ms: number): Promise<boolean> {
    const { clock } = this.deps;
    const deadline = clock.monotonic() + ms;
    return new Promise((resolve) => {
      const check = () => {
        if (done()) return resolve(true);
        if (clock.monotonic() >= deadline) return resolve(false);
        clock.setTimeout(check, 100);
      };
      check();
    });
  }

  private tickSoon(): void {
    if (this.ticking !== null) return;
    this.ticking = this.deps.clock.setTimeout(() => {
      this.ticking = null;
      const now = this.deps.clock.now();
      for (const [id, run] of this.runs) {
        if (this.resets.has(id) || !run.tick(now)) continue;
        this.told(id, run);
        // A check that ran out of time ends its program: nothing is left running for nothing.
        if (run.check().state !== 'fail' || run.ended) continue;
        const workers = this.deps.state().workers;
        // Each start still running, not only the first: a lab program's later workers may be the ones that hang.
        const running = run.workerIds.filter((workerId) => workers[workerId]?.exit === null);
        if (running.length > 0) this.deps.terminateTree(running);
      }
      if ([...this.runs.values()].some((run) => !run.watch.decided)) this.tickSoon();
    }, TICK_MS);
  }

  private told(id: string, run: ScenarioRun): void {
    const focusWorkerId = this.focusOf(id, run, this.current(id).step);
    const decided = run.newlyDecided();
    this.update(id, { state: run.ended ? 'ended' : 'running', check: run.check(), endedAt: run.members.endedAt, focusWorkerId }, decided);
  }

  /** The worker the look at this step names, once the run has one of that name. */
  private focusOf(id: string, run: ScenarioRun, step: number): string | null {
    const entry = this.library.entries.find((each) => each.id === id);
    const worker = entry === undefined ? undefined : lookAt(entry.scenario, run.variant.id, step).worker;
    return worker === undefined ? null : (run.members.byName(worker) ?? null);
  }

  private current(id: string): ScenarioProgress {
    return this.progress.get(id) ?? idleProgress(id);
  }

  private update(id: string, change: Partial<ScenarioProgress>, decided = false): void {
    const progress = { ...this.current(id), ...change };
    this.progress.set(id, progress);
    this.deps.emit({ type: 'scenario.progress', progress, ...(decided ? { decided: true as const } : {}) });
  }
}
