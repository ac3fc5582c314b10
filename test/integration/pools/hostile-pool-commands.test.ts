import { afterEach, describe, expect, it } from 'vitest';
import { answerCommand } from '../../../src/main/command-gate';
import type { LabEvent } from '../../../src/shared/protocol';
import { MAX_POOLS } from '../../../src/core/pools/pools';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * An attacker's `pool.*` commands, sent through the window's command gate (the IPC bridge's bound, then the
 * lab): each is refused with a sentence, nothing else changes, and the lab serves the next good command.
 */
let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

type TasksEvent = Extract<LabEvent, { type: 'pool.tasks' }>;

function totals(events: readonly LabEvent[], pool: string) {
  const sum = { submitted: 0, done: 0, rejected: 0 };
  for (const event of events as TasksEvent[]) {
    if (event.type !== 'pool.tasks' || event.pool !== pool) continue;
    sum.submitted += event.counts.submitted;
    sum.done += event.counts.done;
    sum.rejected += event.counts.rejected;
  }
  return sum;
}

/** A command as a hostile renderer sends it: through the IPC gate, which bounds it before the lab sees it. */
async function send(lab: LabHarness, command: unknown) {
  return answerCommand(lab.lab, () => true, command);
}

async function refusal(lab: LabHarness, command: unknown): Promise<string> {
  const outcome = await send(lab, command);
  if (outcome.ok) throw new Error(`accepted: ${label(command)}`);
  return outcome.error;
}

/** A person reads it: one line, no stack, no JavaScript error names. */
function expectSentence(text: string): void {
  expect(text).not.toMatch(/\n|\bat [\w.]+ \(|RangeError|TypeError: (Cannot|undefined)|Maximum call stack|\[object /);
  expect(text.length).toBeLessThan(400);
}

/** What a failing case was, for its message: a value nested 10,000 deep has no JSON within the stack. */
function label(command: unknown): string {
  try {
    return JSON.stringify(command).slice(0, 120);
  } catch {
    return String((command as { type?: unknown }).type);
  }
}

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('hostile pool commands', () => {
  it('refuses huge, odd and malformed fields in a sentence, and nothing else changes', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'good', api: 'pool', runtime: 'thread', size: 1 } });
    const create = (pool: Record<string, unknown>) => ({ type: 'pool.create', pool: { name: 'x', api: 'pool', runtime: 'thread', ...pool } });
    const map = (extra: Record<string, unknown>) => ({ type: 'pool.map', pool: 'good', fn: 'square', items: [1, 2, 3], ...extra });
    const cases: [unknown, RegExp][] = [
      [create({ size: 1e9 }), /size must be a whole number from 1 to 64/],
      [create({ size: -1 }), /size must be a whole number from 1 to 64/],
      [create({ size: Number.NaN }), /size must be a (whole )?number/],
      [create({ size: Number.POSITIVE_INFINITY }), /size must be a (whole )?number/],
      [create({ size: 1.5 }), /size must be a whole number/],
      [create({ size: '2' }), /size must be a number/],
      [create({ maxTasksPerChild: 0 }), /maxTasksPerChild must be a whole number/],
      [create({ maxTasksPerChild: 1e12 }), /maxTasksPerChild must be a whole number/],
      [create({ name: 'n'.repeat(10_000) }), /a pool name is a letter or _ then up to 39/],
      [create({ name: '池' }), /a pool name is a letter or _ then up to 39/],
      [create({ name: '__proto__' }), /"__proto__" cannot name a pool/],
      [create({ name: '' }), /a pool name/],
      [create({ api: 'constructor' }), /api must be "pool"/],
      [create({ onCrash: 'toString' }), /onCrash must be/],
      [create({ extra: 1 }), /unrecognized key|extra/i],
      [{ type: 'pool.create', pool: nested(10_000) }, /nested more than 32 levels/],
      [map({ items: Array.from({ length: 1_000_000 }, (_, i) => i) }), /more than 20000 values/],
      [map({ items: [nested(10_000)] }), /nested more than 32 levels/],
      [map({ items: { range: 2 ** 53 } }), /\{"range": n\} with n from 0 to 1000000/],
      [map({ items: { range: -1 } }), /\{"range": n\} with n from 0 to 1000000/],
      [map({ chunksize: 0 }), /chunksize must be a whole number from 1/],
      [map({ chunksize: -3 }), /chunksize must be a whole number from 1/],
      [map({ chunksize: Number.NaN }), /chunksize must be a (whole )?number/],
      [map({ chunksize: 1e12 }), /chunksize must be a whole number from 1/],
      [map({ fn: 'f'.repeat(10_000) }), /unknown function "f+…?"?/],
      [map({ fn: '__proto__' }), /unknown function "__proto__"/],
      [map({ fn: 'constructor' }), /unknown function "constructor"/],
      [map({ fn: 'toString' }), /unknown function "toString"/],
      [map({ star: true }), /with star \(starmap\) each item is the argument list/],
      [{ type: 'pool.apply', pool: 'good', fn: 'square', args: Array.from({ length: 65 }, () => 1) }, /at most 64 arguments/],
      [{ type: 'pool.apply', pool: 'good', fn: 'square', args: 'x' }, /args must be a list/],
      [{ type: 'pool.apply', pool: 'good', fn: 'square', args: [1], callbackMs: -1 }, /callbackMs must be a whole number/],
      [{ type: 'pool.join', pool: 'good', timeoutMs: -1 }, /timeoutMs must be a whole number from 0/],
      [{ type: 'pool.join', pool: 'good', timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs must be a (whole )?number/],
      [{ type: 'pool.cancel', pool: 'good', taskId: -1 }, /taskId must be a whole number from 1/],
      [{ type: 'pool.cancel', pool: 'good', taskId: 2 ** 60 }, /taskId must be a whole number/],
      [{ type: 'pool.resize', pool: 'good', size: 0 }, /size must be a whole number from 1 to 64/],
      [{ type: 'pool.resize', pool: 'good', size: 65 }, /size must be a whole number from 1 to 64/],
      [{ type: 'pool.shutdown', pool: 'good', wait: 'yes' }, /wait|boolean/i],
      [{ type: 'pool.explode', pool: 'good' }, /bad command/],
      [{ type: 'pool.map', pool: 'nope', fn: 'square', items: [1] }, /no pool named "nope"/],
      [{ type: 'pool.delete', pool: 'nope' }, /no pool named "nope"/],
      [{ type: 'pool.join', pool: 'good' }, /^ValueError: Pool is still running$/],
      [{ type: 'pool.shutdown', pool: 'good' }, /^AttributeError: 'Pool' object has no attribute 'shutdown'/],
      [{ type: 'pool.delete', pool: 'good' }, /pool "good" is running: close or terminate it/],
    ];
    for (const [command, expected] of cases) {
      const text = await refusal(lab, command);
      expect(text, label(command)).toMatch(expected);
      expectSentence(text);
    }
    // Nothing else changed: one pool, still running, no task made, and it serves the next good command.
    await lab.waitFor('pool.state');
    expect(lab.all('pool.created').map((event) => event.pool.name)).toEqual(['good']);
    expect(lab.all('pool.state').map((event) => event.state)).toEqual(['running']);
    expect(totals(lab.events, 'good').submitted).toBe(0);
    const mapped = await send(lab, { type: 'pool.map', pool: 'good', fn: 'square', items: { range: 10 } });
    expect(mapped.ok).toBe(true);
    await waitFor('the map done', () => totals(lab.events, 'good').done > 0 && totals(lab.events, 'good').done === totals(lab.events, 'good').submitted, 20_000);
  });

  it('names JavaScript gives a meaning (constructor, toString, hasOwnProperty) are plain names of their own pools', async () => {
    harness = new LabHarness();
    const lab = harness;
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      await lab.ok({ type: 'pool.create', pool: { name, api: 'executor', runtime: 'thread', size: 1 } });
      await lab.ok({ type: 'pool.apply', pool: name, fn: 'square', args: [3] });
    }
    await waitFor('three tasks done', () => ['constructor', 'toString', 'hasOwnProperty'].every((name) => totals(lab.events, name).done === 1), 20_000);
    expect(await refusal(lab, { type: 'pool.map', pool: 'valueOf', fn: 'square', items: [1] })).toBe('no pool named "valueOf"');
  });

  it('resizing a pool being terminated is refused; commands to it after delete are answered "no pool"', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 't', api: 'pool', runtime: 'process', size: 2 } });
    await lab.ok({ type: 'pool.apply', pool: 't', fn: 'sleep', args: [60_000] });
    const terminated = send(lab, { type: 'pool.terminate', pool: 't' });
    expect(await refusal(lab, { type: 'pool.resize', pool: 't', size: 4 })).toMatch(/pool "t" is terminating: only a running pool can be resized/);
    expect(await refusal(lab, { type: 'pool.apply', pool: 't', fn: 'square', args: [1] })).toBe('ValueError: Pool not running');
    expect((await terminated).ok).toBe(true);
    await waitFor('the pool ended', () => lab.all('pool.state').some((event) => event.pool === 't' && event.state === 'ended'), 20_000);
    expect(await refusal(lab, { type: 'pool.resize', pool: 't', size: 4 })).toMatch(/pool "t" is ended/);
    await lab.ok({ type: 'pool.delete', pool: 't' });
    for (const type of ['pool.close', 'pool.terminate', 'pool.join', 'pool.shutdown', 'pool.delete']) {
      expect(await refusal(lab, { type, pool: 't' })).toBe('no pool named "t": create one first');
    }
    // Two workers started, none more (the resize was refused), and both ended.
    expect(lab.all('worker.spawned')).toHaveLength(2);
  });

  it('an executor terminated (Python 3.14 terminate_workers) refuses submits in Python\'s words, not as a bug', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'x', api: 'executor', runtime: 'thread', size: 1 } });
    await lab.ok({ type: 'pool.terminate', pool: 'x' });
    expect(await refusal(lab, { type: 'pool.apply', pool: 'x', fn: 'square', args: [1] })).toBe('RuntimeError: cannot schedule new futures after shutdown');
    expect(await refusal(lab, { type: 'pool.map', pool: 'x', fn: 'square', items: [1] })).toBe('RuntimeError: cannot schedule new futures after shutdown');
  });

  it(`keeps at most ${MAX_POOLS} pools: the next is refused, and a deleted one's name and place can be used again`, async () => {
    harness = new LabHarness();
    const lab = harness;
    for (let i = 0; i < MAX_POOLS; i++) {
      await lab.ok({ type: 'pool.create', pool: { name: `p${i}`, api: 'pool', runtime: 'thread', size: 1 } });
      await lab.ok({ type: 'pool.terminate', pool: `p${i}` });
    }
    expect(await refusal(lab, { type: 'pool.create', pool: { name: 'one_more', api: 'pool', runtime: 'thread', size: 1 } })).toBe(
      `the lab keeps at most ${MAX_POOLS} pools, ended ones included: delete one that has ended first`,
    );
    await waitFor('p0 ended', () => lab.all('pool.state').some((event) => event.pool === 'p0' && event.state === 'ended'), 20_000);
    await lab.ok({ type: 'pool.delete', pool: 'p0' });
    await lab.ok({ type: 'pool.create', pool: { name: 'p0', api: 'pool', runtime: 'thread', size: 1 } });
    await lab.ok({ type: 'pool.apply', pool: 'p0', fn: 'square', args: [5] });
    await waitFor('the new p0 ran its task', () => totals(lab.events, 'p0').done === 1, 20_000);
    expect(await refusal(lab, { type: 'pool.create', pool: { name: 'one_more', api: 'pool', runtime: 'thread', size: 1 } })).toMatch(/at most 64 pools/);
  });
});
