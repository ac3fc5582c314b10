/** Busy work is done in slices so that messages and signal handlers still run between them. */
export const SLICE_MS = 50;

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Keeps the event loop alive for ever (a task that never ends). */
export function forever(): Promise<never> {
  return new Promise(() => {
    setInterval(() => undefined, 1 << 30);
  });
}
