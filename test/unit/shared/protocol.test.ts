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
    [{ type: 'start', spec: { kind: 'process', method: 'command', count: 1 } }, 'needs a command line'],
    [{ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'nap' } } }, 'unknown task "nap"'],
    [{ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'sleep', ms: -5 } } }, 'must not be negative'],
    [{ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'sleep' } } }, 'ms'],
    [{ type: 'join', workerIds: ['w1'], timeoutMs: -1 }, 'timeout must not be negative'],
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

  it('accepts a spawn-children task with nested defaults', () => {
    const parsed = parseCommand({
      type: 'start',
      spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'spawn-children', n: 2, kind: 'process', task: sleepTask } },
    });
    expect(parsed).toMatchObject({ ok: true, command: { spec: { task: { method: 'fork', daemon: false } } } });
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
