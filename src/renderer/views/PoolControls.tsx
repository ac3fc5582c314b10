import { useKeptState } from '../hooks/use-kept-state';
import type { PoolSpec, PoolState } from '../../shared/pools';
import type { PoolActions } from '../model/pool-actions';
import { typedNumber } from '../model/typed-number';

interface PoolControlsProps {
  readonly spec: PoolSpec;
  readonly state: PoolState;
  /** Where the typed size and the cancel-pending box are kept while the card is not drawn (PoolWorkForm's). */
  readonly keptAs: string;
  readonly offReason: string | null;
  readonly run: PoolActions['run'];
}

/**
 * A pool's lifecycle as Python spells it: Close, Join (Pool) or Shutdown (executors), Terminate; Resize
 * (the lab's, Python has none); Delete once its workers have ended. Join before Close stays clickable on
 * purpose: the lab answers with Python's "ValueError: Pool is still running", which is the lesson.
 */
export function PoolControls({ spec, state, keptAs, offReason, run }: PoolControlsProps) {
  const [size, setSize] = useKeptState(`${keptAs}.size`, String(spec.size));
  const [cancelFutures, setCancelFutures] = useKeptState(`${keptAs}.cancelFutures`, false);
  const pool = spec.name;
  const over = state === 'ended' || state === 'broken';
  const off = offReason !== null;
  return (
    <div className="pool-controls" role="group" aria-label={`${pool} lifecycle`}>
      <button type="button" className="small" disabled={off || state !== 'running'} title={offReason ?? 'no new tasks; the workers end once the backlog is done'} onClick={() => run({ type: 'pool.close', pool })}>
        Close
      </button>
      {spec.api === 'pool' ? (
        <button type="button" className="small" disabled={off} title={offReason ?? 'wait until every worker has ended (after Close or Terminate)'} onClick={() => run({ type: 'pool.join', pool })}>
          Join
        </button>
      ) : (
        <>
          <button
            type="button"
            className="small"
            disabled={off}
            title={offReason ?? (cancelFutures ? 'shutdown(wait=True, cancel_futures=True): pending futures are cancelled' : 'shutdown(wait=True): no new tasks, wait for the pending ones')}
            onClick={() => run({ type: 'pool.shutdown', pool, wait: true, cancelFutures })}
          >
            Shutdown
          </button>
          <label className="check small-check" title="cancel_futures=True: futures not yet running are cancelled">
            <input type="checkbox" checked={cancelFutures} onChange={(event) => setCancelFutures(event.target.checked)} />
            <span>cancel pending</span>
          </label>
        </>
      )}
      <button type="button" className="small warn" disabled={off || over} title={offReason ?? 'stop every worker now; unfinished tasks are rejected'} onClick={() => run({ type: 'pool.terminate', pool })}>
        Terminate
      </button>
      <form
        className="pool-resize"
        onSubmit={(event) => {
          event.preventDefault();
          run({ type: 'pool.resize', pool, size: typedNumber(size) });
        }}
      >
        <input className="mono" inputMode="numeric" aria-label={`${pool} size`} value={size} onChange={(event) => setSize(event.target.value)} />
        <button type="submit" className="small" disabled={off || state !== 'running'} title={offReason ?? 'grow: new workers start; shrink: idle workers stop, busy ones after their task'}>
          Resize
        </button>
      </form>
      <button
        type="button"
        className="small delete-pool"
        disabled={off || !over}
        title={offReason ?? (over ? 'forget it: the name can be used again' : 'only once every worker has ended (Close or Terminate, then Join)')}
        onClick={() => run({ type: 'pool.delete', pool })}
      >
        Delete
      </button>
    </div>
  );
}
