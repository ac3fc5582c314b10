import { afterEach, describe, expect, it } from 'vitest';
import { answerCommand } from '../../../src/main/command-gate';
import { PendingCommands } from '../../../src/shared/pending-commands';
import { LabHarness } from '../../support/lab-harness';

/**
 * The Electron IPC bridge's handling of one command, in plain Node (no electron): what structured clone
 * can carry from a renderer, against a real lab.
 */
let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.lab.stop('test finished');
  harness = null;
});

const ownWindow = () => true;

function nested(depth: number): unknown {
  let value: unknown = 'SIGTERM';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function cyclic(): unknown {
  const command: Record<string, unknown> = { type: 'kill' };
  command.workerIds = [command];
  return command;
}

describe('the IPC bridge answers every command from the window', () => {
  it.each([
    ['40,000 nested arrays as the signal', { type: 'signal', workerIds: ['w1'], signal: nested(40_000) }, 'nested more than 32 levels'],
    ['a cycle', cyclic(), 'nested more than 32 levels'],
    ['a sparse array claiming a billion ids', { type: 'kill', workerIds: new Array(1e9) }, 'more than 20000 values'],
    ['a BigInt signal', { type: 'signal', workerIds: ['w1'], signal: 15n }, 'unknown signal 15n'],
    ['a Map', new Map([['type', 'terminateAll']]), 'unknown command undefined'],
    ['a Date as the worker ids', { type: 'kill', workerIds: new Date(0) }, 'workerIds must be a list'],
    ['a typed array as the worker ids', { type: 'kill', workerIds: new Uint8Array(1e6) }, 'workerIds must be a list'],
    ['a null-prototype object with __proto__', Object.assign(Object.create(null) as object, { type: 'terminateAll', ['__proto__']: 1 }), 'Unrecognized key'],
    ['undefined', undefined, 'bad command'],
    ['a task name nested just inside the limit', { type: 'start', spec: { kind: 'thread', count: 1, task: { name: nested(20) } } }, 'unknown task [[[…]]]'],
  ])('%s: ok:false with a sentence', async (_what, command, message) => {
    harness = new LabHarness();
    const outcome = await answerCommand(harness.lab, ownWindow, command);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toContain(message);
    expect(outcome.error).not.toMatch(/\n|RangeError|TypeError/);
    expect(outcome.error.length).toBeLessThan(600);
  });

  it('refuses a command from another window or frame before looking at it', async () => {
    harness = new LabHarness();
    expect(await answerCommand(harness.lab, () => false, { type: 'terminateAll' })).toEqual({ ok: false, error: 'refused: not the lab window' });
    const asking = await answerCommand(harness.lab, () => {
      throw new Error('Render frame was disposed');
    }, { type: 'terminateAll' });
    expect(asking.ok).toBe(false);
  });

  it('after all of them, starts and ends a real worker', async () => {
    harness = new LabHarness();
    for (const command of [nested(40_000), cyclic(), { type: 'kill', workerIds: new Array(1e9) }]) await answerCommand(harness.lab, ownWindow, command);
    const started = await answerCommand(harness.lab, ownWindow, { type: 'start', spec: { kind: 'thread', count: 1, task: { name: 'sleep', ms: 60_000 } } });
    expect(started.ok).toBe(true);
    const id = started.ok ? started.result.workerIds[0]! : '';
    await harness.ready(id);
    expect(await answerCommand(harness.lab, ownWindow, { type: 'terminate', workerIds: [id] })).toMatchObject({ ok: true });
    expect((await harness.exited(id)).workerId).toBe(id);
  });
});

describe("the window's commands waiting for their answers are bounded", () => {
  it('answers the one past the bound at once, in words, and runs commands again once some are answered', async () => {
    harness = new LabHarness();
    const pending = new PendingCommands(3);
    // A closed pool's join without a timeout waits for its workers' end, as Python's: behind a minute's sleep.
    await harness.ok({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'thread', size: 1 } });
    await harness.ok({ type: 'pool.apply', pool: 'p', fn: 'sleep', args: [60_000] });
    await harness.ok({ type: 'pool.close', pool: 'p' });
    let answered = 0;
    const joins = [1, 2, 3].map(() => answerCommand(harness!.lab, ownWindow, { type: 'pool.join', pool: 'p' }, pending).finally(() => (answered += 1)));
    expect(await answerCommand(harness.lab, ownWindow, { type: 'pool.terminate', pool: 'p' }, pending)).toMatchObject({ ok: false, error: expect.stringContaining('3 commands from here are still waiting for their answers') });
    expect(answered).toBe(0);
    expect(pending.size).toBe(3);
    // Not this window's bound: the lab itself ends the pool, and the joins are answered.
    await harness.ok({ type: 'pool.terminate', pool: 'p' });
    expect((await Promise.all(joins)).every((outcome) => outcome.ok)).toBe(true);
    expect(pending.size).toBe(0);
    expect(await answerCommand(harness.lab, ownWindow, { type: 'pool.join', pool: 'p', timeoutMs: 0 }, pending)).toMatchObject({ ok: true });
  });
});
