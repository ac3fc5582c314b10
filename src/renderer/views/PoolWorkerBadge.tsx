import { usePoolSlot } from '../hooks/use-pool-slot';
import { Badge } from './Badge';

/** "pool worker 2" on a worker that holds slot 2 of a pool, wherever the worker is listed. */
export function PoolWorkerBadge({ workerId }: { workerId: string }) {
  const slot = usePoolSlot(workerId);
  if (slot === undefined) return null;
  return (
    <Badge tone="pool-worker" title={`slot ${slot.slot} of pool ${slot.pool}`}>
      pool worker {slot.slot}
    </Badge>
  );
}
