import type { Supervisor } from '../supervisor/supervisor';
import type { PythonOwner } from './python-session';

/** The lab's own Python worker (start kind "python") whose process has this pid, if one is live. */
export function pythonWorkerOfPid(supervisor: Supervisor, pid: number): PythonOwner | null {
  for (const worker of supervisor.workers.values()) {
    if (worker.descriptor.method !== 'python' || worker.ended || worker.launched?.pid !== pid) continue;
    return { workerId: worker.descriptor.id, groupId: worker.descriptor.groupId };
  }
  return null;
}
