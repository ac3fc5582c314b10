import { describe, expect, it } from 'vitest';
import { LabHistory, HISTORY_DEFAULTS } from '../../../src/renderer/history/lab-history';
import { INITIAL_STATE } from '../../../src/shared/lab-state';
import type { LabEvent } from '../../../src/shared/protocol';
import { reduceAll, reduceBatch } from '../../../src/shared/reducer';
import { descriptor, eventStream, labStarted, proc } from '../shared/event-factory';

/** A run of a lab: workers starting, printing, sampled, exiting, and a lock taken and released, 50 ms apart. */
function run(count: number): LabEvent[] {
  const s = eventStream();
  const events: LabEvent[] = [s.event(labStarted())];
  for (let index = 0; index < count; index++) {
    s.at(index * 50);
    const id = `w${index % 20}`;
    switch (index % 5) {
      case 0:
        events.push(s.event({ type: 'worker.starting', worker: descriptor(`${id}-${index}`) }));
        break;
      case 1:
        events.push(s.event({ type: 'worker.output', workerId: `${id}-${index - 1}`, stream: 'stdout', from: 0, to: 8, text: `line ${index}\n` }));
        break;
      case 2:
        events.push(s.event({ type: 'metrics.processes', processes: [proc(100, 1), proc(200 + index, 100)] }));
        break;
      case 3:
        events.push(s.event({ type: 'metrics.cpu', cores: [index % 100, 50], total: 40 }));
        break;
      default:
        events.push(s.event({ type: 'worker.exited', workerId: `${id}-${index - 4}`, code: 0, signal: null, exitCode: 0, detail: null }));
    }
  }
  return events;
}

/** Appends in batches of `size`, as the store does once a frame. */
function fill(history: LabHistory, events: readonly LabEvent[], size: number): void {
  let state = history.current();
  for (let from = 0; from < events.length; from += size) {
    const batch = events.slice(from, from + size);
    state = reduceBatch(state, batch);
    history.append(batch, state);
  }
}

describe('the page history', () => {
  const events = run(3_000);

  it('gives, at any moment, the state of folding every event up to it from the start', () => {
    const history = new LabHistory();
    fill(history, events, 37);
    for (const ms of [-1, 0, 49, 50, 1_234, 20_000, 77_777, 149_950, 1e9]) {
      const t = 1_000_000 + ms;
      expect(history.stateAt(t), `at ${ms} ms`).toEqual(reduceAll(events.filter((event) => event.t <= t)));
    }
  });

  it('keeps keyframes as references: at the newest moment it returns the live state itself', () => {
    const history = new LabHistory();
    fill(history, events, 100);
    expect(history.stateAt(history.span()!.end)).toBe(history.current());
    expect(history.span()).toEqual({ start: 1_000_000, end: 1_000_000 + 2_999 * 50 });
  });

  it('builds the same history from a whole recording (extend) as from live batches', () => {
    const live = new LabHistory();
    fill(live, events, 50);
    const replay = new LabHistory();
    expect(replay.extend(events)).toEqual(reduceAll(events));
    for (const ms of [10, 5_000, 90_125]) expect(replay.stateAt(1_000_000 + ms)).toEqual(live.stateAt(1_000_000 + ms));
  });

  it('drops whole keyframe intervals past the retention, and the oldest kept moment still folds right', () => {
    const history = new LabHistory(INITIAL_STATE, { ...HISTORY_DEFAULTS, retentionMs: 10_000, maxEvents: 1_000_000 });
    fill(history, events, 10);
    const span = history.span()!;
    expect(span.end - span.start).toBeLessThanOrEqual(10_000 + HISTORY_DEFAULTS.keyframeEveryMs);
    expect(span.end - span.start).toBeGreaterThanOrEqual(10_000 - HISTORY_DEFAULTS.keyframeEveryMs);
    const t = span.start + 3_210;
    expect(history.stateAt(t)).toEqual(reduceAll(events.filter((event) => event.t <= t)));
  });

  it('keeps at most about maxEvents events', () => {
    const history = new LabHistory(INITIAL_STATE, { ...HISTORY_DEFAULTS, keyframeEveryEvents: 100, maxEvents: 500 });
    fill(history, events, 10);
    expect(history.size).toBeLessThanOrEqual(500);
    expect(history.size).toBeGreaterThan(350);
    const t = history.span()!.start + 1_000;
    expect(history.stateAt(t)).toEqual(reduceAll(events.filter((event) => event.t <= t)));
  });

  it('thins its keyframes past maxKeyframes and still folds every moment right', () => {
    const history = new LabHistory(INITIAL_STATE, { ...HISTORY_DEFAULTS, keyframeEveryMs: 100, maxKeyframes: 20 });
    fill(history, events, 3);
    expect(history.keyframeCount).toBeLessThanOrEqual(20);
    for (const ms of [75, 12_345, 100_000, 149_000]) {
      const t = 1_000_000 + ms;
      expect(history.stateAt(t), `at ${ms} ms`).toEqual(reduceAll(events.filter((event) => event.t <= t)));
    }
  });

  it('starts again from nothing after reset (a reconnection)', () => {
    const history = new LabHistory();
    fill(history, events, 100);
    history.reset();
    expect(history.span()).toBeNull();
    expect(history.stateAt(1_000_000 + 500)).toBe(INITIAL_STATE);
  });
});
