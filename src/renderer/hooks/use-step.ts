import { createContext, useContext } from 'react';
import { INITIAL_STEP, type HeldAt, type StepView } from '../../shared/step-mode';

/**
 * Step mode as the state has it, provided once in App and read by every row that shows "held by you at
 * lockA.acquire", so the rows need not be handed the step state through every layer between.
 */
export const StepContext = createContext<StepView>(INITIAL_STEP);

/** Where this worker is held in step mode, if it is. */
export function useHeldAt(workerId: string | undefined): HeldAt | undefined {
  const step = useContext(StepContext);
  return workerId === undefined ? undefined : step.held[workerId];
}
