import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but changed at most once every `ms`: the newest value is shown at the end of each interval
 * (nothing is lost, only drawn later). A list that a pool's every batch changes (explain mode, 60 batches
 * a second) is drawn a few times a second instead.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastShown = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = lastShown.current + ms - performance.now();
    const show = () => {
      lastShown.current = performance.now();
      setShown(value);
    };
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}
