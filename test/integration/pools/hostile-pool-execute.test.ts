import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MAP_ITEMS, MAX_MAP_RANGE } from '../../../src/shared/pools';
import { MESSAGE_LIMITS } from '../../../src/shared/message-limits';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * lab.execute, the door a shell, a test and the bench use with no transport in front, bounds a command as
 * the WebSocket and IPC paths do (command-limits.ts); and the bound on a map's items is one a command can
 * meet, in words that say to use {"range": n}. On a real lab with a real thread pool.
 */
let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

const map = (items: unknown) => ({ type: 'pool.map', pool: 'p', fn: 'square', items });
const numbers = (count: number) => Array.from({ length: count }, (_, index) => index);

describe('lab.execute applies the message limits', () => {
  it('refuses a deep, cyclic or huge command in words, with no stack overflow, and runs the next', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'thread', size: 2 } });
    const cyclic: Record<string, unknown> = { type: 'pool.apply', pool: 'p', fn: 'square' };
    cyclic.args = [cyclic];
    expect(await lab.refused({ type: 'pool.apply', pool: 'p', fn: 'square', args: [nested(40_000)] })).toBe(`bad command: the message is nested more than ${MESSAGE_LIMITS.maxDepth} levels deep`);
    expect(await lab.refused(cyclic)).toMatch(/^bad command: the message is nested more than 32 levels deep$/);
    expect(await lab.refused({ type: 'kill', workerIds: new Array(1e9) })).toBe(`bad command: the message has more than ${MESSAGE_LIMITS.maxValues} values`);
    expect(await lab.refused({ type: 'pool.apply', pool: 'p', fn: 'square', args: ['x'.repeat(MESSAGE_LIMITS.maxTextLength + 1)] })).toMatch(/more than 1000000 characters of text$/);
    const applied = await lab.ok({ type: 'pool.apply', pool: 'p', fn: 'square', args: [12] });
    expect(typeof applied.value).toBe('number');
    await waitFor('the apply done', () => lab.all('pool.tasks').some((event) => event.pool === 'p' && event.counts.done > 0), 20_000);
  });

  it("takes a map of MAX_MAP_ITEMS items; one more is refused in the schema's words, and one past the message limit in the limit's, both pointing at range", async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'thread', size: 2 } });
    expect(await lab.refused(map(numbers(MAX_MAP_ITEMS + 1)))).toBe(`bad command: items: a map from here takes at most ${MAX_MAP_ITEMS} items (or {"range": n} up to ${MAX_MAP_RANGE})`);
    expect(await lab.refused(map(numbers(MESSAGE_LIMITS.maxValues)))).toBe(
      `bad command: the message has more than ${MESSAGE_LIMITS.maxValues} values: a map's items all travel in one message, so for a large map send {"range": n} (n up to ${MAX_MAP_RANGE}), Python's pool.map(f, range(n))`,
    );
    // A starmap's argument lists count too: fewer than MAX_MAP_ITEMS of them may cross the limit, and are told the same.
    expect(await lab.refused({ ...map(numbers(MAX_MAP_ITEMS).map((index) => [index, index])), star: true })).toMatch(/more than 20000 values: a map's items all travel in one message, so for a large map send \{"range": n\}/);
    const mapped = await lab.ok(map(numbers(MAX_MAP_ITEMS)));
    const { tasks } = mapped.value as { tasks: number };
    await waitFor('the map done', () => lab.all('pool.tasks').filter((event) => event.pool === 'p').reduce((sum, event) => sum + event.counts.done, 0) === tasks, 30_000);
    await lab.ok({ type: 'pool.map', pool: 'p', fn: 'square', items: { range: MAX_MAP_RANGE }, chunksize: 100_000 });
  });
});
