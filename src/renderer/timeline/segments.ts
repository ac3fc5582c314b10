import { sameState, type LaneState } from './lane-state';
import type { Segment } from './lane-types';

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

/** Drops the segments that ended before `t` (from the oldest; the open one and later ones stay). */
export function trimBefore<S>(segments: Segment<S>[], t: number): void {
  let drop = 0;
  while (drop < segments.length && segments[drop]!.end !== null && segments[drop]!.end! < t) drop += 1;
  if (drop > 0) segments.splice(0, drop);
}

/** Drops a counter's points before `t`, but the last of them: the line still starts at the window's edge. */
export function trimPointsBefore(points: { readonly t: number }[], t: number): void {
  let drop = 0;
  while (drop + 1 < points.length && points[drop + 1]!.t <= t) drop += 1;
  if (drop > 0) points.splice(0, drop);
}
