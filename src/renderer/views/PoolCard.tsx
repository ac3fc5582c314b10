import { memo, useMemo } from 'react';
import type { WorkerView } from '../../shared/lab-state';
import type { PoolView } from '../../shared/pool-states';
import { useThrottled } from '../hooks/use-throttled';
import { explainLines } from '../model/pool-explain';
import type { PoolActions } from '../model/pool-actions';
import { slotRowsOf } from '../model/pool-slots';
import { formatRate } from '../model/queue-rates';
import { crashOutcomeOf, crashPolicyOf, pythonClassOf, STATE_HINTS } from '../model/pool-words';
import { Badge } from './Badge';
import { PoolControls } from './PoolControls';
import { PoolExplain } from './PoolExplain';
import { PoolHistogram } from './PoolHistogram';
import { PoolSlots } from './PoolSlots';
import { PoolThroughputChart } from './PoolThroughputChart';
import { PoolWorkForm } from './PoolWorkForm';

/** How often explain mode's list is drawn again, at most: a person reads it, a frame rate would be waste. */
const EXPLAIN_REDRAW_MS = 250;

interface PoolCardProps {
  readonly pool: PoolView;
  /** The lab's now in steps of a second: utilisation and the chart's axis move on with it. */
  readonly now: number;
  readonly windowSeconds: number;
  readonly offReason: string | null;
  /** Explain mode on: kept by the list, so a card scrolled out of the window and back keeps it. */
  readonly explaining: boolean;
  onToggleExplain(pool: string): void;
  /** Its place in the list, for the window's measuring (`measure` reads `data-index`). */
  readonly index: number;
  measure(element: Element | null): void;
  /** The lab's worker by id (its name, whether it ended), read at render. */
  workerOf(workerId: string): WorkerView | undefined;
  readonly actions: PoolActions;
}

/**
 * One pool: who it is (Python's class, runtime, state and why), its counts and backlog, one row per
 * worker slot, throughput and the run-time and wait-time histograms, its controls and work, and explain
 * mode on demand. Drawn again only when its own pool changed or the clock stepped (memo: the reducer
 * leaves an untouched pool the same object).
 */
export const PoolCard = memo(function PoolCard({ pool, now, windowSeconds, offReason, explaining, onToggleExplain, index, measure, workerOf, actions }: PoolCardProps) {
  const { spec, counts } = pool;
  const rows = useMemo(() => slotRowsOf(pool, workerOf, now), [pool, workerOf, now]);
  // Explain mode's list changes with every batch (up to 60 a second); drawn at most four times a second.
  const tasks = useThrottled(explaining ? pool.tasks : null, EXPLAIN_REDRAW_MS);
  const lines = useMemo(() => (tasks === null ? [] : explainLines(tasks, spec)), [tasks, spec]);
  const rate = pool.throughput.at(-1)?.values[0] ?? null;
  const keptAs = `pool ${spec.name} created ${pool.createdAt}`;
  const specWords = [`size ${spec.size}`, spec.maxTasksPerChild === null ? null : `max ${spec.maxTasksPerChild} tasks per worker`, crashPolicyOf(spec)].filter(Boolean).join(' · ');
  return (
    <li className={`pool-card state-${pool.state}`} data-pool={spec.name} data-state={pool.state} data-index={index} ref={measure} aria-label={`pool ${spec.name}`}>
      <div className="pool-head">
        <span className="pool-name mono">{spec.name}</span>
        <Badge tone="primitive">{pythonClassOf(spec.api, spec.runtime)}</Badge>
        <Badge tone={spec.runtime === 'thread' ? 'thread' : 'fork'}>{spec.runtime}</Badge>
        <span className={`pool-state state-${pool.state}`} title={STATE_HINTS[pool.state]}>
          {pool.state}
        </span>
        <span className="pool-spec dim" title={`${specWords}. A worker killed mid-task: ${crashOutcomeOf(spec.api, spec.runtime, spec.onCrash)}`}>
          {specWords}
        </span>
        {pool.origin === 'observed' ? (
          <span className="pool-observed dim" title="a Python program's own Pool or executor: the lab watches it; close, join, shutdown and terminate are its program's calls">
            Python program's pool{pool.where === null ? '' : ` at ${pool.where}`} · controlled by its program
          </span>
        ) : (
          <PoolControls spec={spec} state={pool.state} keptAs={keptAs} offReason={offReason} run={actions.run} />
        )}
      </div>
      {pool.reason !== null && (
        <p className="pool-reason" role="status">
          {pool.reason}
        </p>
      )}
      <dl className="pool-counts">
        <Count term="Submitted" value={counts.submitted} />
        <Count term="Done" value={counts.done} tone="ok" />
        <Count term="Failed" value={counts.failed} tone={counts.failed > 0 ? 'bad' : undefined} />
        <Count term="Lost" value={counts.lost} tone={counts.lost > 0 ? 'bad' : undefined} title="their worker was killed: Python's Pool never returns their results" />
        <Count term="Cancelled" value={counts.cancelled} />
        <Count term="Rejected" value={counts.rejected} tone={counts.rejected > 0 ? 'warn' : undefined} />
        <Count term="Backlog" value={pool.backlog} tone="accent" title="tasks in the host not yet sent to a worker" />
        <Count term="Done/s" value={formatRate(rate).replace('/s', '')} />
      </dl>
      <div className="pool-body">
        <div className="pool-main">
          <PoolSlots pool={spec.name} rows={rows} offReason={offReason} actions={actions} />
          <div className="pool-foot">
            {pool.origin !== 'observed' && <PoolWorkForm pool={spec.name} keptAs={keptAs} offReason={offReason} actions={actions} />}
            <button type="button" className="small explain-toggle" aria-pressed={explaining} title="every task's steps, from submit to callback" onClick={() => onToggleExplain(spec.name)}>
              Explain
            </button>
          </div>
        </div>
        <div className="pool-charts">
          <figure className="pool-throughput">
            <figcaption>tasks done per second</figcaption>
            <PoolThroughputChart points={pool.throughput} windowSeconds={windowSeconds} now={now} />
          </figure>
          <div className="pool-histograms">
            <PoolHistogram title="run time" counts={pool.runHist} />
            <PoolHistogram title="wait time" counts={pool.waitHist} />
          </div>
        </div>
      </div>
      {explaining && <PoolExplain pool={spec.name} lines={lines} skipped={pool.skipped} />}
    </li>
  );
});

function Count({ term, value, tone, title }: { term: string; value: number | string; tone?: 'ok' | 'bad' | 'warn' | 'accent'; title?: string }) {
  return (
    <div className={tone === undefined ? 'count' : `count ${tone}`} title={title}>
      <dt>{term}</dt>
      <dd className="mono" data-count={term.toLowerCase()}>
        {value}
      </dd>
    </div>
  );
}
