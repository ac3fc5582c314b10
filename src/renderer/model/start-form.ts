import type { LabCommand } from '../../shared/protocol';
import type { SignalName } from '../../shared/signals';
import { CHILD_METHODS, type LeafTask, type Task, type TaskName } from '../../shared/tasks';
import type { ProcessMethod, WorkerKind } from '../../shared/worker';

export type LeafTaskName = Exclude<TaskName, 'spawn-children'>;
export type ChildMethod = (typeof CHILD_METHODS)[number];

/** A task's parameters as typed: text, so that what the person typed reaches the lab unchanged. */
export interface TaskDraft<Name extends TaskName = TaskName> {
  readonly name: Name;
  readonly ms: string;
  readonly n: string;
  readonly code: string;
  readonly message: string;
  readonly signal: SignalName;
}

export interface ChildrenDraft {
  readonly n: string;
  readonly kind: WorkerKind;
  readonly method: ChildMethod;
  readonly daemon: boolean;
  readonly task: TaskDraft<LeafTaskName>;
}

export interface StartDraft {
  readonly kind: WorkerKind;
  readonly method: ProcessMethod;
  readonly command: string;
  readonly count: string;
  readonly namePrefix: string;
  readonly task: TaskDraft;
  readonly children: ChildrenDraft;
  readonly daemon: boolean;
  readonly detached: boolean;
}

export const INITIAL_DRAFT: StartDraft = {
  kind: 'process',
  method: 'fork',
  command: 'sleep 30',
  count: '1',
  namePrefix: 'worker',
  task: { name: 'sleep', ms: '30000', n: '100000000', code: '1', message: 'something went wrong', signal: 'SIGSEGV' },
  children: {
    n: '2',
    kind: 'process',
    method: 'fork',
    daemon: false,
    task: { name: 'sleep', ms: '30000', n: '100000000', code: '1', message: 'something went wrong', signal: 'SIGSEGV' },
  },
  daemon: false,
  detached: false,
};

/** What each task does, in one line under the select. */
export const TASK_HINTS: Readonly<Record<TaskName, string>> = {
  sleep: 'sleeps, then exits with 0',
  burn: 'keeps one core busy',
  count: 'counts to n: CPU-bound, like the GIL demo',
  exit: 'exits at once with the code',
  throw: 'throws an uncaught error: exit code 1',
  crash: 'kills itself with a signal: exit code -N',
  hang: 'never ends on its own',
  'ignore-sigterm': 'ignores SIGTERM: terminate must escalate to SIGKILL',
  'spawn-children': 'starts children of its own and waits for them',
};

/**
 * Numbers are sent as typed: "-3" is -3 and "abc" is NaN (null on the wire), so the lab, which validates,
 * answers with the reason. The form never quietly corrects what the person asked for.
 */
export function typedNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

export function leafTaskOf(draft: TaskDraft<LeafTaskName>): LeafTask {
  switch (draft.name) {
    case 'sleep':
    case 'burn':
      return { name: draft.name, ms: typedNumber(draft.ms) };
    case 'count':
      return { name: 'count', n: typedNumber(draft.n) };
    case 'exit':
      return { name: 'exit', code: typedNumber(draft.code) };
    case 'throw':
      return { name: 'throw', message: draft.message };
    case 'crash':
      return { name: 'crash', signal: draft.signal };
    case 'hang':
    case 'ignore-sigterm':
      return { name: draft.name };
  }
}

function taskOf(draft: StartDraft): Task {
  const { task, children } = draft;
  if (task.name !== 'spawn-children') return leafTaskOf({ ...task, name: task.name });
  return { name: 'spawn-children', n: typedNumber(children.n), kind: children.kind, method: children.method, daemon: children.daemon, task: leafTaskOf(children.task) };
}

export function startCommandOf(draft: StartDraft): LabCommand {
  const common = { count: typedNumber(draft.count), namePrefix: draft.namePrefix, daemon: draft.daemon };
  if (draft.kind === 'thread') return { type: 'start', spec: { kind: 'thread', ...common, detached: false, task: taskOf(draft) } };
  if (draft.method === 'command') {
    return { type: 'start', spec: { kind: 'process', method: 'command', command: draft.command, ...common, detached: draft.detached } };
  }
  return { type: 'start', spec: { kind: 'process', method: draft.method, ...common, detached: draft.detached, task: taskOf(draft) } };
}
