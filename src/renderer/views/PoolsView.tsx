import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import type { LabState } from '../../shared/lab-state';
import { useKeptState } from '../hooks/use-kept-state';
import type { PoolActions } from '../model/pool-actions';
import { poolEntries } from '../model/pool-slots';
import { PoolCard } from './PoolCard';

/** Cards differ in height (explain mode, many slots): each drawn card is measured, the others count as this. */
const CARD_ESTIMATE_PX = 330;
const OVERSCAN_CARDS = 2;
/** The Pools region's height in px, for explain mode's list (pools.css). */
const EXPLAIN_ROOM_PROPERTY = '--pools-height';
/** The step the cards' clock moves in: utilisation and the throughput axis need no finer. */
const CLOCK_STEP_MS = 1000;

interface PoolsViewProps {
  readonly state: LabState;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
  onNewPool(): void;
  readonly actions: PoolActions;
}

/** The "Pools" region, in the process tree's place: one card per pool, only those in view drawn. */
export function PoolsView({ state, offReason, onNewPool, actions }: PoolsViewProps) {
  const pools = poolEntries(state);
  // The cards keep one lookup that reads the latest workers: a worker's name never changes once told, and
  // an ending shows within the clock's step (the cards are drawn again each step).
  const workers = useRef(state.workers);
  useLayoutEffect(() => {
    workers.current = state.workers;
  });
  const workerOf = useCallback((workerId: string) => workers.current[workerId], []);
  const [explaining, setExplaining] = useKeptState<ReadonlySet<string>>('pools explaining', () => new Set());
  const toggleExplain = useCallback((pool: string) => setExplaining((current) => toggled(current, pool)), [setExplaining]);
  // The App makes new callbacks each render; the cards keep these, so an unchanged pool's card is not drawn again.
  const latest = useRef(actions);
  useLayoutEffect(() => {
    latest.current = actions;
  });
  const stableActions = useMemo<PoolActions>(
    () => ({
      run: (command) => latest.current.run(command),
      askKill: (workerId) => latest.current.askKill(workerId),
      selectWorker: (workerId) => latest.current.selectWorker(workerId),
      refuse: (title, message) => latest.current.refuse(title, message),
    }),
    [],
  );
  const now = Math.floor(state.now / CLOCK_STEP_MS) * CLOCK_STEP_MS;
  const body = useRef<HTMLDivElement>(null);
  useHeightProperty(body, EXPLAIN_ROOM_PROPERTY);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this view itself when it scrolls or measures
  const cardWindow = useVirtualizer({
    count: pools.length,
    getScrollElement: () => body.current,
    estimateSize: () => CARD_ESTIMATE_PX,
    getItemKey: (index) => pools[index]!.spec.name,
    overscan: OVERSCAN_CARDS,
  });
  const drawn = cardWindow.getVirtualItems();
  const busy = pools.reduce((sum, pool) => sum + pool.slots.filter((slot) => slot.taskId !== null).length, 0);
  const slots = pools.reduce((sum, pool) => sum + pool.slots.length, 0);
  return (
    <section className="panel pools-view" aria-label="Pools">
      <header className="panel-head">
        <h2>Pools</h2>
        <span className="panel-note">
          {pools.length} {pools.length === 1 ? 'pool' : 'pools'} · {busy} of {slots} workers busy
        </span>
        <div className="panel-tools">
          <button type="button" className="small" onClick={onNewPool} disabled={offReason !== null} title={offReason ?? undefined}>
            New pool
          </button>
        </div>
      </header>
      <div className="panel-body scroll" ref={body}>
        {pools.length === 0 ? (
          <p className="empty">No pools yet. “New pool” makes a Pool or an executor of threads or processes; then map a function over items and watch each worker take its tasks.</p>
        ) : (
          <ul className="pools">
            <li aria-hidden="true" className="pools-spacer" style={{ height: drawn[0]?.start ?? 0 }} />
            {drawn.map((item) => {
              const pool = pools[item.index]!;
              return (
                <PoolCard
                  key={item.key}
                  index={item.index}
                  measure={cardWindow.measureElement}
                  pool={pool}
                  now={now}
                  windowSeconds={state.config.historySeconds}
                  offReason={offReason}
                  explaining={explaining.has(pool.spec.name)}
                  onToggleExplain={toggleExplain}
                  workerOf={workerOf}
                  actions={stableActions}
                />
              );
            })}
            <li aria-hidden="true" className="pools-spacer" style={{ height: Math.max(0, cardWindow.getTotalSize() - (drawn.at(-1)?.end ?? 0)) }} />
          </ul>
        )}
      </div>
    </section>
  );
}

/**
 * The region's height, as a CSS property on its scroller: an explain list as tall as the region shows all
 * the rows it can (pools.css .explain-scroll), set on the element so a resize draws no card again.
 */
function useHeightProperty(element: RefObject<HTMLElement | null>, property: string): void {
  useLayoutEffect(() => {
    const target = element.current;
    if (target === null) return;
    const measure = () => target.style.setProperty(property, `${target.clientHeight}px`);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(target);
    return () => observer.disconnect();
  }, [element, property]);
}

function toggled(set: ReadonlySet<string>, name: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(name)) next.add(name);
  return next;
}
