import type { Clock } from '../clock';

/**
 * Python's threading.Event for the host's single thread: set once, never cleared, and waited for with an
 * optional timeout on the injected clock. AsyncResult and Future are "ready" through one of these.
 */
export class ReadyEvent {
  private isSetNow = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  get isSet(): boolean {
    return this.isSetNow;
  }

  set(): void {
    if (this.isSetNow) return;
    this.isSetNow = true;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener();
  }

  /** Calls `listener` once, when set (at once if it is); returns how to stop listening. */
  onSet(listener: () => void): () => void {
    if (this.isSetNow) {
      listener();
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * True once set; false when `timeoutMs` passed first. No timeout waits for ever; zero or less only looks,
   * as Python's Event.wait(0) and wait(-1) do.
   */
  wait(timeoutMs?: number): Promise<boolean> {
    return waitUntil(this.clock, (listener) => this.onSet(listener), () => this.isSetNow, timeoutMs);
  }
}

/**
 * Resolves true when `subscribe`'s listener fires (or `isDone` already holds), false after `timeoutMs` on
 * `clock`. Shared by one event's wait and by wait()/as_completed over many futures.
 */
export function waitUntil(
  clock: Clock,
  subscribe: (listener: () => void) => () => void,
  isDone: () => boolean,
  timeoutMs: number | undefined,
): Promise<boolean> {
  if (isDone()) return Promise.resolve(true);
  if (timeoutMs !== undefined && timeoutMs <= 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    let settled = false;
    let cancelTimer = (): void => undefined;
    let unsubscribe = (): void => undefined;
    // Stop listening either way, so a wait that returned leaves nothing behind on the futures it watched.
    const settle = (value: boolean): void => {
      if (settled) return;
      settled = true;
      cancelTimer();
      unsubscribe();
      resolve(value);
    };
    const stop = subscribe(() => settle(true));
    unsubscribe = stop;
    if (settled) return unsubscribe();
    if (timeoutMs !== undefined) cancelTimer = clock.setTimeout(() => settle(isDone()), timeoutMs);
  });
}
