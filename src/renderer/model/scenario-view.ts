import type { WorkerView } from '../../shared/lab-state';
import type { OutputTails } from '../../shared/output';
import { lookAt, type Scenario } from '../../shared/scenario';
import { idleProgress, type ScenarioEntry, type ScenarioProgress } from '../../shared/scenario-run';
import { panelName, panelsToPresent, type PresentPanel } from './presentation';
import { NOT_RUN, type VerdictView } from './verdict';

/** Where a scenario stands: its progress as the lab told it, or idle at step 0 when it has not said. */
export function progressOf(progress: Readonly<Record<string, ScenarioProgress>>, id: string): ScenarioProgress {
  return progress[id] ?? idleProgress(id);
}

/** The label of a variant ("Without a lock"), or its id when the file does not have it (a stale progress). */
export function variantLabel(scenario: Scenario, variantId: string | null): string | null {
  if (variantId === null) return null;
  return scenario.variants.find((variant) => variant.id === variantId)?.label ?? variantId;
}

/**
 * The verdict to show: the check's own state and sentence while a run has one; otherwise what the run is
 * doing, in words. A run that could not start is a failure, with the lab's reason.
 */
export function verdictOf(progress: ScenarioProgress): VerdictView {
  if (progress.error !== null) return { outcome: 'fail', sentence: `could not run: ${progress.error}` };
  if (progress.state === 'resetting') return { outcome: 'pending', sentence: 'resetting: ending and removing what it started…' };
  const { check } = progress;
  if (check !== null) return { outcome: check.state, sentence: check.verdict };
  if (progress.state === 'running') return { outcome: 'pending', sentence: 'starting…' };
  return NOT_RUN;
}

/** Said under a probabilistic check's verdict, so that a room knows a miss is not the lab being wrong. */
export function retriesNote(progress: ScenarioProgress): string | null {
  const retries = progress.check?.retries ?? 1;
  return retries > 1 ? `Probabilistic: the outcome can differ from run to run (the headless check tries up to ${retries} times).` : null;
}

/** The panels the scenario's look names at its current step and variant (the first the large one). */
export function scenarioPanels(scenario: Scenario, progress: ScenarioProgress, fallback: readonly PresentPanel[]): readonly PresentPanel[] {
  return panelsToPresent(lookAt(scenario, progress.variant, progress.step).panels, fallback);
}

/** "Look at: Locks, Wait-for graph": what the scenario names, as the Scenarios view says it. */
export function lookWords(panels: readonly PresentPanel[]): string {
  return `Look at: ${panels.map(panelName).join(', ')}`;
}

/** The presentation of a scenario: its title, the variant that ran (or the seed), its narration and its verdict. */
export function scenarioPresentation(entry: ScenarioEntry, progress: ScenarioProgress, fallback: readonly PresentPanel[]) {
  const { scenario } = entry;
  const label = variantLabel(scenario, progress.variant);
  return {
    title: scenario.title,
    // The variant is the verdict's label: under the title, where the lesson comes from.
    subtitle: `from ${scenario.seed}`,
    panels: scenarioPanels(scenario, progress, fallback),
    narration: { steps: scenario.narration.map((step) => step.text), index: Math.min(progress.step, scenario.narration.length - 1) },
    verdict: verdictOf(progress),
    verdictLabel: label,
    pointAt: lookAt(scenario, progress.variant, progress.step).primitive ?? null,
  };
}

/**
 * Whose output a scenario's "output" panel shows when its look names no worker: of the workers its run
 * started (its groups: a python program's processes and threads are in its group), the one that printed
 * last; before any printed, the first of them; null when the run has started none.
 */
export function printingWorkerOf(groupIds: readonly string[], workers: Readonly<Record<string, WorkerView>>, output: OutputTails): string | null {
  if (groupIds.length === 0) return null;
  const inRun = (workerId: string) => {
    const worker = workers[workerId];
    return worker !== undefined && groupIds.includes(worker.groupId);
  };
  // The tails keep the worker that printed last at the end.
  const printed = Object.keys(output.byWorker).filter(inRun).at(-1);
  return printed ?? Object.keys(workers).find(inRun) ?? null;
}
