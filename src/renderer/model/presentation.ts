import type { MainView } from './main-view';

/**
 * The panels presentation mode can show, each the region a person knows from the window. A scenario names
 * the ones its lesson is about ("look at the locks and the wait-for graph"); without one, the main view on
 * screen decides.
 */
export type PresentPanel = 'processes' | 'locks' | 'wait-for' | 'queues' | 'pools' | 'timeline' | 'cpu' | 'log';

export const PRESENT_PANELS: readonly PresentPanel[] = ['processes', 'locks', 'wait-for', 'queues', 'pools', 'timeline', 'cpu', 'log'];

/** More than this and nothing reads from the back of a room at 1280x720: the first ones named are kept. */
export const MAX_PRESENT_PANELS = 3;

const PANEL_NAMES: Readonly<Record<PresentPanel, string>> = {
  processes: 'Process tree',
  locks: 'Locks',
  'wait-for': 'Wait-for graph',
  queues: 'Queues',
  pools: 'Pools',
  timeline: 'Timeline',
  cpu: 'CPU cores',
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
 * A scenario's panels, as the page may show them: known names only, each once, at most three. Unknown
 * names are dropped rather than refused (a newer file on an older lab still presents); none left falls back.
 */
export function panelsToPresent(named: readonly string[], fallback: readonly PresentPanel[]): readonly PresentPanel[] {
  const known = named.filter((name): name is PresentPanel => (PRESENT_PANELS as readonly string[]).includes(name));
  const once = [...new Set(known)].slice(0, MAX_PRESENT_PANELS);
  return once.length === 0 ? fallback : once;
}

/**
 * How the panels share the stage: the timeline and the process tree want width, the others sit side by
 * side. Returned as a CSS class so the layout stays in the style sheet.
 */
export function stageLayout(panels: readonly PresentPanel[]): 'stage-one' | 'stage-two' | 'stage-three' {
  return panels.length <= 1 ? 'stage-one' : panels.length === 2 ? 'stage-two' : 'stage-three';
}

/** The next narration step asked for, kept within the narration: Space on the last step stays there. */
export function stepWithin(current: number, delta: number, count: number): number {
  if (count === 0) return 0;
  return Math.min(count - 1, Math.max(0, current + delta));
}
