import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenariosHeadless } from '../../../src/core/scenarios/headless';
import type { LabEvent } from '../../../src/shared/protocol';
import type { ScenarioProgress } from '../../../src/shared/scenario-run';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Scenarios through the real core (docs/scenarios.md): the seeds' programs on real interpreters and the
 * lab's own threads, each check decided from the facts the lab recorded, what a page folds of it, and a
 * reset that leaves nothing behind so that the same scenario runs again at once under the same names.
 */

/** Where a scenario stands, as the lab's state (a page's fold) has it now. */
function progressOf(harness: LabHarness, id: string): ScenarioProgress | undefined {
  return harness.lab.state().scenarios.progress[id];
}

/** Runs a variant and waits for its check to be decided (the events after the run's start). */
async function decided(harness: LabHarness, id: string, variant: string, timeoutMs = 45_000): Promise<ScenarioProgress> {
  const from = harness.events.at(-1)?.seq ?? 0;
  await harness.ok({ type: 'scenario.run', id, variant });
  return waitFor(`${id}/${variant} decided`, () => {
    const events = harness.events.filter((event): event is Extract<LabEvent, { type: 'scenario.progress' }> => event.seq > from && event.type === 'scenario.progress' && event.progress.id === id);
    return events.find((event) => event.decided === true)?.progress;
  }, timeoutMs);
}

describe('scenarios through the real core', () => {
  it('the race: the broken variant loses updates, the fixed one ends at 0; the page folds the verdicts and the log keeps them', async () => {
    const harness = new LabHarness();
    try {
      const outcomes = await runScenariosHeadless(harness.lab, { only: ['race'] });
      expect(outcomes.map(({ variant, state }) => ({ variant, state }))).toEqual([
        { variant: 'broken', state: 'pass' },
        { variant: 'fixed', state: 'pass' },
      ]);
      expect(outcomes[0]!.verdict).toMatch(/^counter ended at (?!0:)\d+: the race happened, as expected without a lock$/);
      expect(outcomes[1]!.verdict).toBe('counter ended at 0: with the Lock no update was lost');
      // What a page shows: the library, and the scenario back at idle after the headless run's reset.
      const { scenarios } = harness.lab.state();
      expect(scenarios.library.map((entry) => entry.id)).toContain('race');
      expect(scenarios.problems).toEqual([]);
      expect(scenarios.progress.race).toMatchObject({ state: 'idle', step: 0, check: null });
      const logged = harness.lab.state().log.filter((event) => event.type === 'scenario.progress');
      expect(logged.map((event) => event.type === 'scenario.progress' && event.progress.check?.verdict)).toContain('counter ended at 0: with the Lock no update was lost');
    } finally {
      await harness.stop();
    }
  });

  it('the deadlock is detected live and the program left hanging; reset ends and removes it, and it runs again at once under the same names', async () => {
    const harness = new LabHarness();
    try {
      await harness.lab.scenariosReady();
      const first = await decided(harness, 'deadlock', 'broken');
      expect(first.check).toMatchObject({ state: 'pass', value: '2' });
      expect(first.check!.verdict).toMatch(/^deadlock: a cycle of 2 threads \(Thread-\d+, Thread-\d+\), each waiting for the lock the other holds$/);
      const [root] = harness.all('worker.starting').filter((event) => first.groupIds.includes(event.worker.groupId)).map((event) => event.worker.id);
      // Decided, and still deadlocked: the class sees it until the teacher resets.
      expect(harness.lab.state().workers[root!]?.exit).toBeNull();
      expect(harness.lab.state().sync.deadlock).not.toBeNull();

      await harness.ok({ type: 'scenario.step', id: 'deadlock', to: 2 });
      expect(progressOf(harness, 'deadlock')?.step).toBe(2);
      expect(await harness.refused({ type: 'scenario.step', id: 'deadlock', to: 3 })).toBe('deadlock has 3 steps: step 3 is not one (the first is 0)');

      await harness.ok({ type: 'scenario.reset', id: 'deadlock' });
      expect(progressOf(harness, 'deadlock')).toMatchObject({ state: 'idle', step: 0, groupIds: [], check: null });
      // The program the lab started is closed, and so are its threads' rows: nothing of it is left in the lists.
      expect(harness.lab.state().workers[root!]).toBeUndefined();
      expect(Object.values(harness.lab.state().workers).filter((worker) => first.groupIds.includes(worker.groupId))).toEqual([]);
      // Its locks left the Locks view with it.
      expect(Object.keys(harness.lab.state().sync.states).filter((name) => name.startsWith('mutex'))).toEqual([]);
      await harness.waitFor('deadlock.cleared', undefined, 10_000);

      const again = await decided(harness, 'deadlock', 'broken');
      expect(again.check?.state).toBe('pass');
      // The new run's locks are mutexA and mutexB again, not mutexA.2: the old ones went with the old run.
      const names = Object.keys(harness.lab.state().sync.states);
      expect(names).toEqual(expect.arrayContaining(['mutexA', 'mutexB']));
      expect(names.filter((name) => name.startsWith('mutex'))).toHaveLength(2);
      // Running the fixed variant resets the broken one first: one click.
      const fixed = await decided(harness, 'deadlock', 'fixed');
      expect(fixed.check?.state).toBe('pass');
      expect(harness.lab.state().sync.deadlock).toBeNull();
    } finally {
      await harness.stop();
    }
  });

  it("the lab's own threads: a deadlock of lockA and lockB; reset deletes the scenario's primitives", async () => {
    const harness = new LabHarness();
    try {
      await harness.lab.scenariosReady();
      const run = await decided(harness, 'node-deadlock', 'opposite');
      expect(run.check?.state).toBe('pass');
      expect(Object.keys(harness.lab.state().sync.states)).toEqual(expect.arrayContaining(['lockA', 'lockB']));
      await harness.ok({ type: 'scenario.reset', id: 'node-deadlock' });
      expect(Object.keys(harness.lab.state().sync.states)).not.toContain('lockA');
      expect(Object.keys(harness.lab.state().sync.states)).not.toContain('lockB');
      expect(harness.lab.state().sync.deadlock).toBeNull();
    } finally {
      await harness.stop();
    }
  });

  describe("a user's folder", () => {
    const folder = mkdtempSync(join(tmpdir(), 'lab-user-scenarios-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('a bad file is listed with its line; a good one runs its own script, found beside it', async () => {
      writeFileSync(join(folder, 'hello.py'), "import threading\nt = threading.Thread(target=lambda: print('answer 42'))\nt.start()\nt.join()\n");
      writeFileSync(
        join(folder, 'mine.yaml'),
        [
          'title: My first scenario',
          'seed: my notes',
          'narration: [{ text: a thread prints the answer }]',
          'variants:',
          '  - id: only',
          '    label: The one',
          '    program: { kind: python, script: hello.py }',
          "    check: { kind: printed, pattern: 'answer (\\d+)', equals: 42, verdict: { pass: 'it said {value}', fail: 'it said {value}' } }",
          '',
        ].join('\n'),
      );
      writeFileSync(join(folder, 'water.yaml'), 'title: Water\nseed: x\nnarration: [{ text: a }]\nvariants:\n  - id: one\n    label: One\n    program: { kind: python, code: "print(1)" }\n    check: { kind: ends, expect: soon, seconds: 3, verdict: { pass: a, fail: b } }\n');
      const harness = new LabHarness({}, { scenarioFolders: [folder] });
      try {
        await harness.lab.scenariosReady();
        expect(harness.lab.state().scenarios.problems).toEqual([{ source: 'user', file: 'water.yaml', error: 'water.yaml line 8: variants[0].check.expect must be one of finishes, hangs' }]);
        expect(await harness.refused({ type: 'scenario.run', id: 'water', variant: 'one' })).toBe('scenario water cannot run: water.yaml line 8: variants[0].check.expect must be one of finishes, hangs');
        const mine = await decided(harness, 'mine', 'only');
        expect(mine.check).toMatchObject({ state: 'pass', verdict: 'it said 42' });
        expect(harness.lab.state().scenarios.library.find((entry) => entry.id === 'mine')?.source).toBe('user');
      } finally {
        await harness.stop();
      }
    });
  });
});
