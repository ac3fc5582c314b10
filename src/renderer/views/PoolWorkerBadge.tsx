import type { WorkerView } from '../../shared/lab-state';
import { usePoolSlot } from '../hooks/use-pool-slot';
import { Badge } from './Badge';

/**
 * "pool worker 2" on the worker that holds slot 2 of a pool, wherever the worker is listed. Once it has exited,
 * or another worker has taken its slot, it says it was: "was pool worker 2", so a ghost in the tree never
 * claims the slot its replacement holds. An exited one says no more: its exit badge, just before, says how it
 * ended, and the tree's name column has no room for both at 1280 px; one still ending says "(ending)".
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
  const after = slot.former ? 'another worker holds it now, or the pool shrank' : 'no worker has taken it since';
  const title = `was pool worker ${slot.slot} (${exited ? 'exited' : 'ending'}): it held slot ${slot.slot} of pool ${slot.pool}; ${after}`;
  return (
    <Badge tone="pool-worker-former" title={title}>
      was pool worker {slot.slot}
      {exited ? '' : ' (ending)'}
    </Badge>
  );
}
