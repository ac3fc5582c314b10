import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Socket } from 'node:net';
import { execCommandLine, withCheckedParentDeathSignal, withParentDeathSignal } from '../../shared/parent-death';
import { asNodeEnvironment, splitCommandLine } from '../../shared/shell';
import type { ProcessMethod } from '../../shared/worker';
import { WORKER_SPEC_ENV, type WorkerSpec } from '../../shared/worker-wire';
import { findProgram } from './find-program';

/** Where a child of the host finds the lab's lifeline (worker-wire.ts `lifeline`). */
export const LIFELINE_FD = 3;

export interface ChildLaunch {
  readonly method: ProcessMethod;
  /** For `command`: the command line. For the others, the worker entry runs `spec.task`. */
  readonly command: string | null;
  readonly spec: WorkerSpec;
  /** Its own session and process group, no pipes to the host: it may outlive the lab. */
  readonly detached: boolean;
  /** setpriv, for a parent-death signal (parent-death.ts); null where there is none or for a detached one. */
  readonly setpriv: string | null;
}

/**
 * Starts one child of the host, from the calling thread (always the host's main thread: a parent-death
 * signal fires when the thread that started the child exits). fork, spawn and exec run the worker entry;
 * `command` runs any program. Throws for a command line that cannot run at all.
 */
export function startChild(launch: ChildLaunch): ChildProcess {
  const { spec, detached } = launch;
  const setpriv = detached ? null : launch.setpriv;
  const inElectron = process.versions.electron !== undefined;
  const env = asNodeEnvironment({ ...process.env, [WORKER_SPEC_ENV]: JSON.stringify(spec) }, inElectron);
  const node = [process.execPath, spec.entries.process, `--lab-worker=${spec.workerId}`];
  const lifeline = spec.lifeline === null ? [] : (['pipe'] as const);
  // A detached worker holds no pipe to the host: its stdio is /dev/null.
  const pipes: StdioOptions = detached ? 'ignore' : ['pipe', 'pipe', 'pipe', ...lifeline];
  switch (launch.method) {
    case 'fork': {
      // child_process.fork is spawn with an IPC channel; spelt out, so setpriv can come first.
      const [file, ...args] = withParentDeathSignal(setpriv, node);
      const stdio: StdioOptions = detached ? ['ignore', 'ignore', 'ignore', 'ipc'] : ['pipe', 'pipe', 'pipe', ...lifeline, 'ipc'];
      return spawn(file!, args, { env, detached, stdio, serialization: 'json' });
    }
    case 'spawn': {
      const [file, ...args] = withParentDeathSignal(setpriv, node);
      return spawn(file!, args, { env, detached, stdio: pipes });
    }
    case 'exec': {
      // The shell stays between the host and the node (the tree shows it), as child_process.exec has it.
      if (process.platform === 'win32') return spawn(execCommandLine(null, node), { env, detached, stdio: pipes, shell: true });
      const [file, ...args] = withParentDeathSignal(setpriv, ['/bin/sh', '-c', execCommandLine(launch.setpriv, node)]);
      return spawn(file!, args, { env, detached, stdio: pipes });
    }
    case 'command': {
      const argv = splitCommandLine(launch.command ?? '');
      if (!argv.ok) throw new Error(argv.error);
      // A command line cannot watch a pipe from the lab, so the kernel's parent-death signal is all it has;
      // the shell between setpriv and the program checks the race (parent-death.ts). Behind them, a missing
      // program would be the shell's exit 127: it is looked for first, so the failure says what it is.
      const program = setpriv === null ? { ok: true as const } : findProgram(argv.argv[0]!);
      if (!program.ok) throw Object.assign(new Error(program.code), { code: program.code });
      const [file, ...args] = withCheckedParentDeathSignal(setpriv, process.pid, argv.argv);
      return spawn(file!, args, { env: process.env, detached, stdio: detached ? 'ignore' : 'pipe' });
    }
  }
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

