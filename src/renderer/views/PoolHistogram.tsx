import { memo } from 'react';
import { histogramBars, histogramSummary } from '../model/pool-histogram';

/**
 * Run times or wait times of a pool's tasks, 17 bars of plain boxes (no chart library: 17 numbers do not
 * need one). Memoised on the counts, which the reducer replaces only when a batch added to them.
 */
export const PoolHistogram = memo(function PoolHistogram({ title, counts }: { title: string; counts: readonly number[] }) {
  const bars = histogramBars(counts);
  const summary = histogramSummary(bars);
  return (
    <figure className="pool-histogram">
      <figcaption title={summary}>{title}</figcaption>
      <div className="histogram-bars" role="img" aria-label={`${title}: ${summary}`} title={summary}>
        {bars.map((bar) => (
          <div key={bar.label} className="histogram-bar" title={`${bar.label}: ${bar.count}`}>
            <span className={bar.count > 0 ? 'bar filled' : 'bar'} style={{ height: `${bar.count > 0 ? Math.max(4, bar.share * 100) : 0}%` }} />
          </div>
        ))}
      </div>
      <div className="histogram-ticks" aria-hidden="true">
        {bars.map((bar) => (
          <span key={bar.label}>{bar.tick}</span>
        ))}
      </div>
    </figure>
  );
});
