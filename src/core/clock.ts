/**
 * Time is injected: the supervisor, the samplers and timeouts take a Clock, so logic can be tested with
 * a manual clock and no real sleeps.
 */
export interface Clock {
  /** Wall-clock time, epoch ms (stamped on events). */
  now(): number;
  /** Monotonic time in ms with sub-ms precision (for latencies and rates). */
  monotonic(): number;
  setTimeout(callback: () => void, ms: number): Cancel;
}

export type Cancel = () => void;

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};
