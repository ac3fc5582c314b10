/**
 * What observing costs, and the rule by which the lab lowers its own sampling rate when it is the one
 * loading the machine (issue 8, "The lab's own cost, shown"). Pure: the core measures, this decides.
 *
 * What is measured: how busy the host's main thread was (its event loop's utilisation: the share of the
 * period it spent running rather than waiting). That thread does all of the lab's observing (sampling,
 * brokering, folding, sending); the process's CPU would also count the thread workers the user started,
 * which run in the same process, and would blame the lab for their work.
 *
 * Why these thresholds: past about 60% the loop answers late (events reach the page late, a worker's
 * acquire waits for the broker) and the lab competes with the workers it watches (on our 2-core machines,
 * a core is half the machine). Two loaded periods in a row lower the rate (one spike does not); five calm
 * ones (under 25%) raise it again, so it does not flap. The period at most doubles per step and stops at
 * 8x the configured one (or 10 s).
 */
export const OWN_COST_POLICY = {
  /** The main thread's busy share of one period, in %, above which the period counts as loaded. */
  busyPercent: 60,
  /** Below this a period counts as calm. */
  calmPercent: 25,
  loadedToLower: 2,
  calmToRaise: 5,
  maxFactor: 8,
  maxPeriodMs: 10_000,
} as const;

/** One period's measurement of the host itself. */
export interface OwnCostReading {
  /** How busy the host's main thread was over the period, in % (its event loop's utilisation). */
  readonly busyPercent: number;
  /** The host's JavaScript heap in use (the main thread's: the lab's own memory). */
  readonly heapBytes: number;
  /** The host process's resident memory (thread workers' memory included: they live in it). */
  readonly rssBytes: number;
  /** Facts recorded per second over the period (sync facts and lab events). */
  readonly factsPerSecond: number;
}

export interface SamplingState {
  /** The period the user configured. */
  readonly configuredMs: number;
  /** The period in force. */
  readonly periodMs: number;
  readonly loadedInARow: number;
  readonly calmInARow: number;
  /** Why the period in force is longer than the configured one (null: it is not). */
  readonly reason: string | null;
}

export function initialSampling(configuredMs: number): SamplingState {
  return { configuredMs, periodMs: configuredMs, loadedInARow: 0, calmInARow: 0, reason: null };
}

const loaded = (reading: OwnCostReading) => reading.busyPercent > OWN_COST_POLICY.busyPercent;
const calm = (reading: OwnCostReading) => reading.busyPercent < OWN_COST_POLICY.calmPercent;

const why = (reading: OwnCostReading) => `the lab is busy (its main thread ${Math.round(reading.busyPercent)}% busy)`;

/** The next sampling state after one period's reading; a new configured period starts afresh. */
export function nextSampling(state: SamplingState, reading: OwnCostReading, configuredMs: number): SamplingState {
  if (configuredMs !== state.configuredMs) return initialSampling(configuredMs);
  const loadedInARow = loaded(reading) ? state.loadedInARow + 1 : 0;
  const calmInARow = calm(reading) ? state.calmInARow + 1 : 0;
  const ceiling = Math.max(configuredMs, Math.min(configuredMs * OWN_COST_POLICY.maxFactor, OWN_COST_POLICY.maxPeriodMs));
  if (loadedInARow >= OWN_COST_POLICY.loadedToLower && state.periodMs < ceiling) {
    return { configuredMs, periodMs: Math.min(state.periodMs * 2, ceiling), loadedInARow: 0, calmInARow: 0, reason: why(reading) };
  }
  if (calmInARow >= OWN_COST_POLICY.calmToRaise && state.periodMs > configuredMs) {
    const periodMs = Math.max(Math.round(state.periodMs / 2), configuredMs);
    return { configuredMs, periodMs, loadedInARow: 0, calmInARow: 0, reason: periodMs === configuredMs ? null : state.reason };
  }
  return { ...state, loadedInARow, calmInARow };
}
