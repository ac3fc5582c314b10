import { describeHeld } from '../../shared/describe-step';
import { useHeldAt } from '../hooks/use-step';
import { Badge } from './Badge';

/** "held by you at lockA.acquire" on a worker's row while step mode holds it (step-mode.ts). */
export function HeldBadge({ workerId }: { workerId: string }) {
  const held = useHeldAt(workerId);
  if (held === undefined) return null;
  return (
    <Badge tone="held" title="step mode: it goes on when you release it (Sync view, or its details)">
      {describeHeld(held.primitive, held.op)}
    </Badge>
  );
}
