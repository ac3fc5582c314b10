import type { LabState } from '../../shared/lab-state';
import { formatDuration, formatMiB } from '../format/units';

/** "1.2k" for 1,234: a rate read at a glance. */
function formatRate(perSecond: number): string {
  if (perSecond < 1000) return String(Math.round(perSecond));
  return perSecond < 10_000 ? `${(perSecond / 1000).toFixed(1)}k` : `${Math.round(perSecond / 1000)}k`;
}

/**
 * What observing costs right now: how busy the host's main thread is, its heap, facts per second and the sampling period in
 * force, in a box of fixed width (the header does not move). When the lab has lowered its own sampling
 * rate it says so here, in words, and in the event log.
 */
export function LabCostFact({ state }: { state: LabState }) {
  const cost = state.cost;
  if (cost === null) return null;
  const lowered = cost.reason !== null;
  // The period is the news when the lab has lowered it; the rest is in the accessible name and tooltip.
  const summary = lowered ? `lowered to ${formatDuration(cost.periodMs)}` : `${Math.round(cost.busyPercent)}% · ${formatRate(cost.factsPerSecond)} facts/s`;
  const story = [
    `Over its last sampling period the lab's main thread was ${cost.busyPercent.toFixed(1)}% busy observing`,
    `its heap holds ${formatMiB(cost.heapBytes)} (the host process ${formatMiB(cost.rssBytes)} resident, thread workers included)`,
    `it recorded ${Math.round(cost.factsPerSecond)} facts per second`,
    `sampling every ${cost.periodMs} ms`,
    lowered ? `instead of ${cost.configuredMs} ms because ${cost.reason}: it lowers its own rate until it is calm again` : 'as configured',
  ].join('; ');
  return (
    <div className={lowered ? 'lab-cost lowered' : 'lab-cost'}>
      <dt>Lab cost</dt>
      <dd className="mono" aria-label={story} title={story}>
        {summary}
      </dd>
    </div>
  );
}
