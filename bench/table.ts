import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './figure';
import { loadHistory, type RunRecord } from './run-record';
import { significant, type Verdict } from './stats';
import { TARGETS, UNTARGETED } from './targets';

/**
 * `npm run bench:table`: the README's benchmark table, written between its two markers from the last
 * three runs in bench/results/history (never pasted by hand). `--check` only says whether it is current.
 */

export const BEGIN = '<!-- bench-table:begin (written by npm run bench:table from bench/results/history; do not edit) -->';
export const END = '<!-- bench-table:end -->';
export const README = join(__dirname, '..', 'README.md');
const RUNS_SHOWN = 3;

/** A number as the table prints it; an interval end that does not exist (too few rounds) is "∞". */
function num(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return value !== null && value !== undefined && value < 0 ? '-∞' : '∞';
  return significant(value).toLocaleString('en', { maximumFractionDigits: 6 });
}

/** "1.07x", "4.08 µs", "0": a figure with its unit. */
function withUnit(value: number | null | undefined, unit: string): string {
  return unit === 'x' ? `${num(value)}x` : unit === '' ? num(value) : `${num(value)} ${unit}`;
}

const MARK: Record<Verdict, string> = { met: 'met', missed: '**missed**', 'too noisy: not judged': 'too noisy: not judged' };

function describeRun(run: RunRecord, index: number): string {
  const others = run.load.othersCores === null ? 'unknown' : `${run.load.othersCores.toFixed(2)} cores`;
  const when = run.at.replace('T', ' ').slice(0, 16);
  return `${index + 1}. ${when} UTC, commit ${run.commit}, ${run.seconds} s; other work meanwhile ${others}, load average ${run.load.loadavgStart} to ${run.load.loadavgEnd}`;
}

function baselineCell(figure: Figure): string {
  if (figure.raw === undefined || figure.lab === undefined) return figure.baseline ?? '–';
  const unit = figure.rawUnit ?? '';
  return `${figure.baseline ?? 'raw'}: ${withUnit(figure.raw.value, unit)}; ${figure.labSide ?? 'lab'}: ${withUnit(figure.lab.value, unit)}`;
}

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

/** The markdown between the markers: the latest run in full, the two before it by their figure and verdict. */
export function renderTable(history: readonly RunRecord[]): string {
  const runs = history.slice(-RUNS_SHOWN).reverse();
  const latest = runs[0];
  if (latest === undefined) return 'No bench run recorded yet: run `npm run bench`.';
  const { machine } = latest;
  const lines = [
    `Runs shown, newest first (${machine.cpus} × ${machine.cpu}, ${machine.platform} ${machine.release}, Node ${machine.node}):`,
    '',
    ...runs.map(describeRun),
    '',
    row(['figure', 'target', 'run 1: figure [95% interval]', 'run 1: min / max, IQR/median, rounds', 'run 1: raw baseline and lab', 'run 1', ...runs.slice(1).map((_, i) => `run ${i + 2}`)]),
    row(Array.from({ length: 6 + runs.length - 1 }, () => '---')),
  ];
  const keys = [...TARGETS.map((target) => target.figure), ...UNTARGETED];
  for (const key of keys) {
    const figure = latest.figures[key];
    if (figure === undefined) continue;
    const target = TARGETS.find((each) => each.figure === key);
    const verdictOf = (run: RunRecord) => run.verdicts.find((each) => each.figure === key)?.verdict;
    const older = runs.slice(1).map((run) => {
      const then = run.figures[key];
      if (then === undefined) return '–';
      const verdict = verdictOf(run);
      return `${withUnit(then.value.value, then.unit)}${verdict === undefined ? '' : `, ${MARK[verdict]}`}`;
    });
    const { value } = figure;
    const which = value.quantile === 0.5 ? '' : ` (p${Math.round(value.quantile * 100)})`;
    const verdict = verdictOf(latest);
    const counted = figure.stoppedBy === 'counted';
    lines.push(
      row([
        figure.what,
        target === undefined ? '–' : `${target.direction} ${target.limit}`,
        counted ? num(value.value) : `${withUnit(value.value, figure.unit)}${which} [${num(value.low)}–${num(value.high)}]`,
        counted ? 'counted' : `${num(value.min)} / ${num(value.max)}, ${(value.iqrOverMedian * 100).toFixed(0)}%, ${figure.pairs}`,
        baselineCell(figure),
        verdict === undefined ? '–' : MARK[verdict],
        ...older,
      ]),
    );
  }
  return lines.join('\n');
}

/** Replaces what is between the markers; throws when the README has lost them. */
export function withTable(readme: string, table: string): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin === -1 || end < begin) throw new Error(`README.md has no bench table markers (${BEGIN} ... ${END})`);
  return `${readme.slice(0, begin + BEGIN.length)}\n${table}\n${readme.slice(end)}`;
}

/** Writes the table from the stored history; true when the README changed. */
export function writeReadmeTable(): boolean {
  const readme = readFileSync(README, 'utf8');
  const next = withTable(readme, renderTable(loadHistory()));
  if (next === readme) return false;
  writeFileSync(README, next);
  return true;
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const readme = readFileSync(README, 'utf8');
    const current = withTable(readme, renderTable(loadHistory())) === readme;
    console.log(current ? 'bench:table: the README table matches bench/results/history' : 'bench:table: the README table is stale: run npm run bench:table');
    process.exit(current ? 0 : 1);
  }
  console.log(writeReadmeTable() ? 'bench:table: README.md rewritten' : 'bench:table: README.md already current');
}
