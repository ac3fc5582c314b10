import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab, LabOptions } from '../src/core/lab-api';
import type { CommandResult, LabEvent } from '../src/shared/protocol';
import { BUILT_ENTRIES } from '../test/support/lab-harness';

type EventOf<T extends LabEvent['type']> = Extract<LabEvent, { type: T }>;
type WorkerEnd = EventOf<'worker.exited'> | EventOf<'worker.startFailed'>;

/**
 * The core as users run it: the build's bundle (out/node/lab.js, `npm run bench` builds first), not the sources
 * under tsx, whose keepNames helper wraps every closure the host makes (profiled: ~0.9 µs of a queue item's ~10).
 */
function builtCreateLab(): typeof import('../src/core/lab').createLab {
  const file = join(__dirname, '..', 'out', 'node', 'lab.js');
  if (!existsSync(file)) throw new Error(`bench: ${file} is missing: run \`npm run build\` first (npm run bench does)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built CommonJS bundle, loaded at run time
  return (require(file) as typeof import('../src/core/lab')).createLab;
}

/**
 * A lab in the bench process, as a shell uses one: commands in, events out. Waits are promises settled by
 * the event listener, never polling: a bench that spins the event loop while a worker boots takes a core
 * from it (on 2 cores that alone added about 17% to a thread's start).
 */
export class BenchLab {
  readonly lab: Lab;
  private readonly waiters = new Map<string, Array<(event: LabEvent) => void>>();
  private readonly seen = new Map<string, LabEvent>();
  private round = 0;

  constructor(options: Omit<LabOptions, 'entries'> = {}) {
    this.lab = builtCreateLab()({ entries: BUILT_ENTRIES, ...options });
    this.lab.subscribe((events) => {
      for (const event of events) {
        const key = keyOf(event);
        if (key === null) continue;
        this.seen.set(key, event);
        for (const waiter of this.waiters.get(key)?.splice(0) ?? []) waiter(event);
      }
    });
  }

  async ok(command: unknown): Promise<CommandResult> {
    const outcome = await this.lab.execute(command);
    if (!outcome.ok) throw new Error(`bench: the lab refused ${JSON.stringify(command)}: ${outcome.error}`);
    return outcome.result;
  }

  /** Resolves when the batch holding `workerId`'s ready event is delivered: what a shell sees. */
  ready(workerId: string): Promise<EventOf<'worker.ready'>> {
    return this.when(`ready:${workerId}`) as Promise<EventOf<'worker.ready'>>;
  }

  /** Resolves when the worker's process exists (its pid known), before it has booted. */
  spawned(workerId: string): Promise<EventOf<'worker.spawned'>> {
    return this.when(`spawned:${workerId}`) as Promise<EventOf<'worker.spawned'>>;
  }

  /** Resolves with the worker's end, exited or failed to start. */
  ended(workerId: string): Promise<WorkerEnd> {
    return this.when(`end:${workerId}`) as Promise<WorkerEnd>;
  }

  /** A fresh suffix for primitive names, so that one lab serves many rounds. */
  nextRound(): number {
    return ++this.round;
  }

  async stop(): Promise<void> {
    await this.lab.stop('bench finished');
  }

  private when(key: string): Promise<LabEvent> {
    const seen = this.seen.get(key);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const list = this.waiters.get(key) ?? [];
      list.push(resolve);
      this.waiters.set(key, list);
    });
  }
}

function keyOf(event: LabEvent): string | null {
  switch (event.type) {
    case 'worker.spawned':
      return `spawned:${event.workerId}`;
    case 'worker.ready':
      return `ready:${event.workerId}`;
    case 'worker.exited':
    case 'worker.startFailed':
      return `end:${event.workerId}`;
    default:
      return null;
  }
}

/** Throws unless the worker exited with 0 (a bench worker that failed would make a figure of nothing). */
export function expectClean(end: WorkerEnd): void {
  if (end.type !== 'worker.exited' || end.exitCode !== 0) throw new Error(`bench: a worker failed: ${JSON.stringify(end)}`);
}
