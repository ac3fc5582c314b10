import { sameState, type LaneState } from './lane-state';
import type { Segment } from './timeline-lanes';

/** A lane's segments grow at the end, the last one open while it lasts (timeline-lanes.ts). */

/** Old segments go once a lane holds more than this (the oldest half at a time). */
export const MAX_SEGMENTS_PER_LANE = 20_000;

export function waitedOn(state: LaneState): string | null {
  return state.kind === 'blocked' || state.kind === 'waiting' ? state.primitive : null;
}

export function open<S>(segments: Segment<S>[], t: number, state: S): void {
  segments.push({ start: t, end: null, state });
  if (segments.length > MAX_SEGMENTS_PER_LANE) segments.splice(0, MAX_SEGMENTS_PER_LANE / 2);
}

export function close<S>(segments: Segment<S>[], t: number): void {
  const last = segments.at(-1);
  if (last !== undefined && last.end === null) last.end = t;
}

/** Ends the open segment and opens one in `state`, unless the lane is in that state already. */
export function change(segments: Segment<LaneState>[], t: number, state: LaneState): void {
  const last = segments.at(-1);
  if (last !== undefined && last.end === null && sameState(last.state, state)) return;
  close(segments, t);
  open(segments, t, state);
}
