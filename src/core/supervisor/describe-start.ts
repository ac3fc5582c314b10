import { assertNever } from '../../shared/assert-never';
import type { StartSpec } from '../../shared/start-spec';
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
    command: spec.kind === 'command' ? spec.command : null,
    task: spec.kind === 'command' ? null : spec.task,
    daemon: spec.daemon,
    detached: spec.kind === 'thread' ? false : spec.detached,
    ipc: method === 'thread' || method === 'fork',
  };
}
