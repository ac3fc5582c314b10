import { useBlockedOn } from '../hooks/use-blocked-on';
import { blockedBadge } from '../model/blocked-on';
import { Badge } from './Badge';

/** "waits lockB" on a worker's row while it is blocked on a primitive. */
export function BlockedBadge({ workerId }: { workerId: string }) {
  const blocked = useBlockedOn(workerId);
  if (blocked === undefined) return null;
  return (
    <Badge tone="waits" title={blocked.kind === 'join' ? `waiting in join() for ${blocked.primitive}` : `blocked in ${blocked.op} on ${blocked.kind} ${blocked.primitive}`}>
      {blockedBadge(blocked)}
    </Badge>
  );
}
