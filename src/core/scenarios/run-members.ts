import type { LabEvent } from '../../shared/protocol';

/** Workers and processes one run follows, at most: a program of 100 threads and its children fits. */
const MEMBERS_MAX = 1_024;

/**
 * What belongs to one scenario run, from the lab's events: the workers of its start groups (a Python
 * program's observed processes and threads carry the group of the worker the lab started), their names as
 * the program gave them, their processes' pids and those below them, and when the program ended: its root
 * worker for a Python program, all its started workers for the lab's own.
 */
export class RunMembers {
  private readonly groups = new Set<string>();
  private readonly ids = new Set<string>();
  private readonly names = new Map<string, string>();
  private readonly pids = new Set<number>();
  private readonly waitingFor = new Set<string>();
  private ended: number | null = null;
  private failure: string | null = null;

  constructor(
    /** The workers the run started, in order: a Python program's main process first. */
    readonly started: readonly string[],
    groups: readonly string[],
  ) {
    for (const group of groups) this.groups.add(group);
    for (const id of started) {
      this.ids.add(id);
      this.waitingFor.add(id);
    }
  }

  get groupIds(): string[] {
    return [...this.groups];
  }

  /** When the program ended (its facts' time), or null while it runs. */
  get endedAt(): number | null {
    return this.ended;
  }

  /**
   * Why the program failed, once it has: its main worker could not start, or ended with an error code (the
   * seeds' convention: > 0 an error, -N a signal). Null while it runs or when it ended at 0.
   */
  get failed(): string | null {
    return this.failure;
  }

  has(workerId: string): boolean {
    return this.ids.has(workerId);
  }

  hasPid(pid: number): boolean {
    return this.pids.has(pid);
  }

  /** The worker a scenario names: `main` is the program's first started worker; else the first of that name. */
  byName(name: string): string | undefined {
    return this.names.get(name) ?? (name === 'main' ? this.started[0] : undefined);
  }

  nameOf(workerId: string): string {
    for (const [name, id] of this.names) if (id === workerId) return name;
    return workerId;
  }

  /** One event, in order; the names and pids only grow, to MEMBERS_MAX. */
  observe(event: LabEvent): void {
    switch (event.type) {
      case 'worker.starting': {
        const { id, groupId, name } = event.worker;
        if (!this.groups.has(groupId) || this.ids.size >= MEMBERS_MAX) return;
        this.ids.add(id);
        if (!this.names.has(name)) this.names.set(name, id);
        return;
      }
      case 'worker.spawned':
      case 'worker.ready':
        if (this.ids.has(event.workerId) && (event.type === 'worker.spawned' || event.tid === null) && this.pids.size < MEMBERS_MAX) this.pids.add(event.pid);
        return;
      case 'python.process':
        if (this.ids.has(event.workerId) && this.pids.size < MEMBERS_MAX) this.pids.add(event.pid);
        return;
      case 'metrics.processes':
        // Processes below the program that the lab has no worker for (a shell's child, a forkserver's).
        for (const sample of event.processes) if (this.pids.has(sample.ppid) && !this.pids.has(sample.pid) && this.pids.size < MEMBERS_MAX) this.pids.add(sample.pid);
        return;
      case 'worker.exited':
      case 'worker.startFailed':
        if (event.workerId === this.started[0] && this.failure === null) {
          if (event.type === 'worker.startFailed') this.failure = `the program did not start: ${event.reason}`.slice(0, 200);
          else if (event.exitCode !== 0) this.failure = `the program exited with code ${event.exitCode}`;
        }
        if (this.waitingFor.delete(event.workerId) && this.waitingFor.size === 0) this.ended = event.t;
        return;
      default:
        return;
    }
  }
}
