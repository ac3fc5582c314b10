import { BOUND_KEYS, type Bound, type ScenarioCheck } from '../../shared/scenario';

/** The one comparison a check makes, or null when it has none (a printed line that passes by itself). */
export function boundOf(check: Bound): { key: (typeof BOUND_KEYS)[number]; value: number } | null {
  for (const key of BOUND_KEYS) {
    const value = check[key];
    if (value !== undefined) return { key, value };
  }
  return null;
}

export function meets(check: Bound, measured: number): boolean {
  const bound = boundOf(check);
  if (bound === null) return true;
  switch (bound.key) {
    case 'equals':
      return measured === bound.value;
    case 'notEquals':
      return measured !== bound.value;
    case 'atLeast':
      return measured >= bound.value;
    case 'atMost':
      return measured <= bound.value;
  }
}

/** "!= 0", ">= 1.7": the expected outcome in the verdict's {expected}. */
export function expectedWords(check: ScenarioCheck): string {
  switch (check.kind) {
    case 'deadlock':
      return check.expect === 'none' ? 'no deadlock' : `a deadlock${check.cycle === undefined ? '' : ` with a cycle of ${check.cycle}`}`;
    case 'ends':
      return check.expect === 'finishes' ? `it finishes within ${check.seconds} s` : `it still waits after ${check.seconds} s`;
    default: {
      const bound = boundOf(check);
      if (bound === null) return 'the line';
      const sign = { equals: '==', notEquals: '!=', atLeast: '>=', atMost: '<=' }[bound.key];
      return `${sign} ${bound.value}`;
    }
  }
}

export interface VerdictWords {
  readonly value?: string | null;
  readonly seconds?: number | null;
  readonly worker?: string | null;
}

/** A verdict template filled in: each {placeholder} the scenario used, with what was measured ("?" when nothing was). */
export function fillVerdict(template: string, check: ScenarioCheck, words: VerdictWords): string {
  const values: Record<string, string> = {
    value: words.value ?? '?',
    expected: expectedWords(check),
    seconds: words.seconds === null || words.seconds === undefined ? '?' : formatSeconds(words.seconds),
    worker: words.worker ?? (check.kind === 'exit' ? check.worker : '?'),
  };
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => values[name] ?? whole).slice(0, 500);
}

export function formatSeconds(seconds: number): string {
  return seconds < 10 ? seconds.toFixed(1) : String(Math.round(seconds));
}

/** A measured number as a verdict shows it: whole numbers as they are, others to two places. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
