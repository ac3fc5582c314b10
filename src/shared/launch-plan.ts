import { execCommandLine, withCheckedParentDeathSignal, withParentDeathSignal } from './parent-death';
import { asNodeEnvironment, windowsQuote } from './shell';
import type { Task, LeafTask } from './tasks';
import type { LaunchMethod, WorkerMethod } from './worker';
import { WORKER_SPEC_ENV, type ParentGuard, type WorkerSpec } from './worker-wire';

/**
 * How every process below the lab is started, the host's children and the workers' own alike: its argv, its
 * descriptors and its environment, worked out here once (pure: no Node), then handed to `spawn` as is by
 * core/supervisor/start-child.ts (the host) and worker/children.ts (a worker).
 */

/**
 * The descriptors of a process the lab starts, the same numbers in every process below it, so that a worker
 * passes its own straight down: 0, 1 and 2 are stdio; 3 the lab's lifeline (worker-wire.ts); 4 is kept for
 * a runtime's facts channel (a Python program's shim will report on it, issue 10), so that adding it moves
 * no other number; Node's IPC channel (fork) comes last, at 5. A slot a process does not get is closed.
 */
export const CHILD_FDS = { lifeline: 3, facts: 4, ipc: 5 } as const;

/** One descriptor of a child, in the words of Node's `stdio` option (a number passes that descriptor down). */
export type StdioSlot = 'pipe' | 'ignore' | 'inherit' | 'ipc' | number;

/** The shell an `exec` worker runs through, where nothing else is said. */
export const DEFAULT_SHELL = '/bin/sh';

export interface LaunchRequest {
  readonly method: LaunchMethod;
  /** The node that runs the worker entry (workerArgv), or a `command`'s own argv. */
  readonly argv: readonly string[];
  readonly windows: boolean;
  /** The POSIX shell for `exec`, and for a command line's check of its parent. */
  readonly shell: string;
  /** util-linux's setpriv, to arm parent-death signals (parent-death.ts); null where there is none, and for a detached child. */
  readonly setpriv: string | null;
  /**
   * Whether the child dies with the process that starts it (a parent-death signal): every child of the host,
   * a daemon child of a worker; not a non-daemon grandchild, which must be free to outlive its parent.
   */
  readonly diesWithParent: boolean;
  /** The pid of the process that starts it: a command line checks, once armed, that it still has that parent. */
  readonly parentPid: number;
  /** Its own session, no pipes: /dev/null for stdio, and no lifeline. */
  readonly detached: boolean;
  readonly stdin: 'pipe' | 'ignore';
  /** The host reads its children's output; a worker's children write into their parent's. */
  readonly output: 'pipe' | 'inherit';
  /** A new socket (the host's end is held by the host), the lifeline descriptor to pass down, or none. */
  readonly lifeline: 'pipe' | number | null;
}

export interface LaunchPlan {
  readonly file: string;
  readonly args: readonly string[];
  readonly stdio: readonly StdioSlot[];
  /** Windows' `exec`: the command line goes to cmd.exe (Node's `shell: true`). */
  readonly windowsShell: boolean;
  /** fork: an IPC channel (JSON, as child_process.fork has it). */
  readonly ipc: boolean;
}

/**
 * Argv and descriptors for one child. fork is spawn with an IPC channel, spelt out so setpriv can come first.
 * `exec` keeps its shell between the parent and the node (the tree shows it, as child_process.exec has it):
 * bash runs a `-c` line that is one simple command by exec'ing it, which would put the node in the shell's
 * place, so a second command follows it; dash keeps the shell either way. The node below the shell gets its
 * own parent-death signal, tied to its shell: the two are one worker, and end together.
 */
export function planLaunch(request: LaunchRequest): LaunchPlan {
  const { method, argv, setpriv } = request;
  const own = request.diesWithParent ? setpriv : null;
  const stdio = stdioFor(request);
  switch (method) {
    case 'fork':
      return plan(withParentDeathSignal(own, argv), stdio, { ipc: true });
    case 'spawn':
      return plan(withParentDeathSignal(own, argv), stdio);
    case 'exec': {
      if (request.windows) return { file: argv.map(windowsQuote).join(' '), args: [], stdio, windowsShell: true, ipc: false };
      const line = `${execCommandLine(setpriv, argv)}; exit $?`;
      return plan(withParentDeathSignal(own, [request.shell, '-c', line]), stdio);
    }
    case 'command':
      // A command line cannot watch a pipe from the lab, so a parent-death signal is all it has; the shell
      // between setpriv and the program checks the race after arming (parent-death.ts).
      return plan(withCheckedParentDeathSignal(own, request.parentPid, argv, request.shell), stdio);
  }
}

function plan(argv: readonly string[], stdio: readonly StdioSlot[], options: { ipc?: boolean } = {}): LaunchPlan {
  const [file, ...args] = argv;
  return { file: file!, args, stdio, windowsShell: false, ipc: options.ipc ?? false };
}

/** stdio at 0..2, the lifeline at 3, the facts slot at 4 (closed for now), IPC at 5; trailing closed slots left out. */
function stdioFor(request: LaunchRequest): StdioSlot[] {
  const ipc = request.method === 'fork';
  if (request.detached) return ipc ? ['ignore', 'ignore', 'ignore', 'ignore', 'ignore', 'ipc'] : ['ignore', 'ignore', 'ignore'];
  const slots: StdioSlot[] = [request.stdin, request.output, request.output, request.lifeline ?? 'ignore', 'ignore'];
  if (ipc) return [...slots, 'ipc'];
  while (slots.length > 3 && slots.at(-1) === 'ignore') slots.pop();
  return slots;
}

/** The node that runs the process worker entry for this spec. */
export function workerArgv(execPath: string, spec: WorkerSpec): string[] {
  return [execPath, spec.entries.process, `--lab-worker=${spec.workerId}`];
}

/** A worker's environment: its spec, and, inside Electron, what makes Electron's binary run as plain Node. */
export function workerEnvironment<E extends Record<string, string | undefined>>(base: E, spec: WorkerSpec, inElectron: boolean): E {
  return asNodeEnvironment({ ...base, [WORKER_SPEC_ENV]: JSON.stringify(spec) }, inElectron);
}

export interface WorkerSpecRequest {
  readonly workerId: string;
  readonly task: Task | LeafTask;
  readonly method: WorkerMethod;
  /** Python's daemon flag (worker-wire.ts). */
  readonly daemon: boolean;
  /** It ends when its parent is gone, noticed on its IPC channel or stdin (worker-wire.ts `guard`). */
  readonly watchesParent: boolean;
  /** It holds the lab's lifeline, at CHILD_FDS.lifeline. */
  readonly lifeline: boolean;
  readonly setpriv: string | null;
  readonly shell: string;
  readonly entries: WorkerSpec['entries'];
}

/** The spec of one worker, a lab worker or one a worker starts. */
export function newWorkerSpec(request: WorkerSpecRequest): WorkerSpec {
  return {
    workerId: request.workerId,
    task: request.task,
    guard: guardFor(request.watchesParent, request.method),
    daemon: request.daemon,
    lifeline: request.lifeline ? CHILD_FDS.lifeline : null,
    setpriv: request.setpriv,
    shell: request.shell,
    entries: request.entries,
  };
}

function guardFor(watchesParent: boolean, method: WorkerMethod): ParentGuard {
  if (!watchesParent || method === 'thread') return 'none';
  return method === 'fork' ? 'ipc' : 'stdin';
}
