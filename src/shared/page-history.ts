import { z } from 'zod';
import type { LabState } from './lab-state';
import { labStateSchema } from './lab-state-schema';
import { labEventSchema, type LabEvent } from './protocol';

/**
 * What a new page folds from (issue 8, "a new client gets a keyframe and the tail, not the whole history"):
 * the recorder's latest keyframe of the whole view state, and the lab's events after it. The page's state is
 * `reduceBatch(keyframe.state, events)`, and its timeline starts at the keyframe. The last event's seq (or the
 * keyframe's, when there is none) is the lab's seq when the history was taken: live events up to it are
 * already in it.
 *
 * Its own message on the WebSocket (and the answer of the Electron bridge's history call), not a LabEvent:
 * the keyframe's schema holds the log's LabEvents, so it cannot be one of them.
 */
export interface PageKeyframe {
  /** No later than the first event after it (the lab's last seq when there is none). */
  readonly seq: number;
  /** Lab time (ms): the state's own `now`. */
  readonly t: number;
  readonly state: LabState;
}

export interface PageHistory {
  readonly type: 'history';
  readonly keyframe: PageKeyframe;
  readonly events: LabEvent[];
}

/**
 * The most events a history carries. The host's keyframes come every 50,000 facts (or 5 s), and a thread's
 * fast-path batch (at most 32,768 entries) is never split by one, so a tail holds at most ~87,000 facts: this
 * bound is the schema's, with room, not a cut the host makes.
 */
export const HISTORY_EVENTS_MAX = 100_000;

export const pageHistorySchema = z.strictObject({
  type: z.literal('history'),
  keyframe: z.strictObject({ seq: z.number().int().nonnegative(), t: z.number(), state: labStateSchema }),
  events: z.array(labEventSchema).max(HISTORY_EVENTS_MAX),
});
