import type { Cancel, Clock } from '../clock';

/** What to do to a target: ask it to end, and make it end. */
export interface EscalationSteps {
  /** Run at once: SIGTERM, a stop request. */
  polite(): void;
  /** Run when the grace period has run out, unless cancelled first: SIGKILL. */
  forceful(): void;
}

export interface Escalation {
  /** The target has ended: the forceful step will not run. */
  cancel(): void;
  /** Nothing is left to wait for: the forceful step runs now, unless it has run or been cancelled. */
  forceNow(): void;
  /** True once the forceful step has run; false once it was cancelled. */
  readonly settled: Promise<boolean>;
}

/**
 * Terminate politely, then forcefully, after a named grace period (Tinypool's SIGKILL_TIMEOUT; DESIGN.md): the
 * lab's one way of doing it, for a worker, a tree, a process of the tree and the whole lab at stop. The grace
 * period runs from the moment the polite step began, not from its end: asking two hundred processes to end
 * takes time on a small machine, and the promise (gone within the grace period) is counted from the request.
 */
export function escalate(clock: Clock, graceMs: number, steps: EscalationSteps): Escalation {
  let settle: (forced: boolean) => void = () => undefined;
  const settled = new Promise<boolean>((resolve) => (settle = resolve));
  let timer: Cancel | null = null;
  let done = false;
  const finish = (forced: boolean) => {
    if (done) return;
    done = true;
    timer?.();
    if (forced) steps.forceful();
    settle(forced);
  };
  const began = clock.monotonic();
  steps.polite();
  if (!done) timer = clock.setTimeout(() => finish(true), Math.max(0, graceMs - (clock.monotonic() - began)));
  return { cancel: () => finish(false), forceNow: () => finish(true), settled };
}
