import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { PrimitiveFold } from '../../../src/shared/primitive-fold';
import type { SyncFact } from '../../../src/shared/facts';
import type { PrimitiveState } from '../../../src/shared/primitive-state';
import type { ProcessSample } from '../../../src/shared/samples';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';
import { EXAMPLES } from './seed-run';

/**
 * One seed program run under the real lab (kind `python`, the shim, the host's listener and fold), and
 * what a user of the lab would read from it: its output, its workers, its primitives' facts and states,
 * the process and thread CPU samples.
 */
export class SeedLab {
  private constructor(
    readonly harness: LabHarness,
    /** The worker of the program's main process. */
    readonly root: string,
  ) {}

  /** `interpreter`: a path or a name on PATH (python3, 3.11 here, by default). */
  static async start(program: string, interpreter?: string): Promise<SeedLab> {
    const harness = new LabHarness();
    const [root] = await harness.start({ kind: 'python', script: join(EXAMPLES, program), ...(interpreter === undefined ? {} : { interpreter }) });
    return new SeedLab(harness, root!);
  }

  /**
   * The program under the spawn start method (macOS's and Windows's default), which a `python` start spec
   * cannot choose: a few lines of code set it and run the script, unmodified, as __main__ (runpy), so that
   * spawn's children import it as __mp_main__ as they would from `python3 script.py`.
   */
  static async startUnderSpawn(program: string, interpreter?: string): Promise<SeedLab> {
    const path = join(EXAMPLES, program);
    // JSON's string literals are Python's for these paths (ASCII, no backslashes).
    const code = ['import multiprocessing, runpy, sys', "multiprocessing.set_start_method('spawn')", `sys.argv = [${JSON.stringify(path)}]`, `sys.path.insert(0, ${JSON.stringify(dirname(path))})`, `runpy.run_path(${JSON.stringify(path)}, run_name='__main__')`, ''].join('\n');
    const harness = new LabHarness();
    const [root] = await harness.start({ kind: 'python', code, ...(interpreter === undefined ? {} : { interpreter }) });
    return new SeedLab(harness, root!);
  }

  /** Waits for the program's main process to end; its exit code as the lab shows it. */
  async exitCode(timeoutMs = 60_000): Promise<number> {
    return (await this.harness.exited(this.root, timeoutMs)).exitCode;
  }

  /** What the Output view shows of the main process's stdout (forked children write to the same pipe). */
  stdout(): string {
    const pieces = this.harness.lab.state().output.byWorker[this.root]?.pieces ?? [];
    return pieces.filter((piece) => piece.stream === 'stdout').map((piece) => piece.text).join('');
  }

  /** Every sync fact the lab recorded, in order; of one primitive if named. */
  facts(primitive?: string): SyncFact[] {
    const all = this.harness.events.flatMap((event) => (event.type === 'sync.facts' ? event.facts : []));
    return primitive === undefined ? all : all.filter((fact) => fact.primitive === primitive);
  }

  /** The worker's name as the lab shows it (a thread's Python name, a process's `Process` name). */
  name(workerId: string): string | undefined {
    return this.harness.lab.state().workers[workerId]?.name;
  }

  /**
   * The states of one primitive after each of its facts, folded as the lab folds them from its creation
   * (the recorded sync.created) over the recorded facts: what the Locks view showed at every moment.
   */
  statesOf(primitive: string): PrimitiveState[] {
    const fold = new PrimitiveFold();
    const states: PrimitiveState[] = [];
    for (const event of this.harness.events) {
      if (event.type === 'sync.created' && event.primitive.name === primitive) fold.created(event.primitive, 'observed');
      if (event.type !== 'sync.facts') continue;
      for (const fact of event.facts) {
        fold.apply(fact);
        const state = fact.primitive === primitive ? fold.states.get(primitive) : undefined;
        if (state !== undefined) states.push(structuredClone(state));
      }
    }
    return states;
  }

  /**
   * Every join the lab told (join.waiting, join.returned), in order, in words: "MainThread waits for Thread-1",
   * "MainThread waits for daemon 1000 ms", "MainThread timedOut daemon", "MainThread joined Thread-1"; only
   * those of the threads of one process if named (every child's main thread is a MainThread too).
   */
  joins(inProcess?: string): string[] {
    const workers = this.harness.lab.state().workers;
    return this.harness.events.flatMap((event) => {
      if ((event.type === 'join.waiting' || event.type === 'join.returned') && inProcess !== undefined && workers[event.workerId]?.observed?.process !== inProcess) return [];
      if (event.type === 'join.waiting') return [`${this.name(event.workerId)} waits for ${this.name(event.target)}${event.timeoutMs === null ? '' : ` ${event.timeoutMs} ms`}`];
      if (event.type === 'join.returned') return [`${this.name(event.workerId)} ${event.outcome} ${this.name(event.target)}`];
      return [];
    });
  }

  /** Observed child processes of the program (multiprocessing's and the others), by role. */
  processes(role?: string): { workerId: string; pid: number; role: string; startMethod: string | null }[] {
    return this.harness.all('python.process').filter((each) => each.workerId !== this.root && (role === undefined || each.role === role));
  }

  /** Another program in the same lab, started now (its own root worker; stopped with this one's lab). */
  async alongside(program: string): Promise<SeedLab> {
    const [root] = await this.harness.start({ kind: 'python', script: join(EXAMPLES, program) });
    return new SeedLab(this.harness, root!);
  }

  /** The main process's pid, as the lab shows it on its row. */
  pid(): number {
    const pid = this.harness.lab.state().workers[this.root]?.pid;
    if (pid === null || pid === undefined) throw new Error(`${this.root} has no pid`);
    return pid;
  }

  async stop(): Promise<void> {
    await this.harness.stop();
  }
}

/** CPU time so far (ms) of what `pick` chooses in one sample of the lab's sampler, or null where it is not all there. */
export type CpuPick = (processes: readonly ProcessSample[]) => number | null;

/**
 * CPU used per second of wall time (1 = one core) by each pick, between the first and the last of the
 * lab's process samples in which every pick found all it needs: the lab's own view of how many cores each
 * kept busy over the same stretch of time.
 */
export function coresUsed(run: SeedLab, picks: readonly CpuPick[]): number[] | null {
  const points: { t: number; cpuMs: number[] }[] = [];
  for (const event of run.harness.all('metrics.processes')) {
    const cpuMs = picks.map((pick) => pick(event.processes));
    if (cpuMs.every((each) => each !== null)) points.push({ t: event.t, cpuMs: cpuMs as number[] });
  }
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined || last.t - first.t < 1_000) return null;
  return last.cpuMs.map((ms, index) => (ms - first.cpuMs[index]!) / (last.t - first.t));
}

/** Acquisitions of a Lock or RLock in its facts: each acquired, and each pair an uncontended run folded into lock.fastPath. */
export function acquisitions(facts: readonly SyncFact[]): number {
  return facts.reduce((sum, fact) => sum + (fact.op === 'lock.acquired' ? 1 : fact.op === 'lock.fastPath' ? fact.acquisitions : 0), 0);
}

/** The most actors that held a lock at once, counted from its facts alone, by their times (not from the fold, which keeps one holder by shape). */
export function mostHoldersAtOnce(facts: readonly SyncFact[]): number {
  const holding = new Set<string>();
  let most = 0;
  // In the recording's order, which is the order the lab folded them in: one connection's own order, and
  // several processes' facts in time order (src/core/python/fact-merge.ts).
  for (const fact of facts) {
    if (fact.op === 'lock.acquired') holding.add(fact.actor);
    else if (fact.op === 'lock.released' && fact.count === 0) holding.delete(fact.actor);
    else if (fact.op === 'lock.fastPath') most = Math.max(most, holding.size + 1);
    most = Math.max(most, holding.size);
  }
  return most;
}

/** Runs `check` on a fresh run of the program, up to `attempts` times (for the lessons that are probabilistic). */
export async function withRetries(program: string, attempts: number, check: (run: SeedLab) => Promise<void>, interpreter?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const run = await SeedLab.start(program, interpreter);
    try {
      await check(run);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
    } finally {
      await run.stop();
    }
  }
}

/** CPython 3.13 under pyenv, where the machine has it (the second interpreter the Python facts' tests run on; python3 is 3.11). */
export const PYTHON_313 = join(homedir(), '.pyenv', 'versions', '3.13.0', 'bin', 'python3.13');

/** Waits until the primitive's folded state satisfies `check` (the Locks or Queues view shows it so). */
export function untilState(run: SeedLab, primitive: string, what: string, check: (state: PrimitiveState) => boolean, timeoutMs = 20_000): Promise<PrimitiveState> {
  return waitFor(`${primitive}: ${what}`, () => {
    const state = run.harness.lab.state().sync.states[primitive];
    return state !== undefined && check(state) ? state : undefined;
  }, timeoutMs);
}
