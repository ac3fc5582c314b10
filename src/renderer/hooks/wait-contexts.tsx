import type { ReactNode } from 'react';
import type { StepView } from '../../shared/step-mode';
import type { BlockedOn } from '../model/blocked-on';
import { BlockedOnContext } from './use-blocked-on';
import { StepContext } from './use-step';

/** Who waits on what and who step mode holds where, for every row that says so ("waits lockB", "held by you at lockA.acquire"). */
export function WaitContexts({ blocked, step, children }: { blocked: ReadonlyMap<string, BlockedOn>; step: StepView; children: ReactNode }) {
  return (
    <BlockedOnContext value={blocked}>
      <StepContext value={step}>{children}</StepContext>
    </BlockedOnContext>
  );
}
