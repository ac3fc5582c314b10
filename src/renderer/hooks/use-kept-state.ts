import { createContext, useCallback, useContext, useLayoutEffect, useState } from 'react';

/**
 * What a person typed into a view that may go away and come back: the Pools view is unmounted when the
 * header switches to Processes or the timeline is expanded, and a pool's card when it scrolls out of the
 * window. The App holds one map for the page's life; a control's state is kept there under its key, so the
 * view drawn again starts from what was typed, not from its defaults.
 */
export type KeptState = Map<string, unknown>;

export const KeptStateContext = createContext<KeptState>(new Map());

/** useState whose value outlives the component, under `key` (a new key starts from `initial`). */
export function useKeptState<T>(key: string, initial: T | (() => T)): [T, (change: T | ((current: T) => T)) => void] {
  const kept = useContext(KeptStateContext);
  const [value, setValue] = useState<T>(() => (kept.has(key) ? (kept.get(key) as T) : typeof initial === 'function' ? (initial as () => T)() : initial));
  useLayoutEffect(() => {
    kept.set(key, value);
  }, [kept, key, value]);
  const set = useCallback((change: T | ((current: T) => T)) => setValue(change as T), []);
  return [value, set];
}
