import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/shared/protocol';
import { INITIAL_DRAFT, startCommandOf } from '../../../src/renderer/model/start-form';

describe('the Start workers form', () => {
  it('builds a command the lab accepts from its defaults', () => {
    expect(parseCommand(startCommandOf(INITIAL_DRAFT))).toMatchObject({ ok: true });
  });

  it('sends numbers as typed, so the lab explains what is wrong', () => {
    const negative = startCommandOf({ ...INITIAL_DRAFT, count: '-3' });
    expect(negative).toMatchObject({ spec: { count: -3 } });
    expect(parseCommand(negative)).toEqual({ ok: false, error: 'bad command: spec.count: count must be at least 1' });
    const wire = JSON.parse(JSON.stringify(startCommandOf({ ...INITIAL_DRAFT, count: 'lots' }))) as { spec: { count: unknown } };
    expect(wire.spec.count).toBeNull();
  });

  it('gives a thread no method and no detached flag, and a command line no task', () => {
    expect(startCommandOf({ ...INITIAL_DRAFT, kind: 'thread', detached: true })).toEqual({
      type: 'start',
      spec: { kind: 'thread', count: 1, namePrefix: 'worker', daemon: false, detached: false, task: { name: 'sleep', ms: 30000 } },
    });
    const commandLine = startCommandOf({ ...INITIAL_DRAFT, method: 'command', command: 'sleep 30' });
    expect(commandLine).toMatchObject({ spec: { kind: 'process', method: 'command', command: 'sleep 30' } });
    expect(commandLine).not.toHaveProperty('spec.task');
  });

  it('builds spawn-children with its child task', () => {
    const command = startCommandOf({ ...INITIAL_DRAFT, task: { ...INITIAL_DRAFT.task, name: 'spawn-children' }, children: { ...INITIAL_DRAFT.children, n: '3', daemon: true } });
    expect(command).toMatchObject({ spec: { task: { name: 'spawn-children', n: 3, kind: 'process', method: 'fork', daemon: true, task: { name: 'sleep', ms: 30000 } } } });
    expect(parseCommand(command)).toMatchObject({ ok: true });
  });
});
