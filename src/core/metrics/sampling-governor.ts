import type { LabEventBody } from '../../shared/protocol';
import { initialSampling, nextSampling, type SamplingState } from '../../shared/own-cost';
import type { OwnCostMeter } from './own-cost-meter';

export interface SamplingGovernorDeps {
  readonly meter: OwnCostMeter;
  /** The period the user configured. */
  readonly configuredMs: () => number;
  readonly emit: (event: LabEventBody) => void;
  /** False: measure and show the cost, but always sample at the configured period. */
  readonly adaptive: boolean;
}

/**
 * After each sample: measures what the lab itself cost over the period, says so (`metrics.cost`), and lowers
 * or restores the sampling period by the rule in own-cost.ts, saying that too (`lab.sampling`, in the log).
 */
export class SamplingGovernor {
  private state: SamplingState;

  constructor(private readonly deps: SamplingGovernorDeps) {
    this.state = initialSampling(deps.configuredMs());
  }

  /** The period in force: a new configured period applies at once. */
  periodMs(): number {
    const configured = this.deps.configuredMs();
    return this.state.configuredMs === configured ? this.state.periodMs : configured;
  }

  afterSample(): void {
    const reading = this.deps.meter.read();
    const before = this.periodMs();
    const configuredMs = this.deps.configuredMs();
    if (this.deps.adaptive) this.state = nextSampling(this.state, reading, configuredMs);
    else if (this.state.configuredMs !== configuredMs) this.state = initialSampling(configuredMs);
    const { periodMs, reason } = this.state;
    if (periodMs !== before && this.state.configuredMs === configuredMs) this.deps.emit({ type: 'lab.sampling', periodMs, configuredMs, reason });
    this.deps.emit({ type: 'metrics.cost', ...reading, periodMs, configuredMs, reason });
  }
}
