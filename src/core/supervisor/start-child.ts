import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Socket } from 'node:net';
import { CHILD_FDS, planLaunch, workerArgv, workerEnvironment, type LaunchPlan } from '../../shared/launch-plan';
import { splitCommandLine } from '../../shared/shell';
import type { LaunchMethod } from '../../shared/worker';
import type { WorkerSpec } from '../../shared/worker-wire';
import { findProgram } from './find-program';

export interface ChildLaunch {
  readonly method: LaunchMethod;
  /** For `command`: the command line. For the others, the worker entry runs `spec.task`. */
  readonly command: string | null;
  readonly spec: WorkerSpec;
  /** Its own session and process group, no pipes to the host: it may outlive the lab. */
  readonly detached: boolean;
  /** setpriv, for a parent-death signal (parent-death.ts); null where there is none. Never used for a detached child. */
  readonly setpriv: string | null;
  /** The POSIX shell of `exec` workers and of a command line's parent check (launch-plan.ts). */
  readonly shell: string;
  /** What the environment of every process of the lab carries (the watchdog's mark); never a detached one's. */
  readonly labEnvironment: Readonly<Record<string, string>>;
  /**
   * A `command` given as its argv rather than a line to split (a Python program: python-launch.ts), with
   * what its environment adds on top of the lab's (the shim's variables).
   */
  readonly program?: { readonly argv: readonly string[]; readonly environment: Readonly<Record<string, string>> };
}

/**
 * Starts one child of the host, from the calling thread (always the host's main thread: a parent-death
 * signal fires when the thread that started the child exits). fork, spawn and exec run the worker entry;
 * `command` runs any program. Throws for a command line that cannot run at all.
 */
export function startChild(launch: ChildLaunch): ChildProcess {
  const { spec, detached } = launch;
  // A detached child is free of the lab: no parent-death signal anywhere in it, the node below a shell included.
  const setpriv = detached ? null : launch.setpriv;
  const argv = launch.method === 'command' ? (launch.program === undefined ? commandArgv(launch.command, setpriv) : programArgv(launch.program.argv, setpriv)) : workerArgv(process.execPath, spec);
  const plan = planLaunch({
    method: launch.method,
    argv,
    windows: process.platform === 'win32',
    shell: launch.shell,
    setpriv,
    diesWithParent: true,
    parentPid: process.pid,
    detached,
    stdin: 'pipe',
    output: 'pipe',
    lifeline: spec.lifeline === null ? null : 'pipe',
  });
  const base = detached ? process.env : { ...process.env, ...launch.labEnvironment, ...launch.program?.environment };
  const env = launch.method === 'command' ? base : workerEnvironment(base, spec, process.versions.electron !== undefined);
  return spawnPlanned(plan, env, detached);
}

/** One `spawn` of a plan (worker/children.ts has the same line for a worker's own children). */
export function spawnPlanned(plan: LaunchPlan, env: NodeJS.ProcessEnv, detached: boolean): ChildProcess {
  return spawn(plan.file, [...plan.args], {
    env,
    detached,
    stdio: plan.stdio as StdioOptions,
    ...(plan.ipc && { serialization: 'json' }),
    ...(plan.windowsShell && { shell: true }),
  });
}

/**
 * A command line's argv. Behind setpriv and the guard shell, a missing program would be the shell's exit 127:
 * it is looked for first, so the failure says what it is.
 */
function commandArgv(command: string | null, setpriv: string | null): string[] {
  const argv = splitCommandLine(command ?? '');
  if (!argv.ok) throw new Error(argv.error);
  return programArgv(argv.argv, setpriv);
}

function programArgv(argv: readonly string[], setpriv: string | null): string[] {
  const program = setpriv === null ? { ok: true as const } : findProgram(argv[0]!);
  if (!program.ok) throw Object.assign(new Error(program.code), { code: program.code });
  return [...argv];
}

/** The host's end of a child's lifeline, if it has one. */
export function lifelineOf(child: ChildProcess): unknown {
  return child.stdio[CHILD_FDS.lifeline];
}

/**
 * The host's end of a worker's lifeline (worker-wire.ts): never written, read only to notice the end-of-file
 * that comes once the worker and every process below it have closed theirs, and then closed.
 */
export function holdLifeline(end: unknown): void {
  if (end === null || end === undefined) return;
  const socket = end as Socket;
  socket.on('error', () => socket.destroy());
  socket.once('end', () => socket.destroy());
  socket.resume();
  // The host's lifetime is the lab's business, not its workers'.
  socket.unref();
}
