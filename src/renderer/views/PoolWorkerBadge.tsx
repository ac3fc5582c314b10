import type { WorkerView } from '../../shared/lab-state';
import { usePoolSlot } from '../hooks/use-pool-slot';
import { Badge } from './Badge';

/**
 * "pool worker 2" on the worker that holds slot 2 of a pool, wherever the worker is listed. Once it has exited,
 * or another worker has taken its slot, it says it was: "was pool worker 2 (exited)", so a ghost in the tree
 * never claims the slot its replacement holds.
 */
export function PoolWorkerBadge({ worker }: { worker: Pick<WorkerView, 'id' | 'exit'> }) {
  const slot = usePoolSlot(worker.id);
  if (slot === undefined) return null;
  const exited = worker.exit !== null;
  if (!exited && !slot.former) {
    return (
      <Badge tone="pool-worker" title={`slot ${slot.slot} of pool ${slot.pool}`}>
        pool worker {slot.slot}
      </Badge>
    );
  }
  const title = slot.former ? `it held slot ${slot.slot} of pool ${slot.pool}; another worker holds it now, or the pool shrank` : `it held slot ${slot.slot} of pool ${slot.pool} until it exited`;
  return (
    <Badge tone="pool-worker-former" title={title}>
      was pool worker {slot.slot} ({exited ? 'exited' : 'ending'})
    </Badge>
  );
}
