import { createContext, useContext } from 'react';
import type { BlockedOn } from '../model/blocked-on';

/**
 * Who waits on what, derived once per state in App and read by every row of the tree and the table, so
 * the rows need not be handed the primitives through every layer between.
 */
export const BlockedOnContext = createContext<ReadonlyMap<string, BlockedOn>>(new Map());

export function useBlockedOn(workerId: string | undefined): BlockedOn | undefined {
  const blocked = useContext(BlockedOnContext);
  return workerId === undefined ? undefined : blocked.get(workerId);
}
