import type { Lab } from '../lab-api';
import type { LabEvent } from '../../shared/protocol';
import type { ScenarioProgress } from '../../shared/scenario-run';
import { formatSeconds } from './verdict-words';

/** One variant's outcome over its tries. */
export interface VariantOutcome {
  readonly id: string;
  readonly variant: string;
  readonly state: 'pass' | 'fail';
  readonly verdict: string;
  readonly tries: number;
  readonly seconds: number;
}

/** Beyond the check's own limit, how long a run may take to be decided before the headless run gives up on it. */
const DECIDE_SLACK_MS = 30_000;

export interface HeadlessOptions {
  /** Scenario ids to run (all when empty). */
  readonly only?: readonly string[];
  readonly interpreter?: string;
  /** One line per variant as it ends. */
  readonly report?: (outcome: VariantOutcome) => void;
}

/**
 * `npm run scenarios` without its command line (scripts/scenarios.ts): every variant of every scenario the
 * lab read, one at a time so that they do not share the cores, through the lab's own commands, as a page
 * would run them; a probabilistic check (`retries` above 1) runs again after a failure, up to its retries.
 * Each run is reset before the next, so the same names are used again, as a teacher's second run would.
 */
export async function runScenariosHeadless(lab: Lab, options: HeadlessOptions = {}): Promise<VariantOutcome[]> {
  await lab.scenariosReady();
  const outcomes: VariantOutcome[] = [];
  const wanted = new Set(options.only ?? []);
  for (const entry of lab.state().scenarios.library) {
    if (wanted.size > 0 && !wanted.has(entry.id)) continue;
    for (const variant of entry.scenario.variants) {
      const began = Date.now();
      let last: ScenarioProgress | string = 'not run';
      let tries = 0;
      while (tries < variant.check.retries) {
        tries++;
        last = await runOnce(lab, entry.id, variant.id, (variant.check.limit * 1000) + DECIDE_SLACK_MS, options.interpreter);
        if (typeof last !== 'string' && last.check?.state === 'pass') break;
      }
      const outcome: VariantOutcome = {
        id: entry.id,
        variant: variant.id,
        state: typeof last !== 'string' && last.check?.state === 'pass' ? 'pass' : 'fail',
        verdict: typeof last === 'string' ? last : (last.check?.verdict ?? last.error ?? last.state),
        tries,
        seconds: (Date.now() - began) / 1000,
      };
      outcomes.push(outcome);
      options.report?.(outcome);
    }
  }
  return outcomes;
}

/** One run of a variant until its check is decided, then reset; the progress that decided it, or why there was none. */
async function runOnce(lab: Lab, id: string, variant: string, timeoutMs: number, interpreter: string | undefined): Promise<ScenarioProgress | string> {
  let decided: ScenarioProgress | null = null;
  let ours = false;
  let wake: () => void = () => undefined;
  const unsubscribe = lab.subscribe((events: readonly LabEvent[]) => {
    for (const event of events) {
      if (event.type !== 'scenario.progress' || event.progress.id !== id) continue;
      // The last words of the run before (its end, its reset) may come in the same batch: this run's begin with its start.
      ours ||= event.progress.state === 'running' && event.progress.variant === variant && event.progress.check?.state === 'pending';
      if (ours && decided === null && event.progress.check !== null && event.progress.check.state !== 'pending') decided = event.progress;
    }
    if (decided !== null) wake();
  });
  try {
    const started = await lab.execute({ type: 'scenario.run', id, variant, ...(interpreter === undefined ? {} : { interpreter }) });
    if (!started.ok) return started.error;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      wake = resolve;
      if (decided !== null) resolve();
      timer = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timer);
    return decided ?? `undecided after ${formatSeconds(timeoutMs / 1000)} s`;
  } finally {
    unsubscribe();
    await lab.execute({ type: 'scenario.reset', id });
  }
}

/** "PASS race/broken   counter ended at 99: ... (2 tries, 4.1 s)" */
export function describeOutcome(outcome: VariantOutcome): string {
  const tries = outcome.tries === 1 ? '1 try' : `${outcome.tries} tries`;
  return `${outcome.state === 'pass' ? 'PASS' : 'FAIL'} ${`${outcome.id}/${outcome.variant}`.padEnd(28)} ${outcome.verdict} (${tries}, ${formatSeconds(outcome.seconds)} s)`;
}
