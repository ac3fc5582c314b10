import { formatMiB } from '../format/units';
import { medianLatency, type StartLesson, type StartLessonRun } from '../../shared/start-lesson';

const STATE_WORDS: Readonly<Record<StartLessonRun['state'], string>> = { waiting: 'waiting', running: 'running…', done: 'done', failed: 'failed' };
const RUN_WORDS: Readonly<Record<StartLessonRun['run'], string>> = { fork: 'fork', spawn: 'spawn', forkserver: 'forkserver', 'fork-with-thread': 'fork, a thread running' };
const HELPER_WORDS = { forkserver: 'forkserver', 'resource-tracker': 'resource tracker' } as const;

/** The lesson's runs, a row each: what the lab measured of the same program under each start method. */
export function StartLessonRuns({ lesson }: { lesson: StartLesson }) {
  return (
    <table className="start-lesson-runs" aria-label={`Start methods with ${lesson.interpreter}${lesson.version === null ? '' : ` (Python ${lesson.version})`}`}>
      <thead>
        <tr>
          <th scope="col">Start method</th>
          <th scope="col" title="median of the children: from the parent's Process.start() call to the child's first report to the lab">
            Start latency
          </th>
          <th scope="col" title="a child's resident memory (/proc/PID/smaps_rollup, the reading with the most resident pages)">
            Child RSS
          </th>
          <th scope="col" title="proportional set size: each page shared with other processes counted as its share">
            PSS
          </th>
          <th scope="col" title="resident pages shared with other processes: after a fork, the parent's, copy-on-write until written">
            Shared
          </th>
          <th scope="col" title="the main module's top-level print seen again, printed by a child (as __mp_main__)">
            __main__ again
          </th>
          <th scope="col">Helper processes</th>
          <th scope="col">Fork hazard</th>
        </tr>
      </thead>
      <tbody>
        {lesson.runs.map((run) => (
          <RunRow key={run.run} run={run} childCount={lesson.children} />
        ))}
      </tbody>
    </table>
  );
}

function RunRow({ run, childCount }: { run: StartLessonRun; childCount: number }) {
  const median = medianLatency(run.latencies);
  const each = run.latencies.map((latency) => latency.toFixed(0)).join(', ');
  return (
    <tr className={`run-${run.state}`} aria-label={RUN_WORDS[run.run]}>
      <th scope="row">
        {RUN_WORDS[run.run]}{' '}
        <span className="dim run-state">{STATE_WORDS[run.state]}</span>
        {run.error !== null && (
          <span className="form-error" role="alert">
            {run.error}
          </span>
        )}
      </th>
      <td className="mono" title={run.latencies.length === 0 ? undefined : `each child: ${each} ms`}>
        {median === null ? '–' : `${median.toFixed(1)} ms`}
        {run.latencies.length > 0 && ' '}
        {run.latencies.length > 0 && (
          <span className="dim run-state">
            {run.latencies.length === childCount ? `median of ${childCount} children` : `${run.latencies.length} of ${childCount} children`}
          </span>
        )}
      </td>
      <td className="mono">{formatMiB(run.childMemory?.rss)}</td>
      <td className="mono">{formatMiB(run.childMemory?.pss)}</td>
      <td className="mono">{formatMiB(run.childMemory?.shared)}</td>
      <td>{run.state === 'waiting' ? '–' : run.reimports > 0 ? `yes, ${run.reimports}×` : 'no'}</td>
      <td>{run.helpers.length === 0 ? (run.state === 'waiting' ? '–' : 'none') : run.helpers.map((helper) => HELPER_WORDS[helper]).join(', ')}</td>
      <td>{hazardOf(run)}</td>
    </tr>
  );
}

function hazardOf(run: StartLessonRun) {
  if (run.forkedAmongThreads === null) return run.state === 'done' ? 'none' : '–';
  return (
    <span className="fact-hazard" title="a lock another thread held at the fork stays held for ever in the child">
      ⚠ forked among {run.forkedAmongThreads} threads{run.warned ? '; DeprecationWarning' : ''}
    </span>
  );
}
