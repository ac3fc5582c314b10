import type { WorkerView } from '../../shared/lab-state';
import { describeForkHazard, ROLE_WORDS } from '../../shared/python-words';
import { Badge } from './Badge';

/**
 * A Python process's role and start method ("Pool worker", "spawn"), as its shim said; "unobserved" for a
 * Python program the lab cannot see inside (no shim: `python -I`, a refused connection, not yet connected).
 * A thread of a Python program says "Python thread": it cannot be terminated, only its process.
 */
export function PythonBadges({ worker }: { worker: WorkerView }) {
  if (worker.method !== 'python') return null;
  if (worker.kind === 'thread') {
    return (
      <Badge tone="python" title="a thread of a Python program: Python has no way to end a thread from outside, so only its process can be terminated">
        Python thread
      </Badge>
    );
  }
  const python = worker.python;
  if (python === undefined || python.unobserved !== null || python.role === null) {
    const why = python?.unobserved ?? 'its shim has not connected: the lab sees its process from the OS only (python -I or -S skip the shim)';
    return (
      <Badge tone="unobserved" title={why}>
        unobserved
      </Badge>
    );
  }
  return (
    <>
      <Badge tone="python" title={`Python ${python.version ?? ''}: ${ROLE_WORDS[python.role]}`}>
        {ROLE_WORDS[python.role]}
      </Badge>
      {python.startMethod !== null && (
        <Badge tone="python" title={`started by multiprocessing's "${python.startMethod}" start method`}>
          {python.startMethod}
        </Badge>
      )}
    </>
  );
}

/**
 * A child forked while its parent ran other threads: the hazard CPython 3.12+ warns of. Its own badge, put
 * right after how the worker ended (WorkerBadges): the tree's name column cuts the badges that come later.
 */
export function ForkHazardBadge({ worker }: { worker: WorkerView }) {
  const threads = worker.python?.forkedAmongThreads;
  if (threads === undefined) return null;
  return (
    <Badge tone="hazard" title={describeForkHazard(threads)}>
      ⚠ fork hazard
    </Badge>
  );
}

/** python3, python3.12, python3.13t: what /proc names a Python interpreter's process. */
const PYTHON_PROCESS = /^python(3(\.\d+t?)?)?$/;

/**
 * A Python process of the tree that no shim reported (it is no worker, observed or started): the lab sees it
 * from the OS only. `python -I` and `-S` skip the shim; so does a Python started without the lab's variables.
 */
export function UnobservedPython({ name }: { name: string }) {
  if (!PYTHON_PROCESS.test(name)) return null;
  return (
    <Badge tone="unobserved" title="a Python process no shim reported (python -I or -S skip it, or it runs without the lab's variables): seen from the OS only">
      unobserved
    </Badge>
  );
}
