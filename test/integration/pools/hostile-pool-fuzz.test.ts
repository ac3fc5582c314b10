import { afterEach, describe, expect, it } from 'vitest';
import { answerCommand } from '../../../src/main/command-gate';
import { LabHarness } from '../../support/lab-harness';
import { SeededRandom } from '../../support/seeded-random';
import { waitFor } from '../../support/wait';

/**
 * Thousands of `pool.*` commands from a seeded PRNG, each a good one with one or two fields swapped for a
 * hostile value, through the window's command gate: every one is answered, a refusal in one line of words
 * (never "the lab could not do that", the words of a bug), and the lab serves a good command after.
 * `LAB_POOL_FUZZ_SEED=N` replays a run, `LAB_POOL_FUZZ_COMMANDS=N` sends more.
 */
const SEED = Number(process.env['LAB_POOL_FUZZ_SEED'] ?? 9);
const COMMANDS = Number(process.env['LAB_POOL_FUZZ_COMMANDS'] ?? 3_000);

let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

function hostileValues(random: SeededRandom): unknown[] {
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = [deep];
  return [
    null, undefined, true, -1, 0, 1.5, 2 ** 53, -(2 ** 31), Number.NaN, Number.POSITIVE_INFINITY, 1e12,
    '', '__proto__', 'constructor', 'toString', 'x'.repeat(10_000), random.text(50), '\u0000', [], [[]], {}, { range: 2 ** 40 },
    { range: -1 }, { __proto__: { polluted: true } }, deep, Array.from({ length: 25_000 }, () => 0), 10n, new Map([[1, 2]]), Symbol.iterator,
  ];
}

/** Good commands a person could send, on a pool 'good' (threads, one worker) or a pool that does not exist. */
function goodCommand(random: SeededRandom): Record<string, unknown> {
  const pool = random.pick(['good', 'good', 'ghost']);
  return random.pick([
    { type: 'pool.apply', pool, fn: 'square', args: [random.int(100)] },
    { type: 'pool.apply', pool, fn: 'sleep', args: [random.int(5)], callbackMs: random.int(5) },
    { type: 'pool.map', pool, fn: 'square', items: [1, 2, 3], chunksize: 1 + random.int(3) },
    { type: 'pool.map', pool, fn: 'square', items: { range: random.int(50) } },
    { type: 'pool.map', pool, fn: 'square', items: [[1], [2]], star: true },
    { type: 'pool.map', pool, fn: 'square', items: [4, 5], unordered: true },
    { type: 'pool.cancel', pool, taskId: 1 + random.int(1000) },
    { type: 'pool.join', pool, timeoutMs: random.int(3) },
    { type: 'pool.shutdown', pool, wait: false },
    { type: 'pool.resize', pool, size: 1 },
    { type: 'pool.create', pool: { name: 'good', api: 'pool', runtime: 'thread', size: 1 } },
    { type: 'pool.delete', pool: 'ghost' },
  ]);
}

describe(`pool commands fuzzed (seed ${SEED}, ${COMMANDS} commands)`, () => {
  it('answers every one, refusals in a sentence, and serves a good command after', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'good', api: 'pool', runtime: 'thread', size: 1 } });
    const random = new SeededRandom(SEED);
    const values = hostileValues(random);
    let accepted = 0;
    for (let serial = 0; serial < COMMANDS; serial++) {
      const command = goodCommand(random);
      const keys = Object.keys(command);
      for (let swaps = 1 + random.int(2); swaps > 0; swaps--) {
        const key = random.pick(keys);
        const value = random.pick(values);
        if (key === 'pool' && typeof command[key] === 'object' && command[key] !== null && !Array.isArray(command[key]) && random.int(2) === 0) (command[key] as Record<string, unknown>)[random.pick(['name', 'api', 'runtime', 'size', 'module', 'onCrash', 'maxTasksPerChild'])] = value;
        else command[key] = value;
      }
      // Never a stop, a resize up, a terminate or a close of the one good pool: those are not refusals to test.
      if (command['type'] === 'pool.resize' || command['type'] === 'pool.close' || command['type'] === 'pool.terminate' || command['type'] === 'pool.shutdown') command['pool'] = 'ghost';
      const outcome = await answerCommand(lab.lab, () => true, command);
      if (outcome.ok) {
        accepted += 1;
        continue;
      }
      const where = `command ${serial} (seed ${SEED}): ${outcome.error.slice(0, 300)}`;
      expect(outcome.error, where).not.toMatch(/^the lab could not do that|\n|Maximum call stack|Cannot read properties|is not a function|\[object /);
      expect(outcome.error.length, where).toBeLessThan(1_000);
    }
    console.log(`pool fuzz: seed ${SEED}, ${COMMANDS} commands, ${accepted} accepted as good ones`);
    // A fuzzed create may be a good one ("constructor" is a fine name): each pool made has a lab name.
    await waitFor('the start told', () => lab.find('pool.created'), 10_000);
    for (const { pool } of lab.all('pool.created')) expect(pool.name).toMatch(/^[A-Za-z_][\w.-]{0,39}$/);
    const id = (await lab.ok({ type: 'pool.apply', pool: 'good', fn: 'square', args: [12] })).value as number;
    await waitFor('the good pool serves', () => lab.all('pool.tasks').flatMap((event) => event.steps).find((step) => step.id === id && step.step === 'done'), 20_000);
  }, 300_000);
});
