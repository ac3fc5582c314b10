import { createContext, useContext } from 'react';
import type { poolWorkers, PoolWorkerSlot } from '../../shared/pool-states';

/**
 * Which pool slot each worker holds (pool-states' poolWorkers), derived once per state in App and read by
 * every row of the tree and the table (the "pool worker N" badge), as BlockedOnContext is.
 */
export const PoolSlotContext = createContext<ReturnType<typeof poolWorkers>>(new Map());

export function usePoolSlot(workerId: string): PoolWorkerSlot | undefined {
  return useContext(PoolSlotContext).get(workerId);
}
