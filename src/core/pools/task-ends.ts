import { pythonRepr, type Reprable } from '../../shared/python-repr';
import type { TaskEnd } from '../../shared/task-steps';
import { crashWords } from './crash-words';
import type { TaskOutcome } from './runner-port';

/** The step a task's end is shown as, with what explain mode says of it (the sink cuts it to 200 characters). */
export function endStepOf(outcome: TaskOutcome): { readonly step: TaskEnd; readonly detail?: string } {
  switch (outcome.kind) {
    case 'result':
      // Bounded by what it writes, however long the list (python-repr.ts).
      return { step: 'done', detail: pythonRepr(outcome.value as Reprable, 200) };
    case 'error':
      return { step: 'failed', detail: `${outcome.error.type}: ${outcome.error.message}` };
    case 'lost':
      return { step: 'lost', detail: crashWords.lost(outcome.workerId, outcome.exitCode, outcome.terminated) };
    case 'cancelled':
      return { step: 'cancelled' };
    case 'rejected':
      return { step: 'rejected', detail: outcome.reason };
  }
}
