import { describe, expect, it } from 'vitest';
import { describeStart, launchMethodOf } from '../../../../src/core/supervisor/describe-start';
import { startSpecSchema } from '../../../../src/shared/start-spec';
import { workerDescriptorSchema } from '../../../../src/shared/worker';

const names = { id: 'w1', name: 'worker-1', groupId: 'g1' };
const sleep = { name: 'sleep', ms: 1000 } as const;

describe('a start spec described as its workers are recorded', () => {
  it.each([
    ['a thread', { kind: 'thread', count: 1, task: sleep }, { kind: 'thread', method: 'thread', command: null, task: sleep, detached: false, ipc: true }],
    ['a forked process', { kind: 'process', method: 'fork', count: 1, task: sleep, daemon: true }, { kind: 'process', method: 'fork', command: null, task: sleep, daemon: true, ipc: true }],
    ['a detached spawn', { kind: 'process', method: 'spawn', count: 1, task: sleep, detached: true }, { kind: 'process', method: 'spawn', detached: true, ipc: false }],
    ['an exec', { kind: 'process', method: 'exec', count: 1, task: sleep }, { kind: 'process', method: 'exec', ipc: false }],
    // As recordings have always held it: a command line is a process with method "command".
    ['a command line', { kind: 'command', count: 1, command: 'sleep 30', detached: true }, { kind: 'process', method: 'command', command: 'sleep 30', task: null, detached: true, ipc: false }],
  ])('%s', (_what, input, expected) => {
    const spec = startSpecSchema.parse(input);
    const descriptor = describeStart(spec, names);
    expect(descriptor).toMatchObject({ ...names, ...expected });
    expect(descriptor.method).toBe(launchMethodOf(spec));
    expect(workerDescriptorSchema.parse(descriptor)).toEqual(descriptor);
  });
});
