import { describe, expect, it } from 'vitest';
import { labEventSchema, parseCommand, serverMessageSchema } from '../../../src/shared/protocol';

const sleepTask = { name: 'sleep', ms: 1000 };

describe('commands are validated against the contract', () => {
  it('accepts a start of forked processes and fills defaults', () => {
    const parsed = parseCommand({ type: 'start', spec: { kind: 'process', method: 'fork', count: 3, task: sleepTask } });
    expect(parsed).toMatchObject({
      ok: true,
      command: { spec: { namePrefix: 'worker', daemon: false, detached: false, count: 3 } },
    });
  });

  it.each([
    [{ type: 'start', spec: { kind: 'process', method: 'fork', count: -1, task: sleepTask } }, 'count must be at least 1'],
    [{ type: 'start', spec: { kind: 'process', method: 'fork', count: 'two', task: sleepTask } }, 'count must be a number'],
    [{ type: 'start', spec: { kind: 'process', method: 'fork', count: 1.5, task: sleepTask } }, 'whole number'],
    [{ type: 'start', spec: { kind: 'process', count: 1, task: sleepTask } }, 'a process needs a method'],
    [{ type: 'start', spec: { kind: 'thread', count: 1, task: sleepTask, detached: true } }, 'only a process can be detached'],
    [{ type: 'start', spec: { kind: 'thread', count: 1, task: { name: 'crash', signal: 'SIGKILL' } } }, 'crash kills the whole process'],
    [{ type: 'start', spec: { kind: 'command', count: 1 } }, 'needs a command line'],
    [{ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'nap' } } }, 'unknown task "nap"'],
    [{ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'sleep', ms: -5 } } }, 'must not be negative'],
    [{ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'sleep' } } }, 'ms'],
    [{ type: 'join', workerIds: ['w1'], timeoutMs: -1e9 }, 'timeout must be at least minus one day'],
    [{ type: 'join', workerIds: ['w1'], timeoutMs: Infinity }, 'timeout must be a number'],
    [{ type: 'join', workerIds: ['w1'], timeoutMs: 'soon' }, 'timeout must be a number'],
    [{ type: 'join', workerIds: [] }, 'name at least one worker'],
    [{ type: 'signal', workerIds: ['w1'], signal: 'SIGFOO' }, 'unknown signal "SIGFOO"'],
    [{ type: 'launch-missiles' }, 'unknown command "launch-missiles"'],
    [{ type: 'kill', workerIds: ['w1'], extra: true }, 'extra'],
    ['not an object', 'bad command'],
  ])('refuses %j with a message a person understands', (input, message) => {
    const parsed = parseCommand(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('accepts a negative join timeout, as Python\'s join(-1)', () => {
    expect(parseCommand({ type: 'join', workerIds: ['w1'], timeoutMs: -1 })).toMatchObject({ ok: true, command: { timeoutMs: -1 } });
  });

  it('accepts a spawn-children task with nested defaults', () => {
    const parsed = parseCommand({
      type: 'start',
      spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'spawn-children', n: 2, kind: 'process', task: sleepTask } },
    });
    expect(parsed).toMatchObject({ ok: true, command: { spec: { task: { method: 'fork', daemon: false } } } });
  });
});

describe('error messages from what the sender wrote', () => {
  const deep = (depth: number): unknown => (depth === 0 ? 'x' : [deep(depth - 1)]);

  it.each([
    ['a 5,000-deep command type', { type: deep(5_000) }, 'unknown command [[[…]]]'],
    ['a 5,000-deep signal', { type: 'signal', workerIds: ['w1'], signal: deep(5_000) }, 'unknown signal [[[…]]]'],
    ['a 5,000-deep task name', { type: 'start', spec: { kind: 'thread', count: 1, task: { name: deep(5_000) } } }, 'unknown task [[[…]]]'],
    ['a BigInt signal', { type: 'signal', workerIds: ['w1'], signal: 15n }, 'unknown signal 15n'],
    ['a key with a newline', { type: 'kill', workerIds: ['w1'], 'bad\nkey': 1 }, 'bad\\nkey'],
    ['a key of 100,000 characters', { type: 'kill', workerIds: ['w1'], ['k'.repeat(100_000)]: 1 }, 'Unrecognized key'],
  ])('%s: one short line, never an exception', (_what, input, message) => {
    const parsed = parseCommand(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain(message);
    expect(parsed.error).not.toContain('\n');
    expect(parsed.error.length).toBeLessThan(700);
  });
});

describe('events and server messages', () => {
  it('validates an exit event and refuses a malformed one', () => {
    const exit = { type: 'worker.exited', seq: 1, t: 5, workerId: 'w1', code: null, signal: 'SIGTERM', exitCode: -15, detail: null };
    expect(labEventSchema.safeParse(exit).success).toBe(true);
    expect(labEventSchema.safeParse({ ...exit, exitCode: 'x' }).success).toBe(false);
    expect(serverMessageSchema.safeParse({ type: 'events', events: [exit] }).success).toBe(true);
    expect(serverMessageSchema.safeParse({ type: 'reply', id: 'c1', ok: false, error: 'no' }).success).toBe(true);
    expect(serverMessageSchema.safeParse({ type: 'reply', id: 'c1', ok: true }).success).toBe(false);
  });
});
