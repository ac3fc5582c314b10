import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './figure';
import type { Verdict } from './stats';
import type { FigureTarget } from './targets';

/** One `npm run bench` as stored in bench/results: latest.json, and a copy per run in history/. */
export interface RunRecord {
  /** ISO time the run started. */
  readonly at: string;
  /** The commit measured, with "+dirty" when the worktree had changes. */
  readonly commit: string;
  readonly machine: { readonly platform: string; readonly release: string; readonly cpus: number; readonly cpu: string; readonly node: string };
  /** How busy the machine was with other work: the whole point of judging a run. */
  readonly load: Load;
  readonly seconds: number;
  readonly figures: Readonly<Record<string, Figure>>;
  readonly verdicts: readonly Judged[];
}

export interface Load {
  /** /proc/loadavg's 1-minute figure at the start and at the end of the run. */
  readonly loadavgStart: number;
  readonly loadavgEnd: number;
  /** CPU used by everything but this bench (and its children), in cores, averaged over the run. */
  readonly othersCores: number | null;
}

export interface Judged extends FigureTarget {
  readonly verdict: Verdict;
}

export const RESULTS_DIR = join(__dirname, 'results');
export const HISTORY_DIR = join(RESULTS_DIR, 'history');

export function saveRun(record: RunRecord): string {
  mkdirSync(HISTORY_DIR, { recursive: true });
  const text = `${JSON.stringify(record, null, 2)}\n`;
  writeFileSync(join(RESULTS_DIR, 'latest.json'), text);
  const file = join(HISTORY_DIR, `${record.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, text);
  return file;
}

/** The stored runs, oldest first (the file names are their start times). */
export function loadHistory(directory = HISTORY_DIR): RunRecord[] {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().map((name) => JSON.parse(readFileSync(join(directory, name), 'utf8')) as RunRecord);
}
