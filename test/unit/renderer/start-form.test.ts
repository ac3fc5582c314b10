import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/shared/protocol';
import { INITIAL_DRAFT, LEAF_TASKS, startCommandOf, tasksFor, withChildKind, withKind, type StartDraft } from '../../../src/renderer/model/start-form';
import { SYNC_TASK_NAMES, TASK_NAMES, type SyncTaskName } from '../../../src/shared/tasks';

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
    const thread = startCommandOf({ ...INITIAL_DRAFT, kind: 'thread', detached: true });
    expect(thread).toEqual({ type: 'start', spec: { kind: 'thread', count: 1, namePrefix: 'worker', daemon: false, task: { name: 'sleep', ms: 30000 } } });
    expect(parseCommand(thread)).toMatchObject({ ok: true });
    // The form's fourth method is the start spec's kind "command".
    const commandLine = startCommandOf({ ...INITIAL_DRAFT, method: 'command', command: 'sleep 30', detached: true });
    expect(commandLine).toEqual({ type: 'start', spec: { kind: 'command', command: 'sleep 30', count: 1, namePrefix: 'worker', daemon: false, detached: true } });
    expect(parseCommand(commandLine)).toMatchObject({ ok: true });
  });

  it('builds spawn-children with its child task', () => {
    const command = startCommandOf({ ...INITIAL_DRAFT, task: { ...INITIAL_DRAFT.task, name: 'spawn-children' }, children: { ...INITIAL_DRAFT.children, n: '3', daemon: true } });
    expect(command).toMatchObject({ spec: { task: { name: 'spawn-children', n: 3, kind: 'process', method: 'fork', daemon: true, task: { name: 'sleep', ms: 30000 } } } });
    expect(parseCommand(command)).toMatchObject({ ok: true });
  });

  it('does not offer a thread the tasks that mean nothing in one (crash, ignore-sigterm), for it or its children', () => {
    expect(tasksFor('thread', TASK_NAMES)).not.toContain('crash');
    expect(tasksFor('thread', TASK_NAMES)).not.toContain('ignore-sigterm');
    expect(tasksFor('thread', TASK_NAMES)).toContain('hang');
    expect(tasksFor('process', TASK_NAMES)).toEqual([...TASK_NAMES]);
    expect(tasksFor('thread', LEAF_TASKS)).toEqual(LEAF_TASKS.filter((name) => name !== 'crash' && name !== 'ignore-sigterm'));
    // Switching to thread with such a task chosen picks one a thread can run, and the lab accepts it.
    const crashing: StartDraft = { ...INITIAL_DRAFT, task: { ...INITIAL_DRAFT.task, name: 'crash' } };
    const asThread = withKind(crashing, 'thread');
    expect(asThread.task.name).toBe('hang');
    expect(parseCommand(startCommandOf(asThread))).toMatchObject({ ok: true });
    expect(withKind(crashing, 'process').task.name).toBe('crash');
    const children = withChildKind({ ...INITIAL_DRAFT.children, task: { ...INITIAL_DRAFT.children.task, name: 'ignore-sigterm' } }, 'thread');
    expect(children).toMatchObject({ kind: 'thread', task: { name: 'hang' } });
  });

  it('lets one start fill the lab up to its live-worker limit (the seeds race 100 threads)', () => {
    expect(parseCommand(startCommandOf({ ...INITIAL_DRAFT, kind: 'thread', count: '100' }))).toMatchObject({ ok: true });
    expect(parseCommand(startCommandOf({ ...INITIAL_DRAFT, kind: 'thread', count: '256' }))).toMatchObject({ ok: true });
    expect(parseCommand(startCommandOf({ ...INITIAL_DRAFT, count: '5000' }))).toMatchObject({ ok: false, error: expect.stringContaining('count must be at most 4096') });
  });

  const syncTask = (name: SyncTaskName, sync: Partial<StartDraft['task']['sync']> = {}): StartDraft => ({
    ...INITIAL_DRAFT,
    kind: 'thread',
    task: { ...INITIAL_DRAFT.task, name, sync: { ...INITIAL_DRAFT.task.sync, ...sync } },
  });

  it('builds every task that uses primitives, from its own fields, in a form the lab accepts', () => {
    for (const name of SYNC_TASK_NAMES) expect(parseCommand(startCommandOf(syncTask(name))), name).toMatchObject({ ok: true });
    expect(startCommandOf(syncTask('acquire-in-order', { first: 'lockB', second: 'lockA', holdMs: '300' }))).toMatchObject({
      spec: { kind: 'thread', task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: 300 } },
    });
    expect(startCommandOf(syncTask('consume', { queue: 'q', items: '0', delayMs: '150' }))).toMatchObject({ spec: { task: { name: 'consume', queue: 'q', n: 0, delayMs: 150 } } });
  });

  it('sends decrement without a lock when the lock field is empty', () => {
    expect(startCommandOf(syncTask('decrement', { lock: '' }))).toMatchObject({ spec: { task: { lock: null } } });
    expect(startCommandOf(syncTask('decrement', { lock: 'guard' }))).toMatchObject({ spec: { task: { lock: 'guard' } } });
  });

  it('lets the lab refuse a primitive task in a process without a channel', () => {
    const spawned = { ...syncTask('produce'), kind: 'process' as const, method: 'spawn' as const };
    expect(parseCommand(startCommandOf(spawned))).toMatchObject({ ok: false, error: expect.stringContaining('use kind "thread" or method "fork"') });
  });
});

describe('the start form for a Python program', () => {
  it('sends inline code or a script, the arguments as a list, and the interpreter chosen', () => {
    const draft = withKind(INITIAL_DRAFT, 'python');
    const code = startCommandOf({ ...draft, python: { ...draft.python, code: 'print(1)', args: '["-n", "5"]', interpreter: 'python3.12' } });
    expect(parseCommand(code)).toMatchObject({ ok: true, command: { spec: { kind: 'python', code: 'print(1)', args: ['-n', '5'], interpreter: 'python3.12' } } });
    const script = startCommandOf({ ...draft, python: { ...draft.python, source: 'script', script: ' /tmp/x.py ' } });
    expect(parseCommand(script)).toMatchObject({ ok: true, command: { spec: { kind: 'python', script: '/tmp/x.py' } } });
    expect(parseCommand(startCommandOf({ ...draft, python: { ...draft.python, source: 'script', script: 'x.py' } }))).toMatchObject({ ok: false, error: expect.stringContaining('script must be an absolute path') });
  });
});
