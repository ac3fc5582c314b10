import type { Clock } from '../core/clock';

/** This many errors that nothing caught, this close together, mean the lab itself is broken. */
export const UNEXPECTED_ERROR_BUDGET = { count: 5, withinMs: 10_000 } as const;

export type Verdict = 'carry on' | 'stop';

/**
 * What the server does with an error that nothing caught. Every request, frame and worker message is
 * answered inside a try, so an error here is a bug, most likely in the handling of one request or one
 * message. Stopping for it would end every worker of the user's demo, which is worse than the bug: the lab
 * says what happened and carries on. Errors that keep coming (a timer or the sampler failing on every tick)
 * mean it cannot work any more: then it stops, cleanly, ending its workers rather than leaving them behind.
 */
export function createLastResort(clock: Pick<Clock, 'monotonic'>, budget: { count: number; withinMs: number } = UNEXPECTED_ERROR_BUDGET): () => Verdict {
  const recent: number[] = [];
  return () => {
    const now = clock.monotonic();
    recent.push(now);
    while (recent.length > 0 && recent[0]! <= now - budget.withinMs) recent.shift();
    return recent.length >= budget.count ? 'stop' : 'carry on';
  };
}
