import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CommandOutcome, LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The scenario commands as an attacker sends them, through the real core with real threads: bad ids, bad
 * variants, steps out of range, garbage, and floods (runs and resets fired together, a thousand runs, a
 * thousand reloads). Whatever the order, every command is answered, in words when refused, and when the
 * dust settles at most the last run's workers live, and none after a reset: nothing is left to nobody.
 */

const SLEEPERS = `title: Sleepers
seed: none
narration:
  - text: two threads sleep
  - text: they still sleep
variants:
  - id: sleep
    label: Sleep
    program:
      kind: lab
      primitives: [{ kind: Lock, name: sleepersLock }]
      starts: [{ kind: thread, count: 2, namePrefix: sleeper, task: { name: sleep, ms: 120000 } }]
    check: { kind: ends, expect: hangs, seconds: 590, limit: 600, verdict: { pass: hung, fail: ended } }
  - id: missing
    label: Missing
    program: { kind: python, script: not-there.py }
    check: { kind: exit, worker: main, equals: 0, verdict: { pass: ok, fail: no } }
`;

const folder = mkdtempSync(join(tmpdir(), 'lab-hostile-commands-'));
writeFileSync(join(folder, 'sleepers.yaml'), SLEEPERS);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let harness: LabHarness;
afterEach(async () => harness?.stop());

async function labWithSleepers(): Promise<LabHarness> {
  harness = new LabHarness({}, { scenarioFolders: [folder] });
  await harness.lab.scenariosReady();
  return harness;
}

/** The scenario's workers that have not ended, as the lab's state has them. */
const liveSleepers = (h: LabHarness) => Object.values(h.lab.state().workers).filter((worker) => worker.name.startsWith('sleeper') && worker.exit === null);

describe('scenario commands under attack', () => {
  it('bad ids, variants, steps and shapes are each refused in a sentence, and the scenario runs after them', async () => {
    const h = await labWithSleepers();
    expect(await h.refused({ type: 'scenario.run', id: 'nope', variant: 'sleep' })).toMatch(/^there is no scenario called nope \(there are .*sleepers/);
    expect(await h.refused({ type: 'scenario.run', id: 'sleepers', variant: 'fixed' })).toBe('sleepers has no variant fixed (it has sleep, missing)');
    expect(await h.refused({ type: 'scenario.step', id: 'sleepers', to: 2 })).toBe('sleepers has 2 steps: step 2 is not one (the first is 0)');
    expect(await h.refused({ type: 'scenario.reset', id: 'nope' })).toMatch(/^there is no scenario called nope/);
    const garbage: unknown[] = [
      { type: 'scenario.run', id: '../../etc/passwd', variant: 'sleep' },
      { type: 'scenario.run', id: 'sleepers', variant: 'x'.repeat(100_000) },
      { type: 'scenario.run', id: 'sleepers', variant: 'sleep', interpreter: 'python3\0-c' },
      { type: 'scenario.run', id: 'sleepers', variant: 'sleep', extra: true },
      { type: 'scenario.run', id: { toString: 'sleepers' }, variant: 'sleep' },
      { type: 'scenario.step', id: 'sleepers', to: -1 },
      { type: 'scenario.step', id: 'sleepers', to: 1.5 },
      { type: 'scenario.step', id: 'sleepers', to: 1e308 },
      { type: 'scenario.step', id: 'sleepers', to: '1' },
      { type: 'scenario.reset', id: '__proto__' },
      { type: 'scenario.reload', id: 'sleepers' },
      JSON.parse(`{"type":"scenario.run","id":"sleepers","variant":"sleep","deep":${'['.repeat(5000)}${']'.repeat(5000)}}`),
    ];
    for (const command of garbage) {
      const error = await h.refused(command);
      expect(error.length).toBeLessThan(600);
      expect(error).toMatch(/^[^\n]+$/);
    }
    expect(liveSleepers(h)).toEqual([]);
    await h.ok({ type: 'scenario.run', id: 'sleepers', variant: 'sleep' });
    await waitFor('two sleepers live', () => liveSleepers(h).length === 2);
    await h.ok({ type: 'scenario.reset', id: 'sleepers' });
    expect(liveSleepers(h)).toEqual([]);
  });

  it('fifty runs fired together start one run, once; a reset then leaves no worker and no primitive of it', async () => {
    const h = await labWithSleepers();
    await h.ok({ type: 'scenario.run', id: 'sleepers', variant: 'sleep' });
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => h.lab.execute({ type: 'scenario.run', id: 'sleepers', variant: 'sleep' })));
    const started = outcomes.filter((outcome): outcome is Extract<CommandOutcome, { ok: true }> => outcome.ok);
    expect(started).toHaveLength(1);
    // Refused while the first starts, or given way to a later one while it waited for a reset.
    for (const outcome of outcomes) if (!outcome.ok) expect(outcome.error).toMatch(/^sleepers (is starting already|was asked to run or reset again while this run waited for the last one to end: the later request is the one done)$/);
    // The run that started is the one the lab tracks: its two workers live, nobody else's.
    await waitFor('the last run live', () => liveSleepers(h).length === 2);
    expect(liveSleepers(h).map((worker) => worker.id).sort()).toEqual([...started[0]!.result.workerIds].sort());
    await h.ok({ type: 'scenario.reset', id: 'sleepers' });
    expect(liveSleepers(h)).toEqual([]);
    expect(Object.keys(h.lab.state().sync.states)).not.toContain('sleepersLock');
    expect(h.lab.state().scenarios.progress.sleepers).toMatchObject({ state: 'idle', step: 0, groupIds: [] });
  });

  it('a reset asked while a run waits for the last one to end wins: nothing is left running', async () => {
    const h = await labWithSleepers();
    await h.ok({ type: 'scenario.run', id: 'sleepers', variant: 'sleep' });
    await waitFor('first run live', () => liveSleepers(h).length === 2);
    const again = h.lab.execute({ type: 'scenario.run', id: 'sleepers', variant: 'sleep' });
    const reset = h.lab.execute({ type: 'scenario.reset', id: 'sleepers' });
    const [ran, wasReset] = await Promise.all([again, reset]);
    expect(wasReset.ok).toBe(true);
    expect(ran).toEqual({ ok: false, error: 'sleepers was asked to run or reset again while this run waited for the last one to end: the later request is the one done' });
    expect(liveSleepers(h)).toEqual([]);
    expect(h.lab.state().scenarios.progress.sleepers?.state).toBe('idle');
    // And a reset while nothing runs, then a run while a reset runs: the run comes after, and runs.
    const resetting = h.lab.execute({ type: 'scenario.reset', id: 'sleepers' });
    const running = h.lab.execute({ type: 'scenario.run', id: 'sleepers', variant: 'sleep' });
    expect((await resetting).ok).toBe(true);
    expect((await running).ok).toBe(true);
    await waitFor('the later run live', () => liveSleepers(h).length === 2);
    await h.ok({ type: 'scenario.reset', id: 'sleepers' });
    expect(liveSleepers(h)).toEqual([]);
  });

  it('a thousand runs in a row of a variant that cannot start each fail in words; a thousand together too; the lab still runs the good one', async () => {
    const h = await labWithSleepers();
    for (let round = 0; round < 1000; round++) {
      const outcome = await h.lab.execute({ type: 'scenario.run', id: 'sleepers', variant: 'missing' });
      expect(outcome).toEqual({ ok: false, error: `the script ${join(folder, 'not-there.py')} is not there` });
    }
    const together = await Promise.all(Array.from({ length: 1000 }, () => h.lab.execute({ type: 'scenario.run', id: 'sleepers', variant: 'missing' })));
    expect(together.every((outcome) => !outcome.ok)).toBe(true);
    expect(h.lab.state().scenarios.progress.sleepers).toMatchObject({ state: 'failed', variant: 'missing', error: expect.stringMatching(/not-there\.py is not there$/) });
    await h.ok({ type: 'scenario.run', id: 'sleepers', variant: 'sleep' });
    await waitFor('two sleepers live', () => liveSleepers(h).length === 2);
  });

  it('a thousand reloads together are all answered, read the folder at most twice more, and see a file changed meanwhile', async () => {
    const h = await labWithSleepers();
    const libraries = () => h.events.filter((event): event is Extract<LabEvent, { type: 'scenario.library' }> => event.type === 'scenario.library').length;
    const before = libraries();
    const flood = Array.from({ length: 1000 }, () => h.lab.execute({ type: 'scenario.reload' }));
    // Written while the first reads run: the last read, after it, sees it.
    writeFileSync(join(folder, 'later.yaml'), SLEEPERS.replace('title: Sleepers', 'title: Later'));
    const last = h.lab.execute({ type: 'scenario.reload' });
    const outcomes = await Promise.all([...flood, last]);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(libraries() - before).toBeLessThanOrEqual(2);
    expect(h.lab.state().scenarios.library.map((entry) => entry.id)).toContain('later');
    rmSync(join(folder, 'later.yaml'));
  });

  it('reloads of folders that did not change tell the library once: the recording keeps no copies', async () => {
    const h = await labWithSleepers();
    const libraries = () => h.events.filter((event) => event.type === 'scenario.library').length;
    await waitFor('the first library', () => libraries() === 1);
    const before = libraries();
    for (let round = 0; round < 30; round++) await h.ok({ type: 'scenario.reload' });
    // Told events reach the harness in the store's next batch: a marker command after them says they are in.
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'marker' } });
    await waitFor('the marker', () => h.find('sync.created') !== undefined);
    expect(libraries()).toBe(before);
    writeFileSync(join(folder, 'changed.yaml'), SLEEPERS.replace('title: Sleepers', 'title: Changed'));
    await h.ok({ type: 'scenario.reload' });
    await waitFor('the changed library', () => libraries() === before + 1);
    expect(h.lab.state().scenarios.library.map((entry) => entry.id)).toContain('changed');
    rmSync(join(folder, 'changed.yaml'));
    await h.ok({ type: 'scenario.reload' });
    expect(h.lab.state().scenarios.library.map((entry) => entry.id)).not.toContain('changed');
  });
});
