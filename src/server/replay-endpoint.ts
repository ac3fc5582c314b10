import type { Lab } from '../core/lab-api';
import { INITIAL_STATE } from '../shared/lab-state';

/** What a page's connection needs of a lab: commands in, history and live events out. */
export type LabEndpoint = Pick<Lab, 'execute' | 'history' | 'subscribe'>;

export const REPLAY_REFUSAL = 'this is a recording: nothing runs';

/**
 * The page's connection while the server replays a recording (`--replay FILE`): there is no lab, so no
 * history, no live events, and every command is answered with a sentence instead of run. The recording
 * itself reaches the page over GET /recording (recording-route.ts), which the page reads as it reads a file
 * a user opens.
 */
export function replayEndpoint(): LabEndpoint {
  return {
    execute: () => Promise.resolve({ ok: false, error: REPLAY_REFUSAL }),
    history: () => ({ type: 'history', keyframe: { seq: 0, t: 0, state: INITIAL_STATE }, events: [] }),
    subscribe: () => () => undefined,
  };
}
