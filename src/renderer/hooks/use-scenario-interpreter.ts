import type { PythonInterpreter } from '../../shared/protocol';
import { DEFAULT_PYTHON } from '../../shared/start-spec';
import { useKeptState } from './use-kept-state';

/**
 * The interpreter the scenarios' Python programs run on: one the lab found (the first by default), kept for
 * the page's life, so that the Scenarios view and presentation mode run on the one a class chose once.
 */
export function useScenarioInterpreter(pythons: readonly PythonInterpreter[]): [string, (interpreter: string) => void] {
  return useKeptState('scenario interpreter', pythons[0]?.interpreter ?? DEFAULT_PYTHON);
}
