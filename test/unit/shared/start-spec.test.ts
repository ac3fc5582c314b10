import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/shared/protocol';
import { startSpecSchema } from '../../../src/shared/start-spec';

const sleep = { name: 'sleep', ms: 1000 };
const refusal = (spec: unknown): string => {
  const parsed = parseCommand({ type: 'start', spec });
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(spec)}`);
  return parsed.error;
};

describe('the start spec: one shape per runtime', () => {
  it.each([
    ['a thread', { kind: 'thread', count: 2, task: sleep }, { kind: 'thread', count: 2, namePrefix: 'worker', daemon: false, task: sleep }],
    ['a forked process', { kind: 'process', method: 'fork', count: 1, task: sleep }, { kind: 'process', method: 'fork', count: 1, namePrefix: 'worker', daemon: false, detached: false, task: sleep }],
    ['a detached exec', { kind: 'process', method: 'exec', count: 1, task: sleep, detached: true }, { kind: 'process', method: 'exec', detached: true }],
    ['a command line', { kind: 'command', count: 1, command: '  sleep 30 ' }, { kind: 'command', count: 1, namePrefix: 'worker', daemon: false, detached: false, command: 'sleep 30' }],
    ['a thread with a primitive task', { kind: 'thread', count: 1, task: { name: 'wait-event', event: 'go' } }, { kind: 'thread', task: { name: 'wait-event' } }],
    ['a forked process with a primitive task', { kind: 'process', method: 'fork', count: 1, task: { name: 'wait-event', event: 'go' } }, { method: 'fork' }],
    ['a process starting thread children that crash', { kind: 'process', method: 'fork', count: 1, task: { name: 'spawn-children', n: 1, kind: 'thread', task: { name: 'crash', signal: 'SIGKILL' } } }, { kind: 'process' }],
  ])('accepts %s, with its defaults', (_what, spec, parsed) => {
    expect(startSpecSchema.parse(spec)).toMatchObject(parsed);
  });

  it.each([
    ['kind missing', { count: 1, task: sleep }, 'bad command: spec.kind: kind is missing: "thread", "process", "command" or "python"'],
    ['an unknown kind', { kind: 'fiber', count: 1, task: sleep }, 'bad command: spec.kind: kind must be "thread", "process", "command" or "python"'],
    ['a spec that is not an object', 'thread', 'bad command: spec: a start spec is an object, for example {"kind":"thread","count":1,"task":{"name":"sleep","ms":5000}}'],
    ['a thread with detached', { kind: 'thread', count: 1, task: sleep, detached: true }, 'bad command: spec.detached: only a process can be detached: a thread cannot outlive its process'],
    ['a thread with a method', { kind: 'thread', method: 'fork', count: 1, task: sleep }, 'bad command: spec.method: a thread has no process method'],
    ['a thread with a command line', { kind: 'thread', count: 1, command: 'sleep 3' }, 'spec.command: a thread cannot run a command line; use kind "command"'],
    ['a thread that crashes', { kind: 'thread', count: 1, task: { name: 'crash', signal: 'SIGKILL' } }, 'bad command: spec.task: crash kills the whole process it runs in; in a thread that would be the lab itself. Use kind "process"'],
    ['a thread whose thread child crashes', { kind: 'thread', count: 1, task: { name: 'spawn-children', n: 1, kind: 'thread', task: { name: 'crash', signal: 'SIGKILL' } } }, 'crash kills the whole process it runs in'],
    ['a thread without a task', { kind: 'thread', count: 1 }, 'bad command: spec.task: choose a task, for example {"name":"sleep","ms":5000}'],
    ['a process without a method', { kind: 'process', count: 1, task: sleep }, 'bad command: spec.method: a process needs a method: fork, spawn, exec'],
    ['a process with an unknown method', { kind: 'process', method: 'clone', count: 1, task: sleep }, 'bad command: spec.method: method must be one of fork, spawn, exec'],
    ['a process with method "command" (the old shape)', { kind: 'process', method: 'command', count: 1, command: 'sleep 3' }, 'spec.method: a command line is its own kind: {"kind":"command","command":"sleep 30"}'],
    ['a process with a command line', { kind: 'process', method: 'fork', count: 1, task: sleep, command: 'sleep 3' }, 'bad command: spec.command: a command line is its own kind: use kind "command", without a method'],
    ['a process without a task', { kind: 'process', method: 'spawn', count: 1 }, 'bad command: spec.task: choose a task, for example {"name":"sleep","ms":5000}'],
    ['a spawned process with a primitive task', { kind: 'process', method: 'spawn', count: 1, task: { name: 'wait-event', event: 'go' } }, 'bad command: spec.method: wait-event talks to the lab\'s primitives over a message channel: use kind "thread" or method "fork"'],
    ['a command without a command line', { kind: 'command', count: 1 }, 'bad command: spec.command: kind "command" needs a command line, for example "sleep 30"'],
    ['a command with an empty command line', { kind: 'command', count: 1, command: '   ' }, 'bad command: spec.command: command must not be empty'],
    ['a command line that is not a string', { kind: 'command', count: 1, command: ['sleep', '3'] }, 'bad command: spec.command: command must be a string'],
    ['a command line too long', { kind: 'command', count: 1, command: 'x'.repeat(4001) }, 'bad command: spec.command: command is too long'],
    ['a command with a task', { kind: 'command', count: 1, command: 'sleep 3', task: sleep }, 'bad command: spec.task: kind "command" runs its command line, not a task'],
    ['a command with a method', { kind: 'command', method: 'exec', count: 1, command: 'sleep 3' }, 'bad command: spec.method: kind "command" has no method: its command line is run as it is'],
    ['count 0', { kind: 'command', count: 0, command: 'sleep 3' }, 'bad command: spec.count: count must be at least 1'],
    ['count missing', { kind: 'thread', task: sleep }, 'bad command: spec.count: count must be a number'],
    ['count too high', { kind: 'thread', count: 5000, task: sleep }, 'count must be at most 4096'],
    ['a bad name prefix', { kind: 'thread', count: 1, task: sleep, namePrefix: 'a b' }, 'bad command: spec.namePrefix: name prefix may use letters, digits, "_", "." and "-"'],
    ['an unknown key', { kind: 'command', count: 1, command: 'sleep 3', shell: 'zsh' }, 'bad command: spec: Unrecognized key: "shell"'],
  ])('refuses %s, saying what to do', (_what, spec, message) => {
    expect(refusal(spec)).toContain(message);
  });
});
