import { memo } from 'react';
import { samplePeriodInForce, type LabState } from '../../shared/lab-state';
import { isGap } from '../../shared/time-series';
import { CoreMeters } from './CoreMeters';
import { CpuChart } from './CpuChart';

interface CpuPanelProps {
  readonly state: LabState;
  /** Opens the threads-vs-processes comparison (the GIL lesson): what the cores show, run on purpose. */
  onCompare(): void;
  /** Opens the fork vs spawn vs forkserver lesson. */
  onStartLesson(): void;
}

/**
 * The "CPU cores" region: the last minute per core, and the load right now. Drawn again only when what it
 * shows changes (a new sample, the period in force), not on every fact and output line the page folds:
 * the chart's axes and grid cost a frame's share on a busy page.
 */
export const CpuPanel = memo(CpuPanelView, (before: CpuPanelProps, after: CpuPanelProps) => {
  const [a, b] = [before.state, after.state];
  return (
    a.cpu === b.cpu &&
    a.host?.cores === b.host?.cores &&
    a.config.historySeconds === b.config.historySeconds &&
    samplePeriodInForce(a) === samplePeriodInForce(b) &&
    // With no sample yet, the chart's right edge is the state's clock.
    (b.cpu.length > 0 || a.now === b.now)
  );
});

function CpuPanelView({ state, onCompare, onStartLesson }: CpuPanelProps) {
  const cores = state.host?.cores ?? 0;
  const newest = state.cpu.at(-1);
  const current = newest === undefined || isGap(newest) ? [] : newest.values;
  const period = samplePeriodInForce(state);
  return (
    <section className="panel cpu-panel" aria-label="CPU cores">
      <header className="panel-head">
        <h2>CPU cores</h2>
        {/* The window (last 60 s) is on the chart's axis: the note keeps to what fits a third of the bottom row. */}
        <span className="panel-note" title={`last ${state.config.historySeconds} s, sampled every ${period} ms`}>
          {cores} {cores === 1 ? 'core' : 'cores'} · every {period} ms
        </span>
      </header>
      <div className="cpu-body">
        <CpuChart points={state.cpu} cores={cores} windowSeconds={state.config.historySeconds} now={newest?.t ?? state.now} />
        {/* Under the meters, not in the head: at 1280 px the head has room for its note only. */}
        <div className="cpu-side">
          <CoreMeters current={current} cores={cores} />
          {/* Open in a recording too: its last comparison is part of it. */}
          <button type="button" className="panel-action" onClick={onCompare} aria-label="Threads vs processes" title="Threads vs processes: the same CPU-bound Python function as N threads, then N processes (the GIL lesson)">
            GIL lesson
          </button>
          <button type="button" className="panel-action" onClick={onStartLesson} aria-label="fork vs spawn vs forkserver" title="fork vs spawn vs forkserver: the same Python program with each start method; start latency, memory, __main__ again, the fork hazard">
            Start methods
          </button>
        </div>
      </div>
    </section>
  );
}
