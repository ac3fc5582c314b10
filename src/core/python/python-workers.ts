import type { Supervisor } from '../supervisor/supervisor';
import type { PythonOwner } from './python-session';

/**
 * The lab's own Python worker (start kind "python") whose process has this pid, if any. A live one first;
 * else, when the process is a child of the host itself (`childOfHost`: its hello's ppid), the latest ended
 * one: a short program's hello may be read after the lab has already seen it exit (fifty at once on two
 * cores), and it is still that worker's, not a stranger's.
 */
export function pythonWorkerOfPid(supervisor: Supervisor, pid: number, childOfHost = false): PythonOwner | null {
  let ended: PythonOwner | null = null;
  for (const worker of supervisor.workers.values()) {
    if (worker.descriptor.method !== 'python' || worker.launched?.pid !== pid) continue;
    const owner = { workerId: worker.descriptor.id, groupId: worker.descriptor.groupId };
    if (!worker.ended) return owner;
    if (childOfHost) ended = owner;
  }
  return ended;
}
