import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * A pool's workers running a hostile user's module (test/fixtures/hostile-pool-functions.mjs): what its
 * functions return, throw or do to their worker ends each task in words, or costs one worker under the crash
 * policy, and the pool serves the next task.
 */
const MODULE = join(__dirname, '..', '..', 'fixtures', 'hostile-pool-functions.mjs');
let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

type TasksEvent = Extract<LabEvent, { type: 'pool.tasks' }>;
const ENDS = ['done', 'failed', 'lost', 'rejected', 'cancelled'];
const stepsOf = (lab: LabHarness, pool: string) => lab.all('pool.tasks').filter((event: TasksEvent) => event.pool === pool).flatMap((event) => event.steps);
const endsOf = (lab: LabHarness, pool: string) => stepsOf(lab, pool).filter((step) => ENDS.includes(step.step));

const JSON_ONLY = /^TypeError: a result must be a JSON value from a process \(.*\), not a (Map|Set|bigint|Date|Uint8Array|function) \(Python: must be picklable\)$/;
const NOT_SENDABLE = /^TypeError: a result (must be a structured-clone value from a thread|could not be read to be sent)/;
const TOO_BIG = /^ValueError: a result must fit one message: this one (has more than 20000 values|is nested more than 32 levels deep|has more than 1000000 characters of text)$/;
const NOT_EXPORTED = /^AttributeError: no task function "\w+" in hostile-pool-functions.mjs's exports or the task library \(square, sleep, burn, fail\)$/;

/** What each function's task ends as, in explain mode's words: [step, detail] for a thread, then a process. */
type End = readonly [string, string | RegExp];
const EXPECTED: readonly (readonly [string, End, End])[] = [
  ['mapWithNumberKeys', ['done', "{1: 'one', 2: 'two'}"], ['failed', JSON_ONLY]],
  ['setOfThings', ['done', '<Set of 3>'], ['failed', JSON_ONLY]],
  ['bigint', ['done', '1000000000000000000000000000000'], ['failed', JSON_ONLY]],
  ['date', ['done', '<Date>'], ['failed', JSON_ONLY]],
  ['typedArray', ['done', '<Uint8Array of 52428800>'], ['failed', JSON_ONLY]],
  ['aFunction', ['failed', NOT_SENDABLE], ['failed', JSON_ONLY]],
  ['sparse', ['failed', TOO_BIG], ['failed', TOO_BIG]],
  ['deep', ['failed', TOO_BIG], ['failed', TOO_BIG]],
  ['manyValues', ['failed', TOO_BIG], ['failed', TOO_BIG]],
  ['longText', ['failed', TOO_BIG], ['failed', TOO_BIG]],
  ['getterThrows', ['failed', NOT_SENDABLE], ['failed', NOT_SENDABLE]],
  // Its function's value is looked at first (is it a promise?), which a revoked proxy refuses: the task's error.
  ['revokedProxy', ['failed', /^TypeError: .*revoked/], ['failed', /^TypeError: .*revoked/]],
  ['throwNull', ['failed', 'Exception: null'], ['failed', 'Exception: null']],
  ['throwObject', ['failed', 'Exception: 12'], ['failed', 'Exception: 12']],
  ['throwNullPrototype', ['failed', 'Exception: an exception that cannot be written as text'], ['failed', 'Exception: an exception that cannot be written as text']],
  ['throwLongName', ['failed', /^N{100}: m+…$/], ['failed', /^N{100}: m+…$/]],
  ['notAFunction', ['failed', NOT_EXPORTED], ['failed', NOT_EXPORTED]],
  ['constructor', ['failed', NOT_EXPORTED], ['failed', NOT_EXPORTED]],
  ['toString', ['failed', NOT_EXPORTED], ['failed', NOT_EXPORTED]],
  ['__proto__', ['failed', NOT_EXPORTED], ['failed', NOT_EXPORTED]],
  ['hasOwnProperty', ['failed', NOT_EXPORTED], ['failed', NOT_EXPORTED]],
];

describe('a pool running a hostile module', () => {
  it.each(['thread', 'process'] as const)('%s workers: every value or throw ends its task in words, and the same workers serve on', async (runtime) => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'h', api: 'pool', runtime, size: 2, module: MODULE } });
    const fns = EXPECTED.map(([fn]) => fn);
    const fnOf = new Map<number, string>();
    for (const fn of fns) fnOf.set((await lab.ok({ type: 'pool.apply', pool: 'h', fn, args: [] })).value as number, fn);
    await waitFor('every task ended', () => endsOf(lab, 'h').length === fns.length, 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}: ended ${endsOf(lab, 'h').map((step) => fnOf.get(step.id)).join(', ')}; ${JSON.stringify(lab.all('worker.messageRejected'))}`);
    });
    for (const step of endsOf(lab, 'h')) {
      const fn = fnOf.get(step.id)!;
      const expected = EXPECTED.find(([name]) => name === fn)!;
      const [kind, detail] = runtime === 'thread' ? expected[1] : expected[2];
      expect([fn, step.step], step.detail).toEqual([fn, kind]);
      if (typeof detail === 'string') expect(step.detail, fn).toBe(detail);
      else expect(step.detail, fn).toMatch(detail);
    }
    // The lab refused nothing the workers sent, and no worker ended: the two that started serve the next task.
    expect(lab.all('worker.messageRejected')).toEqual([]);
    const id = (await lab.ok({ type: 'pool.apply', pool: 'h', fn: 'echo', args: ['still here'] })).value as number;
    await waitFor('the next task done', () => endsOf(lab, 'h').find((step) => step.id === id), 20_000);
    expect(endsOf(lab, 'h').find((step) => step.id === id)?.detail).toBe("'still here'");
    expect(lab.all('pool.slot').filter((event) => event.pool === 'h' && event.workerId !== null)).toHaveLength(2);
    expect(lab.all('worker.exited')).toEqual([]);
  });
});
