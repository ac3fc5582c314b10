import { formatPercent } from '../format/units';

/** CPU % as a number with a small bar behind it; above one core (multi-threaded) the bar is full. */
export function CpuCell({ cpu }: { cpu: number | null }) {
  const load = cpu === null ? 'none' : cpu >= 80 ? 'high' : cpu >= 30 ? 'mid' : 'low';
  return (
    <td className={`num cpu-cell load-${load}`}>
      <span className="cpu-bar" aria-hidden="true" style={{ width: `${Math.min(100, cpu ?? 0)}%` }} />
      <span className="cpu-value">{formatPercent(cpu)}</span>
    </td>
  );
}
