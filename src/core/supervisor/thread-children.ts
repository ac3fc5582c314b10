import type { ChildProcess } from 'node:child_process';
import { newWorkerSpec } from '../../shared/launch-plan';
import type { Task } from '../../shared/tasks';
import type { WorkerEntries } from '../lab-api';
import type { StdioCounts } from './launched';
import { holdLifeline, lifelineOf, startChild } from './start-child';

type SpawnChildrenTask = Extract<Task, { name: 'spawn-children' }>;

export interface ThreadChildrenDeps {
  readonly entries: WorkerEntries;
  readonly setpriv: string | null;
  readonly shell: string;
  readonly labEnvironment: Readonly<Record<string, string>>;
  /** Whether descriptors can be passed down (not on Windows). */
  readonly lifeline: boolean;
  /** The thread worker's own stdio counts: its children's output is its output, as in a process. */
  readonly stdio: StdioCounts;
  /** A child has been started (its pid): it is the thread worker's. */
  readonly started: (pid: number) => void;
  /** Child `index` (from 1) has exited, or could not start. */
  readonly exited: (index: number) => void;
}

/**
 * The process children of a thread worker's spawn-children task, started by the host's main thread on the
 * thread's behalf. A child started by the thread itself belongs to the thread's event loop: once the thread
 * has ended, nothing waits for the child any more, so when it exits it stays a zombie of the host for the
 * host's lifetime; and its parent-death signal would fire when the thread ends rather than the host. Started
 * here, the host's own loop reaps them whenever they exit, and they end with the host.
 *
 * As with a process worker, daemon children end when their worker ends, however it ended; the others are
 * left running (still the host's children: they are reaped when they exit, and end when the lab stops).
 */
export class ThreadChildren {
  private readonly running = new Map<number, ChildProcess>();

  constructor(
    private readonly parentId: string,
    private readonly task: SpawnChildrenTask,
    private readonly deps: ThreadChildrenDeps,
  ) {}

  start(): void {
    if (this.task.kind !== 'process') return;
    for (let index = 1; index <= this.task.n; index++) this.startOne(index);
  }

  /** Pids of the children still running. */
  pids(): number[] {
    return [...this.running.values()].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** The thread worker has ended: its daemon children end with it. */
  parentEnded(): void {
    if (!this.task.daemon) return;
    for (const child of this.running.values()) child.kill('SIGKILL');
  }

  private startOne(index: number): void {
    const { setpriv, shell } = this.deps;
    const spec = newWorkerSpec({
      workerId: `${this.parentId}.${index}`,
      task: this.task.task,
      method: this.task.method,
      daemon: this.task.daemon,
      // They watch the host, which is their parent in fact: daemon or not, they end when it dies.
      watchesParent: true,
      lifeline: this.deps.lifeline,
      setpriv,
      shell,
      entries: this.deps.entries,
    });
    let child: ChildProcess;
    try {
      child = startChild({ method: this.task.method, command: null, spec, detached: false, setpriv, shell, labEnvironment: this.deps.labEnvironment });
    } catch {
      return this.deps.exited(index);
    }
    this.running.set(index, child);
    if (child.pid !== undefined) this.deps.started(child.pid);
    const { stdio } = this.deps;
    child.stdout?.on('data', (chunk: Buffer) => (stdio.stdoutBytes += chunk.length));
    child.stderr?.on('data', (chunk: Buffer) => (stdio.stderrBytes += chunk.length));
    holdLifeline(lifelineOf(child));
    let reported = false;
    const exited = () => {
      if (reported) return;
      reported = true;
      this.running.delete(index);
      this.deps.exited(index);
    };
    child.once('exit', exited);
    child.once('error', exited);
  }
}
