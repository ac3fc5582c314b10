import type { LabEvent } from '../../shared/protocol';
import type { ScenarioVariant } from '../../shared/scenario';
import type { CheckProgress } from '../../shared/scenario-run';
import { CheckWatch } from './check-watch';
import { RunMembers } from './run-members';

/**
 * One run of one variant: what it started (its workers, their groups, the primitives it made) and its
 * check, fed the lab's events. The runner (scenarios.ts) owns the commands; this owns what one run saw.
 */
export class ScenarioRun {
  readonly members: RunMembers;
  readonly watch: CheckWatch;
  private told = false;
  /** A Python program's own primitives made since the start, by name, with where they were made. */
  private readonly observedMade = new Map<string, string | undefined>();
  private readonly observedUsed = new Set<string>();

  constructor(
    readonly variant: ScenarioVariant,
    /** The workers its starts created, in order. */
    readonly workerIds: readonly string[],
    groupIds: readonly string[],
    /** The primitives it created (a lab program's), deleted by a reset. */
    readonly primitives: readonly string[],
    readonly startedAt: number,
  ) {
    this.members = new RunMembers(workerIds, groupIds);
    this.watch = new CheckWatch(variant.check, this.members, startedAt);
  }

  get ended(): boolean {
    return this.members.endedAt !== null;
  }

  /** One event; true when the run's progress changed (its end, its check). */
  observe(event: LabEvent): boolean {
    const wasEnded = this.ended;
    this.members.observe(event);
    this.notePrimitives(event);
    const checked = this.watch.observe(event);
    return checked || wasEnded !== this.ended;
  }

  /**
   * The observed primitives this run's program made: made since it started, and either used by one of its
   * workers or made in its own file (`where` is "file.py:line"; inline code is "<string>"). Bounded by what
   * the lab shows (it lists at most 1,000 primitives).
   */
  observedPrimitives(programFile: string | null): string[] {
    return [...this.observedMade].filter(([name, where]) => this.observedUsed.has(name) || (programFile !== null && where?.startsWith(`${programFile}:`) === true)).map(([name]) => name);
  }

  private notePrimitives(event: LabEvent): void {
    if (event.type === 'sync.created' && event.origin === 'observed' && this.observedMade.size < 2_000) this.observedMade.set(event.primitive.name, event.where);
    else if (event.type === 'sync.deleted') for (const name of event.removed) this.observedMade.delete(name);
    else if (event.type === 'sync.facts') for (const fact of event.facts) if (this.observedMade.has(fact.primitive) && this.members.has(fact.actor)) this.observedUsed.add(fact.primitive);
  }

  tick(now: number): boolean {
    return this.watch.tick(now);
  }

  check(): CheckProgress {
    return this.watch.progress();
  }

  /** True once, when the check has just been decided: that progress is the one the event log keeps. */
  newlyDecided(): boolean {
    if (this.told || !this.watch.decided) return false;
    this.told = true;
    return true;
  }
}
