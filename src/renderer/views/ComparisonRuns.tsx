import { cores as inCores } from '../../shared/describe-comparison';
import type { Comparison, ComparisonRun } from '../../shared/lessons';

const STATE_WORDS: Readonly<Record<ComparisonRun['state'], string>> = { waiting: 'waiting', running: 'running…', done: 'done', failed: 'failed' };

/** The two runs of a comparison side by side: wall time, CPU in all, each core's load, each counter's CPU. */
export function ComparisonRuns({ comparison }: { comparison: Comparison }) {
  return (
    <div className="comparison-runs" role="group" aria-label={`Comparison with ${comparison.interpreter}`}>
      {comparison.runs.map((run) => (
        <RunColumn key={run.mode} run={run} workers={comparison.workers} />
      ))}
    </div>
  );
}

function RunColumn({ run, workers }: { run: ComparisonRun; workers: number }) {
  const title = `${workers} ${run.mode}`;
  return (
    <section className={`comparison-column run-${run.state}`} aria-label={title}>
      <h3>
        {title} <span className="dim">{STATE_WORDS[run.state]}</span>
      </h3>
      {run.error !== null && (
        <p className="form-error" role="alert">
          {run.error}
        </p>
      )}
      <dl className="comparison-figures">
        <Figure label="Wall time" value={run.wallMs === null ? '–' : `${(run.wallMs / 1000).toFixed(1)} s`} />
        <Figure label="CPU in all" value={run.totalCpu === null ? '–' : inCores(run.totalCpu)} hint={run.peakCpu === null ? undefined : `mean over ${run.samples} samples; highest ${inCores(run.peakCpu)}`} />
        <Figure label="GIL-bound" value={run.gilBound === null ? (run.state === 'done' ? 'not sampled: too short' : '–') : `${Math.round(run.gilBound * 100)}% of samples`} hint="threads that wanted to run and slept while another held the GIL (inferred from /proc)" />
      </dl>
      <Meters label="Per core" rows={run.cores.map((load, at) => ({ key: String(at), name: `core ${at}`, value: load, max: 100 }))} />
      <Meters label={run.mode === 'threads' ? 'Per thread' : 'Per process'} rows={run.units.map((unit) => ({ key: String(unit.id), name: unit.name, value: unit.cpu, max: 100 }))} />
    </section>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string | undefined }) {
  return (
    <div title={hint}>
      <dt>{label}</dt>
      <dd className="mono">{value}</dd>
    </div>
  );
}

interface MeterRow {
  readonly key: string;
  readonly name: string;
  readonly value: number;
  readonly max: number;
}

/** Horizontal bars with their values, percent of one core. */
function Meters({ label, rows }: { label: string; rows: readonly MeterRow[] }) {
  return (
    <div className="comparison-meters">
      <h4>{label}</h4>
      {rows.length === 0 ? (
        <p className="dim">no samples yet</p>
      ) : (
        <ul aria-label={label}>
          {rows.map((row) => (
            <li key={row.key}>
              <span className="meter-name">{row.name}</span>
              <meter min={0} max={row.max} value={Math.min(row.value, row.max)} aria-label={`${row.name}: ${Math.round(row.value)}% of a core`} />
              <span className="mono meter-value">{Math.round(row.value)}%</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
