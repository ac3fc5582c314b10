import { isLive, type LabState } from '../../shared/lab-state';
import type { ProcessSample } from '../../shared/samples';
import type { Availability } from './worker-actions';
import type { Selection } from './selection';

/** A process of the lab's tree that is not a worker (a shell's child, an orphaned grandchild). */
export interface ProcessTarget {
  readonly pid: number;
  /** From the sample: with the pid it names this one process, whatever the kernel reuses later. */
  readonly start: number;
  readonly name: string;
}

export interface ProcessActionContext {
  readonly state: LabState;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
}

/** The selected process as a target for Terminate, Kill and Send signal, or why it cannot be one. */
export function processTarget(selection: Extract<Selection, { kind: 'process' }>, context: ProcessActionContext): { target: ProcessTarget | null; availability: Availability } {
  const no = (reason: string) => ({ target: null, availability: { enabled: false, reason } });
  const { state } = context;
  if (context.offReason !== null) return no(context.offReason);
  if (state.stopping) return no('the lab is stopping');
  if (selection.pid === state.host?.pid) return no('this is the lab itself: quit the lab to stop it');
  const sample: ProcessSample | undefined = state.processes.find((each) => each.pid === selection.pid);
  if (sample === undefined) return no('the process is gone');
  if (sample.state === 'Z' || sample.state === 'X') return no('it has exited (a zombie, waiting for its parent)');
  const worker = Object.values(state.workers).find((each) => each.kind === 'process' && each.pid === selection.pid && isLive(each));
  if (worker !== undefined) return no(`this is the worker ${worker.name}: select it to use its actions`);
  return { target: { pid: sample.pid, start: sample.start, name: sample.name }, availability: { enabled: true, reason: null } };
}
