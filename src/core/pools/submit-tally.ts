import type { RunnerPort, TaskCall, TaskHandlers, TaskMeta } from './runner-port';

/**
 * A runner port that remembers what the last call of a facade submitted: the registry answers a command
 * with the task ids it made (apply's task, map's id and its number of tasks) without the facades having to
 * hand ids out that Python's API does not have.
 */
export class SubmitTally implements RunnerPort {
  private firstId: number | null = null;
  private lastId: number | null = null;
  private submits = 0;
  private mapId: number | null = null;
  private highest = 0;

  constructor(private readonly runner: RunnerPort) {}

  /** The highest task id submitted through it: ids up to it were made, whether or not they are still known. */
  get highestId(): number {
    return this.highest;
  }

  get size(): number {
    return this.runner.size;
  }

  /** Runs `act` and tells what it submitted: its first and last task ids, how many, and the map's id. */
  tally<T>(act: () => T): { readonly value: T; readonly firstId: number | null; readonly lastId: number | null; readonly tasks: number; readonly mapId: number | null } {
    this.firstId = null;
    this.lastId = null;
    this.submits = 0;
    this.mapId = null;
    const value = act();
    return { value, firstId: this.firstId, lastId: this.lastId, tasks: this.submits, mapId: this.mapId };
  }

  submit(call: TaskCall, handlers: TaskHandlers, meta?: TaskMeta): number {
    const id = this.runner.submit(call, handlers, meta);
    this.firstId ??= id;
    this.lastId = id;
    this.highest = Math.max(this.highest, id);
    this.submits += 1;
    if (meta?.map !== undefined) this.mapId = meta.map.mapId;
    return id;
  }

  cancel(taskId: number): boolean {
    return this.runner.cancel(taskId);
  }

  close(): void {
    this.runner.close();
  }

  terminate(): Promise<void> {
    return this.runner.terminate();
  }

  whenEnded(): Promise<void> {
    return this.runner.whenEnded();
  }
}
