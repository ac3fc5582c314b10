import { stepPointWords, type StepReleaser, type StepReplay } from './step-mode';

/** Step mode's events in words, for the event log and an exported log (describe-event.ts, describe-for-log.ts). */

export function describeStepMode(on: boolean): string {
  return on
    ? 'step mode on: every worker is held at its next synchronisation point until you release it'
    : 'run freely: step mode off, every held worker goes on';
}

/** "held by you at lockA.acquire". */
export function describeHeld(primitive: string, op: string): string {
  return `held by you at ${stepPointWords(primitive, op)}`;
}

/** "released at lockA.acquire (your choice 3)". */
export function describeReleased(primitive: string, op: string, by: StepReleaser): string {
  const at = stepPointWords(primitive, op);
  switch (by) {
    case 'you':
      return `released by you at ${at}`;
    case 'replay':
      return `released at ${at} (the schedule replayed)`;
    case 'free':
      return `goes on from ${at} (run freely)`;
  }
}

export function describeReplay(replay: StepReplay): string {
  switch (replay.state) {
    case 'running':
      return `replaying the schedule: ${replay.done} of ${replay.total} choices made`;
    case 'done':
      return replay.note === null ? `the schedule was replayed: all ${replay.total} choices made, the controls are yours` : `${replay.note} (${replay.done} of ${replay.total} choices made)`;
    case 'diverged':
      return replay.note ?? `the replay stopped at choice ${replay.done + 1} of ${replay.total}`;
  }
}
