import { syncBuiltinESMExports } from 'node:module';
import type { Worker, WorkerOptions } from 'node:worker_threads';

/**
 * The threads a worker's own code starts (`new Worker(...)` from node:worker_threads), so that the worker
 * ends as a Python process does: once its task has returned, it waits for its non-daemon threads
 * (threading._shutdown, called by multiprocessing's BaseProcess._bootstrap), and a daemon thread is killed
 * at exit. Node's words for the flag: a Worker keeps its process alive (non-daemon) unless it is unref'd
 * (daemon). Node lists no Worker among a process's active resources, so the worker keeps the book itself.
 */
const running = new Map<Worker, { daemon: boolean }>();
/** Wakes whoever waits for the non-daemon threads: one has ended, or has become a daemon. */
let changed: (() => void) | null = null;
let tracking = false;

/**
 * Puts a book-keeping Worker in node:worker_threads, for CommonJS `require` and ES `import` alike (a
 * subclass: `instanceof Worker` still holds). Called before a task that runs a user's code.
 */
export function trackOwnThreads(): void {
  if (tracking) return;
  tracking = true;
  const threads = process.getBuiltinModule('node:worker_threads');
  const Base = threads.Worker;
  const notify = () => changed?.();
  class TrackedWorker extends Base {
    constructor(filename: string | URL, options?: WorkerOptions) {
      super(filename, options);
      running.set(this, { daemon: false });
      this.once('exit', () => {
        running.delete(this);
        notify();
      });
    }

    override ref(): void {
      super.ref();
      const entry = running.get(this);
      if (entry) entry.daemon = false;
    }

    override unref(): void {
      super.unref();
      const entry = running.get(this);
      if (entry) entry.daemon = true;
      notify();
    }
  }
  threads.Worker = TrackedWorker;
  syncBuiltinESMExports();
}

/** How many of the worker's own threads are running and not daemons. */
export function nonDaemonThreads(): number {
  return [...running.values()].filter((entry) => !entry.daemon).length;
}

/** Resolves once every non-daemon thread the worker's code started has ended (at once if there are none). */
export async function nonDaemonThreadsEnded(): Promise<void> {
  while (nonDaemonThreads() > 0) await new Promise<void>((resolve) => (changed = resolve));
  changed = null;
}
