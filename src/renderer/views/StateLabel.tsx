import type { WorkerView } from '../../shared/lab-state';
import { describeProcessState } from '../format/units';

/** A worker's state (running, sleeping, blocked, stopped, exited...) or a process's /proc letter in words. */
export function StateLabel({ worker, letter }: { worker: WorkerView | undefined; letter: string }) {
  const words = worker !== undefined ? (worker.startFailure !== null ? 'failed' : worker.state) : describeProcessState(letter);
  return (
    <span className={`state state-${words}`} title={worker === undefined ? `/proc state ${letter}` : undefined}>
      {words}
    </span>
  );
}
