import { readFileSync, writeFileSync } from 'node:fs';
import type { Figure } from './figure';

/**
 * Each bench section runs in a process of its own (run.ts starts one per section), so that no section
 * leaves the next a bigger heap, a stray timer or a child: measured, the brokered process lock pair was 9%
 * slower after the sections before it than on its own. `--out FILE` writes the section's figures there.
 */
export function runSection(run: () => Promise<Record<string, Figure>>): void {
  const index = process.argv.indexOf('--out');
  const out = index === -1 ? undefined : process.argv[index + 1];
  void run().then(
    (figures) => {
      if (out !== undefined) writeFileSync(out, JSON.stringify(figures, keepInfinities));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Figures as a section wrote them, with the unbounded ends of intervals (±Infinity) intact. */
export function readSection(file: string): Record<string, Figure> {
  return JSON.parse(readFileSync(file, 'utf8'), (_key, value: unknown) => (value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : value === 'NaN' ? NaN : value)) as Record<string, Figure>;
}

/** JSON has no Infinity (it would become null, and null <= 1.2 is true): written as words, read back. */
function keepInfinities(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
