import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PythonCollector } from '../../support/python-collector';
import { waitFor } from '../../support/wait';
import { factChecksToCome } from './seed-fact-checks';
import { factChecksNow } from './seed-facts';
import { seedOutcomes, spawnOutcomes, type SeedOutcome } from './seed-outcomes';
import { EXAMPLES, interpreters, runToExit, runUntilBlocked, seedPrograms, type RunOptions, type SeedRun } from './seed-run';

/**
 * Every example program of the seeds (resources/python/examples) runs with the plain interpreters we
 * support and shows what its seed teaches, as far as its output and exit code tell. The checks made from
 * the lab's facts come when the shim lands (seed-fact-checks.ts).
 */

const PROGRAMS = seedPrograms();
const ROOT = join(__dirname, '..', '..', '..');
/** The seed documents, beside the repository (../shared/seeds) or beside the worktrees' folder; absent from a fresh clone. */
const SEEDS = [join(ROOT, '..', 'shared', 'seeds'), join(ROOT, '..', '..', 'shared', 'seeds')].find((path) => existsSync(path));
/** Generous: programs sleep a few seconds at most, but this machine is shared and some start 100 processes. */
const RUN_TIMEOUT_MS = 60_000;

describe('the seed programs', () => {
  it('has a check today and a fact check to come for every program, and nothing else', () => {
    expect(PROGRAMS.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(seedOutcomes).sort()).toEqual(PROGRAMS);
    expect(Object.keys(factChecksToCome).sort()).toEqual(PROGRAMS);
    for (const program of [...Object.keys(spawnOutcomes), ...Object.keys(factChecksNow)]) expect(PROGRAMS).toContain(program);
  });

  it('says in its first lines which seed and section it comes from, what it teaches and what was fixed', () => {
    for (const program of PROGRAMS) {
      const header = readFileSync(join(EXAMPLES, program), 'utf8').split('\n').slice(0, 12).join('\n');
      const seed = /^# Seed (\d{3}_[0-9a-f]{16}\.txt), /m.exec(header)?.[1];
      expect(seed, program).toBeDefined();
      if (SEEDS !== undefined) expect(existsSync(join(SEEDS, seed!)), `${program} names ${seed}`).toBe(true);
      expect(header, program).toMatch(/^# Teaches: /m);
      expect(header, program).toMatch(/^# Fixed: /m);
    }
  });

  it('is listed in the examples README', () => {
    const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
    for (const program of PROGRAMS) expect(readme, program).toContain(`\`${program}\``);
  });
});

interface Mode {
  startMethod?: RunOptions['startMethod'];
  /** Under the lab's shim, reporting to a bare collector: the same outcome, and the facts checked where they are. */
  shim?: boolean;
}

async function verify(python: string, program: string, outcome: SeedOutcome, mode: Mode = {}): Promise<void> {
  const attempts = outcome.kind === 'ends' ? (outcome.attempts ?? 1) : 1;
  for (let attempt = 1; ; attempt++) {
    const collector = mode.shim === true ? new PythonCollector() : undefined;
    try {
      await collector?.listen();
      const options: RunOptions = { startMethod: mode.startMethod, env: collector?.env() };
      if (outcome.kind === 'blocks') {
        const run = await runUntilBlocked(python, program, outcome.reached, RUN_TIMEOUT_MS, options);
        outcome.check(run);
        if (collector !== undefined) checkFacts(program, collector, run);
        return;
      }
      const run = await runToExit(python, program, RUN_TIMEOUT_MS, { ...options, buffered: outcome.buffered });
      try {
        checkEnded(run, outcome);
        if (collector !== undefined) {
          // Every process's connection closed: all it sent is in.
          await waitFor('every shim connection to close', () => collector.connections.every((connection) => connection.ended), 10_000);
          checkFacts(program, collector, run);
        }
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
    } finally {
      await collector?.close();
    }
  }
}

function checkEnded(run: SeedRun, outcome: Extract<SeedOutcome, { kind: 'ends' }>): void {
  expect({ code: run.code, signal: run.signal }, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toEqual({ code: outcome.code ?? 0, signal: null });
  try {
    outcome.check(run);
  } catch (error) {
    // The whole output, to see what the interleaving was.
    throw new Error(`${(error as Error).message}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

function checkFacts(program: string, collector: PythonCollector, run: SeedRun): void {
  const main = collector.byRole('main');
  expect(main.map((connection) => connection.hello?.pid), 'one main process observed, the one started').toEqual([run.pid]);
  factChecksNow[program]?.(collector.connections, run);
}

const testTimeout = (outcome: SeedOutcome) => (outcome.kind === 'ends' ? (outcome.attempts ?? 1) : 1) * RUN_TIMEOUT_MS + 10_000;

describe.each(interpreters())('with Python $version', ({ path }) => {
  for (const program of PROGRAMS) {
    const outcome = seedOutcomes[program];
    if (outcome !== undefined) it.concurrent(program, () => verify(path, program, outcome), testTimeout(outcome));
  }
  describe('under the spawn start method', () => {
    for (const [program, outcome] of Object.entries(spawnOutcomes)) it.concurrent(program, () => verify(path, program, outcome, { startMethod: 'spawn' }), testTimeout(outcome));
  });
  describe("under the lab's shim", () => {
    for (const program of PROGRAMS) {
      const outcome = seedOutcomes[program];
      if (outcome !== undefined) it.concurrent(program, () => verify(path, program, outcome, { shim: true }), testTimeout(outcome));
    }
  });
});
