import { formatPercent } from '../format/units';
import { coreColor, TOTAL_COLOR } from './core-colors';

/** The chart's legend with the current values: one bar per core, then the total (htop's meters). */
export function CoreMeters({ current, cores }: { current: readonly (number | null)[]; cores: number }) {
  const meters = [
    ...Array.from({ length: cores }, (_, core) => ({ label: `cpu${core}`, value: current[core] ?? null, color: coreColor(core) })),
    { label: 'total', value: current[cores] ?? null, color: TOTAL_COLOR },
  ];
  return (
    <ul className="core-meters" aria-label="Current load per core">
      {meters.map(({ label, value, color }) => (
        <li key={label} className={label === 'total' ? 'meter total' : 'meter'}>
          <span className="meter-swatch" style={{ background: color }} aria-hidden="true" />
          <span className="meter-label">{label}</span>
          <span className="meter-track" aria-hidden="true">
            <span className="meter-fill" style={{ width: `${Math.min(100, value ?? 0)}%`, background: color }} />
          </span>
          <span className="meter-value">{formatPercent(value)}</span>
        </li>
      ))}
    </ul>
  );
}
