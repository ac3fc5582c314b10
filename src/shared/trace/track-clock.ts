import type { Micros } from './trace-json';

/**
 * Keeps every track's timestamps from going back. Facts reach the recorder in the order they were recorded,
 * which is not always the order of their times (a thread's fast-path operations are drained a sample period
 * later, a wall clock can be stepped back): on each track (a thread, a lock, a counter) a time earlier than
 * the last one written there is written as that last one. One number per track, never per fact.
 */
export class TrackClock {
  private readonly last = new Map<string, Micros>();

  at(track: string, ts: Micros): Micros {
    const last = this.last.get(track);
    if (last !== undefined && ts <= last) return last;
    this.last.set(track, ts);
    return ts;
  }
}

/** A thread's track on the clock: its states and its hand-off markers share it, so neither goes back. */
export function threadTrack(actor: string): string {
  return `thread:${actor}`;
}
