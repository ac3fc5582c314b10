import { assertNever } from '../../shared/assert-never';
import type { PythonStart, StartSpec } from '../../shared/start-spec';
import { shellQuote } from '../../shared/shell';
import type { WorkerDescriptor, WorkerMethod } from '../../shared/worker';

/** How a worker of this start is launched: a thread of the lab, or a child process by one of the launch methods. */
export function launchMethodOf(spec: StartSpec): WorkerMethod {
  switch (spec.kind) {
    case 'thread':
      return 'thread';
    case 'process':
      return spec.method;
    case 'command':
      return 'command';
    case 'python':
      return 'python';
    default:
      return assertNever(spec);
  }
}

/**
 * The descriptor of one worker of a start. Descriptors keep the shape recordings have always held (kind
 * thread or process; a command line is a process with method "command"), so every recording still opens.
 */
export function describeStart(spec: StartSpec, names: Pick<WorkerDescriptor, 'id' | 'name' | 'groupId'>): WorkerDescriptor {
  const method = launchMethodOf(spec);
  return {
    ...names,
    kind: method === 'thread' ? 'thread' : 'process',
    method,
    command: spec.kind === 'command' ? spec.command : spec.kind === 'python' ? pythonCommandLine(spec) : null,
    task: spec.kind === 'command' || spec.kind === 'python' ? null : spec.task,
    daemon: spec.daemon,
    detached: spec.kind === 'thread' || spec.kind === 'python' ? false : spec.detached,
    ipc: method === 'thread' || method === 'fork',
  };
}

/** A Python program as a person would type it (the details and the log show it; inline code is cut short). */
export function pythonCommandLine(spec: PythonStart): string {
  const program = spec.script ?? `-c ${shellQuote(spec.code!.length > 200 ? `${spec.code!.slice(0, 199)}…` : spec.code!)}`;
  return [spec.interpreter, program, ...spec.args.map(shellQuote)].join(' ');
}

/** The argv a Python program is started with: the interpreter, its code or script, its arguments. */
export function pythonArgv(spec: PythonStart): string[] {
  return [spec.interpreter, ...(spec.script === undefined ? ['-c', spec.code!] : [spec.script]), ...spec.args];
}
