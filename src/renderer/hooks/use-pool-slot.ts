import { createContext, useContext } from 'react';
import type { PoolSlotOf } from '../model/pool-slots';

/**
 * Which pool slot each worker holds, derived once per state in App and read by every row of the tree and
 * the table (the "pool worker N" badge), as BlockedOnContext is.
 */
export const PoolSlotContext = createContext<ReadonlyMap<string, PoolSlotOf>>(new Map());

export function usePoolSlot(workerId: string): PoolSlotOf | undefined {
  return useContext(PoolSlotContext).get(workerId);
}
