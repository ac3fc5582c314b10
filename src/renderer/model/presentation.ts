import { SCENARIO_PANELS, type ScenarioPanel } from '../../shared/scenario';
import type { MainView } from './main-view';
import type { VerdictView } from './verdict';

/**
 * The panels presentation mode can show, each the region a person knows from the window: those a scenario's
 * look names (src/shared/scenario.ts), the first the large one. Without a scenario, the main view on screen decides.
 */
export type PresentPanel = ScenarioPanel;

/** As many as a look may name: a projector shows few things well. */
export const MAX_PRESENT_PANELS = 4;

const PANEL_NAMES: Readonly<Record<PresentPanel, string>> = {
  processes: 'Process tree',
  locks: 'Locks',
  'wait-for': 'Wait-for graph',
  queues: 'Queues',
  pools: 'Pools',
  timeline: 'Timeline',
  cpu: 'CPU cores',
  output: 'Output',
  log: 'Event log',
};

export function panelName(panel: PresentPanel): string {
  return PANEL_NAMES[panel];
}

/** What the window shows now, as the panels to present when no scenario names its own. */
export function panelsForView(view: MainView, timelineExpanded: boolean): readonly PresentPanel[] {
  if (timelineExpanded) return ['timeline'];
  switch (view) {
    case 'processes':
      return ['processes'];
    case 'sync':
      return ['locks', 'wait-for'];
    case 'pools':
      return ['pools'];
    case 'scenarios':
      return ['processes'];
  }
}

/**
 * A scenario's panels, as the page may show them: known names only, each once, at most four. Unknown
 * names are dropped rather than refused (a recording from a newer lab still presents); none left falls back.
 */
export function panelsToPresent(named: readonly string[], fallback: readonly PresentPanel[]): readonly PresentPanel[] {
  const known = named.filter((name): name is PresentPanel => (SCENARIO_PANELS as readonly string[]).includes(name));
  const once = [...new Set(known)].slice(0, MAX_PRESENT_PANELS);
  return once.length === 0 ? fallback : once;
}

/**
 * How the panels share the stage, the first the largest: alone; beside the second; over the height beside
 * two stacked; or four in a square. A CSS class, so that the layout stays in the style sheet.
 */
export function stageLayout(panels: readonly PresentPanel[]): 'stage-one' | 'stage-two' | 'stage-three' | 'stage-four' {
  return (['stage-one', 'stage-one', 'stage-two', 'stage-three', 'stage-four'] as const)[Math.min(panels.length, MAX_PRESENT_PANELS)]!;
}

/** The next narration step asked for, kept within the narration: Space on the last step stays there. */
export function stepWithin(current: number, delta: number, count: number): number {
  if (count === 0) return 0;
  return Math.min(count - 1, Math.max(0, current + delta));
}

/** What is presented: a scenario (its title, narration and verdict), or without one the view on screen. */
export interface PresentationContent {
  readonly title: string;
  /** The variant running, the seed, or which view this is: one short line under the title. */
  readonly subtitle: string | null;
  readonly panels: readonly PresentPanel[];
  readonly narration: { readonly steps: readonly string[]; readonly index: number } | null;
  readonly verdict: VerdictView | null;
  /** Whose verdict it is: the variant run ("Without a lock"). */
  readonly verdictLabel?: string | null;
}
