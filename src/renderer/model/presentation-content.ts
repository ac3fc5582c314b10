import type { ScenariosView } from '../../shared/lab-state';
import type { ScenarioEntry, ScenarioProgress } from '../../shared/scenario-run';
import type { MainView } from './main-view';
import { panelName, panelsForView, type PresentationContent } from './presentation';
import { progressOf, scenarioPresentation } from './scenario-view';

export interface Presented extends PresentationContent {
  /** The scenario presented (its steps are the lab's: Space sends scenario.step), or null for the view on screen. */
  readonly scenarioId: string | null;
  /** Its entry and where it stands, for the Run buttons presentation mode offers; null without a scenario. */
  readonly run: { readonly entry: ScenarioEntry; readonly progress: ScenarioProgress } | null;
  /** The worker whose output the "output" panel shows: the one the scenario's look names, once the program made it. */
  readonly focusWorkerId: string | null;
  /** The primitive the scenario's look points at ("mutexA"), marked in the panels that show it; or null. */
  readonly pointAt: string | null;
  /** The worker groups of the scenario's run (none without a scenario or before a run). */
  readonly runGroupIds: readonly string[];
}

/**
 * What presentation mode shows: the scenario picked, when the Scenarios view is on screen or that scenario
 * has run (a teacher who ran the race and switched to the Sync view still presents the race); otherwise
 * the view on screen, with no narration and no verdict.
 */
export function presentationContent(scenarios: ScenariosView, picked: string | null, view: MainView, timelineExpanded: boolean): Presented {
  const fallback = panelsForView(view, timelineExpanded);
  const entry = picked === null ? undefined : scenarios.library.find((each) => each.id === picked);
  if (entry !== undefined) {
    const progress = progressOf(scenarios.progress, entry.id);
    if (view === 'scenarios' || progress.state !== 'idle') return { ...scenarioPresentation(entry, progress, fallback), scenarioId: entry.id, run: { entry, progress }, focusWorkerId: progress.focusWorkerId, runGroupIds: progress.groupIds };
  }
  return { title: 'Concurrency Lab', subtitle: fallback.map(panelName).join(' · '), panels: fallback, narration: null, verdict: null, scenarioId: null, run: null, focusWorkerId: null, runGroupIds: [], pointAt: null };
}
