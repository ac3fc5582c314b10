import { describe, expect, it } from 'vitest';
import type { ScenariosView, WorkerView } from '../../../src/shared/lab-state';
import { scenarioSchema } from '../../../src/shared/scenario';
import { idleProgress, type ScenarioEntry, type ScenarioProgress } from '../../../src/shared/scenario-run';
import { presentationContent } from '../../../src/renderer/model/presentation-content';
import { printingWorkerOf, progressOf, retriesNote, scenarioPanels, variantLabel, verdictOf } from '../../../src/renderer/model/scenario-view';
import { EMPTY_TAILS, type OutputTails } from '../../../src/shared/output';

/** A scenario as a file gives it, through the file's own schema (defaults filled in as the lab's are). */
const race = scenarioSchema.parse({
  title: 'The lost update',
  seed: 'seed 2.4',
  look: { panels: ['output', 'processes'] },
  narration: [{ text: 'a hundred threads start', look: { panels: ['processes'] } }, { text: 'what did it print?' }],
  variants: [
    {
      id: 'broken',
      label: 'Without a lock',
      program: { kind: 'python', code: 'print(1)' },
      look: { panels: ['output', 'locks'] },
      check: { kind: 'printed', pattern: 'num:(\\d+)', notEquals: 0, retries: 3, verdict: { pass: 'counter ended at {value}', fail: 'no loss' } },
    },
    { id: 'fixed', label: 'With a Lock', program: { kind: 'python', code: 'print(0)' }, check: { kind: 'printed', pattern: 'num:(\\d+)', equals: 0, verdict: { pass: 'ok', fail: 'lost' } } },
  ],
});
const entry: ScenarioEntry = { id: 'race', source: 'library', file: 'race.yaml', scenario: race };
const ran = (changes: Partial<ScenarioProgress>): ScenarioProgress => ({ ...idleProgress('race'), variant: 'broken', state: 'running', startedAt: 1, ...changes });
const check = (state: 'pending' | 'pass' | 'fail', verdict: string, retries = 1) => ({ state, verdict, value: null, retries });

describe("a scenario's verdict as the page shows it", () => {
  it('not run: said so, not an empty box', () => {
    expect(verdictOf(idleProgress('race')).outcome).toBe('not-run');
  });

  it("the check's own state and sentence while a run has one", () => {
    expect(verdictOf(ran({ check: check('pass', 'counter ended at 92: the race happened') }))).toEqual({ outcome: 'pass', sentence: 'counter ended at 92: the race happened' });
    expect(verdictOf(ran({ state: 'ended', check: check('fail', 'no update was lost') })).outcome).toBe('fail');
    expect(verdictOf(ran({ check: check('pending', 'waiting for the counter') })).outcome).toBe('pending');
  });

  it('running with no check yet is pending; a reset is pending; a run that could not start fails with the reason', () => {
    expect(verdictOf(ran({})).outcome).toBe('pending');
    expect(verdictOf(ran({ state: 'resetting', check: check('pass', 'x') })).sentence).toMatch(/^resetting/);
    expect(verdictOf(ran({ state: 'failed', error: 'python3 was not found' }))).toEqual({ outcome: 'fail', sentence: 'could not run: python3 was not found' });
  });

  it('a probabilistic check says so; a certain one says nothing', () => {
    expect(retriesNote(ran({ check: check('pass', 'x', 3) }))).toMatch(/up to 3 times/);
    expect(retriesNote(ran({ check: check('pass', 'x') }))).toBeNull();
  });

  it('names the variant by its label', () => {
    expect(variantLabel(race, 'fixed')).toBe('With a Lock');
    expect(variantLabel(race, null)).toBeNull();
  });

  it('reads an unknown scenario as idle at step 0', () => {
    expect(progressOf({}, 'race')).toEqual(idleProgress('race'));
  });
});

describe('the panels a scenario names', () => {
  it("a step's look wins over its variant's, which wins over the scenario's", () => {
    expect(scenarioPanels(race, ran({ step: 0 }), ['processes'])).toEqual(['processes']);
    expect(scenarioPanels(race, ran({ step: 1 }), ['processes'])).toEqual(['output', 'locks']);
    expect(scenarioPanels(race, ran({ step: 1, variant: 'fixed' }), ['processes'])).toEqual(['output', 'processes']);
  });
});

describe('what presentation mode presents', () => {
  const scenarios = (progress: Record<string, ScenarioProgress> = {}): ScenariosView => ({ library: [entry], problems: [], progress });

  it('the scenario picked while the Scenarios view is on screen: its title, variant, narration at its step and verdict', () => {
    const shown = presentationContent(scenarios({ race: ran({ step: 1, check: check('pass', 'counter ended at 92') }) }), 'race', 'scenarios', false);
    expect(shown).toMatchObject({ title: 'The lost update', subtitle: 'from seed 2.4', verdictLabel: 'Without a lock', scenarioId: 'race', panels: ['output', 'locks'], verdict: { outcome: 'pass' } });
    expect(shown.narration).toEqual({ steps: ['a hundred threads start', 'what did it print?'], index: 1 });
    expect(shown.pointAt).toBeNull();
  });

  it('the scenario that has run, from another view; the view on screen when the scenario picked has not run', () => {
    expect(presentationContent(scenarios({ race: ran({}) }), 'race', 'sync', false).scenarioId).toBe('race');
    const view = presentationContent(scenarios(), 'race', 'sync', false);
    expect(view).toMatchObject({ scenarioId: null, panels: ['locks', 'wait-for'], narration: null, verdict: null });
  });

  it('nothing picked: the view on screen', () => {
    expect(presentationContent(scenarios(), null, 'scenarios', true).panels).toEqual(['timeline']);
  });
});

describe("whose output a scenario's output panel shows", () => {
  const worker = (id: string, groupId: string) => ({ id, groupId }) as WorkerView;
  const workers = { w1: worker('w1', 'g-other'), w2: worker('w2', 'g-run'), w3: worker('w3', 'g-run') };
  const printed = (...ids: string[]): OutputTails => ({ ...EMPTY_TAILS, byWorker: Object.fromEntries(ids.map((id) => [id, {}])) as OutputTails['byWorker'] });

  it("the run's worker that printed last, never another run's", () => {
    expect(printingWorkerOf(['g-run'], workers, printed('w2', 'w3', 'w1'))).toBe('w3');
  });

  it("before any printed, the run's first worker; with no run, none", () => {
    expect(printingWorkerOf(['g-run'], workers, printed('w1'))).toBe('w2');
    expect(printingWorkerOf([], workers, printed('w2'))).toBeNull();
  });
});
