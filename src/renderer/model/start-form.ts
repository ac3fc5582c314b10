import type { CommandToSend } from '../../shared/protocol';
import type { SignalName } from '../../shared/signals';
import { CHILD_METHODS, isSyncTask, TASK_NAMES, type LeafTask, type Task, type TaskName } from '../../shared/tasks';
import { assertNever } from '../../shared/assert-never';
import { WORKER_KINDS, type LaunchMethod, type WorkerKind } from '../../shared/worker';
import { DEFAULT_PYTHON } from '../../shared/start-spec';
import { INITIAL_SYNC_TASK_DRAFT, syncTaskOf, type SyncTaskDraft } from './sync-task-form';
import { typedNumber } from './typed-number';

export { typedNumber };

/** Tasks a worker may give its children: no spawn-children, and no primitives (a grandchild has no channel to the lab). */
export type LeafTaskName = LeafTask['name'];
export type ChildMethod = (typeof CHILD_METHODS)[number];

/** A task's parameters as typed: text, so that what the person typed reaches the lab unchanged. */
export interface TaskDraft<Name extends TaskName = TaskName> {
  readonly name: Name;
  readonly ms: string;
  readonly n: string;
  readonly code: string;
  readonly message: string;
  readonly signal: SignalName;
  /** The parameters of the tasks that use the lab's primitives (queue, locks, event...). */
  readonly sync: SyncTaskDraft;
  /** A script task's file and its arguments (a JSON list), as typed. */
  readonly script: ScriptDraft;
}

export interface ScriptDraft {
  readonly path: string;
  readonly args: string;
}

export interface ChildrenDraft {
  readonly n: string;
  readonly kind: WorkerKind;
  readonly method: ChildMethod;
  readonly daemon: boolean;
  readonly task: TaskDraft<LeafTaskName>;
}

/** What the form's Kind offers: a thread, a process, or a Python program (start kind "python"). */
export const FORM_KINDS = [...WORKER_KINDS, 'python'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** A Python program as typed: inline code (the field "Code") or a script path, its arguments, its interpreter. */
export interface PythonDraft {
  readonly source: 'code' | 'script';
  readonly code: string;
  readonly script: string;
  /** A JSON list, as a script task's arguments are typed. */
  readonly args: string;
  readonly interpreter: string;
}

export const INITIAL_PYTHON_DRAFT: PythonDraft = {
  source: 'code',
  code: 'import threading\n\nlock = threading.Lock()\nwith lock:\n    print("hello from", threading.current_thread().name)\n',
  script: '',
  args: '[]',
  interpreter: DEFAULT_PYTHON,
};

export interface StartDraft {
  readonly kind: FormKind;
  /** The form offers a command line as a fourth way to start a process; the lab's start spec has it as kind "command". */
  readonly method: LaunchMethod;
  readonly command: string;
  readonly count: string;
  readonly namePrefix: string;
  readonly task: TaskDraft;
  readonly children: ChildrenDraft;
  readonly daemon: boolean;
  readonly detached: boolean;
  readonly python: PythonDraft;
}

const INITIAL_SCRIPT_DRAFT: ScriptDraft = { path: '', args: '[]' };

export const INITIAL_DRAFT: StartDraft = {
  kind: 'process',
  method: 'fork',
  command: 'sleep 30',
  count: '1',
  namePrefix: 'worker',
  task: { name: 'sleep', ms: '30000', n: '100000000', code: '1', message: 'something went wrong', signal: 'SIGSEGV', sync: INITIAL_SYNC_TASK_DRAFT, script: INITIAL_SCRIPT_DRAFT },
  children: {
    n: '2',
    kind: 'process',
    method: 'fork',
    daemon: false,
    task: { name: 'sleep', ms: '30000', n: '100000000', code: '1', message: 'something went wrong', signal: 'SIGSEGV', sync: INITIAL_SYNC_TASK_DRAFT, script: INITIAL_SCRIPT_DRAFT },
  },
  daemon: false,
  detached: false,
  python: INITIAL_PYTHON_DRAFT,
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
  produce: 'puts n numbered items into a queue, pausing between puts (blocks while it is full)',
  consume: 'gets items from a queue, pausing per item; n = 0: for ever',
  'acquire-in-order': 'takes the first lock, holds it, then takes the second: two in opposite orders deadlock',
  decrement: 'num -= 1 on a shared Value: read, pause, write back; without a lock, updates get lost',
  'wait-event': 'waits until an Event is set',
  'barrier-wait': 'waits at a Barrier until all parties arrive',
  'semaphore-work': 'acquires a Semaphore, works, releases it (a connection-pool limit)',
  'pipe-send': 'sends n numbered messages on one end of a Pipe, then closes it',
  'pipe-recv': 'receives on one end of a Pipe until the other end closes (EOFError)',
  script: 'your own worker script: its default export is called with { sync, workerId, args }',
  contend: 'acquires and releases a lock n times, as fast as it can: contention made visible',
};

/** A child cannot start children, nor reach the lab's primitives (it has no channel to the lab). */
export const LEAF_TASKS = TASK_NAMES.filter((name): name is LeafTaskName => name !== 'spawn-children' && name !== 'script' && !isSyncTask(name));

/**
 * Tasks that mean nothing in a thread: a thread has no signals of its own, so `crash` would kill the lab's
 * own process (the lab refuses it) and `ignore-sigterm` has no SIGTERM to ignore (terminate() ends a thread
 * whatever it does). The form does not offer them for kind thread.
 */
const PROCESS_ONLY_TASKS: ReadonlySet<TaskName> = new Set<TaskName>(['crash', 'ignore-sigterm']);

/** The tasks offered for a worker (or a child) of this kind, in the library's order. */
export function tasksFor<Name extends TaskName>(kind: WorkerKind, names: readonly Name[]): Name[] {
  return kind === 'thread' ? names.filter((name) => !PROCESS_ONLY_TASKS.has(name)) : [...names];
}

/** A task draft fit for `kind`: a task the kind cannot run gives way to `hang`, which any worker can run. */
export function taskForKind<Name extends TaskName>(kind: WorkerKind, task: TaskDraft<Name>): TaskDraft<Name | 'hang'> {
  return kind === 'thread' && PROCESS_ONLY_TASKS.has(task.name) ? { ...task, name: 'hang' } : task;
}

/** The draft after the person picks a kind: the worker's task and the children's both fit it. */
export function withKind(draft: StartDraft, kind: FormKind): StartDraft {
  return { ...draft, kind, task: kind === 'python' ? draft.task : taskForKind(kind, draft.task) };
}

/** The children's draft after the person picks the children's kind. */
export function withChildKind(children: ChildrenDraft, kind: WorkerKind): ChildrenDraft {
  return { ...children, kind, task: taskForKind(kind, children.task) };
}

/** The tasks that talk to the lab's primitives need a message channel: a thread, or a forked process. */
export const SYNC_TASK_NOTE = 'uses the lab\'s primitives: needs kind thread, or method fork';

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

/** The arguments as a JSON list; anything else goes as typed, and the lab says what it expected. */
function scriptArgsOf(text: string): (number | string | boolean | null)[] {
  if (text.trim() === '') return [];
  try {
    return JSON.parse(text) as (number | string | boolean | null)[];
  } catch {
    return text as never;
  }
}

function taskOf(draft: StartDraft): Task {
  const { task, children } = draft;
  if (isSyncTask(task.name)) return syncTaskOf(task.name, task.sync);
  if (task.name === 'script') return { name: 'script', path: task.script.path, args: scriptArgsOf(task.script.args) };
  if (task.name !== 'spawn-children') return leafTaskOf({ ...task, name: task.name });
  return { name: 'spawn-children', n: typedNumber(children.n), kind: children.kind, method: children.method, daemon: children.daemon, task: leafTaskOf(children.task) };
}

export function startCommandOf(draft: StartDraft): CommandToSend {
  const common = { count: typedNumber(draft.count), namePrefix: draft.namePrefix, daemon: draft.daemon };
  switch (draft.kind) {
    case 'thread':
      return { type: 'start', spec: { kind: 'thread', ...common, task: taskOf(draft) } };
    case 'process':
      if (draft.method === 'command') return { type: 'start', spec: { kind: 'command', command: draft.command, ...common, detached: draft.detached } };
      return { type: 'start', spec: { kind: 'process', method: draft.method, ...common, detached: draft.detached, task: taskOf(draft) } };
    case 'python': {
      const { python } = draft;
      const source = python.source === 'code' ? { code: python.code } : { script: python.script.trim() };
      return { type: 'start', spec: { kind: 'python', ...source, args: scriptArgsOf(python.args) as string[], interpreter: python.interpreter, ...common } };
    }
    default:
      return assertNever(draft.kind);
  }
}
