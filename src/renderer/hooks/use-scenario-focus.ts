import { useState } from 'react';
import type { ScenariosView } from '../../shared/lab-state';
import type { Selection } from '../model/selection';

/**
 * The worker a scenario's look names ("slow_worker") is selected once its program has made it, so that its
 * details (and its output) show. Adjusted while drawing (React's pattern for state that follows a prop),
 * not in an effect: no second pass.
 */
export function useScenarioFocus(scenarios: ScenariosView, picked: string | null, select: (selection: Selection) => void): void {
  const focusWorkerId = picked === null ? null : (scenarios.progress[picked]?.focusWorkerId ?? null);
  const [seen, setSeen] = useState<string | null>(null);
  if (focusWorkerId !== seen) {
    setSeen(focusWorkerId);
    if (focusWorkerId !== null) select({ kind: 'worker', workerId: focusWorkerId });
  }
}
