import { join } from 'node:path';
import { createLab } from '../../src/core/lab';
import type { Lab, LabOptions } from '../../src/core/lab-api';
import type { StopSummary } from '../../src/core/supervisor/stop-summary';
import type { ConfigPatch } from '../../src/shared/config';
import type { CommandResult, LabEvent } from '../../src/shared/protocol';
import type { PrimitiveSnapshot } from '../../src/shared/sync';
import { waitFor } from './wait';

export const BUILT_ENTRIES = {
  thread: join(__dirname, '..', '..', 'out', 'node', 'worker-thread.js'),
  process: join(__dirname, '..', '..', 'out', 'node', 'worker-process.js'),
};

type EventOf<T extends LabEvent['type']> = Extract<LabEvent, { type: T }>;

/** A real lab in this test process, with the events it emitted and helpers to wait for more. */
export class LabHarness {
  readonly lab: Lab;
  readonly events: LabEvent[] = [];

  constructor(config: ConfigPatch = {}, options: Omit<LabOptions, 'entries' | 'config'> = {}) {
    this.lab = createLab({ entries: BUILT_ENTRIES, config: { samplePeriodMs: 200, ...config }, ...options });
    // History and the first live batch can overlap: keep each event once, in order.
    const keep = (events: readonly LabEvent[]) => {
      for (const event of events) if (event.seq > (this.events.at(-1)?.seq ?? 0)) this.events.push(event);
    };
    // At its creation the lab's keyframe is the initial state: the history's events are all of its events.
    keep(this.lab.history().events);
    this.lab.subscribe(keep);
  }

  /** Runs a command that must succeed. */
  async ok(command: unknown): Promise<CommandResult> {
    const outcome = await this.lab.execute(command);
    if (!outcome.ok) throw new Error(`command refused: ${outcome.error}`);
    return outcome.result;
  }

  async refused(command: unknown): Promise<string> {
    const outcome = await this.lab.execute(command);
    if (outcome.ok) throw new Error(`command was accepted: ${JSON.stringify(command)}`);
    return outcome.error;
  }

  async start(spec: Record<string, unknown>): Promise<string[]> {
    return (await this.ok({ type: 'start', spec: { count: 1, ...spec } })).workerIds;
  }

  /** Every primitive as the broker has it now. */
  primitives(): PrimitiveSnapshot[] {
    return this.lab.primitives();
  }

  /** One primitive as the broker has it now. */
  primitive(name: string): PrimitiveSnapshot | undefined {
    return this.lab.primitives().find((primitive) => primitive.name === name);
  }

  find<T extends LabEvent['type']>(type: T, workerId?: string): EventOf<T> | undefined {
    return this.events.find((e): e is EventOf<T> => e.type === type && (workerId === undefined || (e as { workerId?: string }).workerId === workerId));
  }

  all<T extends LabEvent['type']>(type: T, workerId?: string): EventOf<T>[] {
    return this.events.filter((e): e is EventOf<T> => e.type === type && (workerId === undefined || (e as { workerId?: string }).workerId === workerId));
  }

  waitFor<T extends LabEvent['type']>(type: T, workerId?: string, timeoutMs?: number): Promise<EventOf<T>> {
    return waitFor(`${type}${workerId ? ` of ${workerId}` : ''}`, () => this.find(type, workerId), timeoutMs);
  }

  async ready(workerId: string): Promise<EventOf<'worker.ready'>> {
    return waitFor(`${workerId} ready (or failed)`, () => {
      const failed = this.find('worker.startFailed', workerId);
      if (failed) throw new Error(`${workerId} failed to start: ${failed.reason}`);
      return this.find('worker.ready', workerId);
    });
  }

  exited(workerId: string, timeoutMs?: number): Promise<EventOf<'worker.exited'>> {
    return this.waitFor('worker.exited', workerId, timeoutMs);
  }

  stop(): Promise<StopSummary> {
    return this.lab.stop('test finished');
  }
}
