import { describe, expect, it } from 'vitest';
import { LabHistory, HISTORY_DEFAULTS, OUTPUT_CHARS_PER_FACT } from '../../../src/renderer/history/lab-history';
import { OUTPUT_CHUNK_MAX_CHARS } from '../../../src/shared/output';
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
    const history = new LabHistory(INITIAL_STATE, { ...HISTORY_DEFAULTS, retentionMs: 10_000, maxFacts: 1_000_000 });
    fill(history, events, 10);
    const span = history.span()!;
    expect(span.end - span.start).toBeLessThanOrEqual(10_000 + HISTORY_DEFAULTS.keyframeEveryMs);
    expect(span.end - span.start).toBeGreaterThanOrEqual(10_000 - HISTORY_DEFAULTS.keyframeEveryMs);
    const t = span.start + 3_210;
    expect(history.stateAt(t)).toEqual(reduceAll(events.filter((event) => event.t <= t)));
  });

  it('keeps at most about maxFacts facts (a process sample counts its processes)', () => {
    const history = new LabHistory(INITIAL_STATE, { ...HISTORY_DEFAULTS, keyframeEveryFacts: 100, maxFacts: 500 });
    fill(history, events, 10);
    expect(history.facts).toBeLessThanOrEqual(500);
    expect(history.facts).toBeGreaterThan(350);
    // One in five events is a sample of two processes: 6 facts in 5 events.
    expect(history.size).toBeLessThan(history.facts);
    const t = history.span()!.start + 1_000;
    expect(history.stateAt(t)).toEqual(reduceAll(events.filter((event) => event.t <= t)));
  });

  it('bounds the facts of sync.facts events, not the events (one holds up to 1,000)', () => {
    const s = eventStream();
    const history = new LabHistory(INITIAL_STATE, { ...HISTORY_DEFAULTS, keyframeEveryFacts: 2_000, maxFacts: 10_000 });
    const batches: LabEvent[] = [s.event(labStarted()), s.event({ type: 'sync.created', primitive: { kind: 'Queue', name: 'jobs', maxsize: 0 } })];
    for (let index = 0; index < 100; index++) {
      s.at(index * 10);
      const facts = Array.from({ length: 1_000 }, (_, n) => ({ t: 1_000_000 + index * 10, actor: 'w1', primitive: 'jobs', op: 'queue.put' as const, depth: index * 1_000 + n + 1 }));
      batches.push(s.event({ type: 'sync.facts', facts }));
    }
    fill(history, batches, 1);
    expect(history.facts).toBeLessThanOrEqual(10_000);
    expect(history.facts).toBeGreaterThanOrEqual(8_000);
    expect(history.size).toBeLessThanOrEqual(10);
    const t = history.span()!.start + 5;
    expect(history.stateAt(t)).toEqual(reduceAll(batches.filter((event) => event.t <= t)));
    const jobs = history.current().sync.states['jobs'];
    expect(jobs?.kind === 'Queue' && jobs.depth).toBe(100_000);
  });

  it('weighs output by its text: a printing lab keeps a bounded amount of it, not maxFacts chunks', () => {
    const s = eventStream();
    const history = new LabHistory(INITIAL_STATE, { ...HISTORY_DEFAULTS, keyframeEveryFacts: 1_000, maxFacts: 10_000 });
    const events: LabEvent[] = [s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w1') })];
    // 2,000 chunks of 16 Ki characters (the most one event holds): 32 Mi characters printed.
    const text = 'x'.repeat(OUTPUT_CHUNK_MAX_CHARS);
    for (let index = 0; index < 2_000; index++) {
      s.at(index);
      events.push(s.event({ type: 'worker.output', workerId: 'w1', stream: 'stdout', from: index * text.length, to: (index + 1) * text.length, text }));
    }
    fill(history, events, 10);
    expect(history.facts).toBeLessThanOrEqual(10_000);
    // Counted one each, all 2,000 (32 Mi characters) would be kept; by their text, at most 10,000 * 128.
    expect(history.size * OUTPUT_CHUNK_MAX_CHARS).toBeLessThanOrEqual(10_000 * OUTPUT_CHARS_PER_FACT + 2 * OUTPUT_CHUNK_MAX_CHARS * 10);
    expect(history.size).toBeGreaterThan(0);
    const t = history.span()!.start + 5;
    expect(history.stateAt(t)).toEqual(reduceAll(events.filter((event) => event.t <= t)));
  });

  it('starts at a keyframe: its span from the keyframe, and the keyframe state before the first event', () => {
    const head = events.slice(0, 1_000);
    const keyframe = reduceAll(head);
    const from = keyframe.now;
    const history = new LabHistory(keyframe, HISTORY_DEFAULTS, from);
    expect(history.span()).toEqual({ start: from, end: from });
    fill(history, events.slice(1_000, 2_000), 25);
    expect(history.span()?.start).toBe(from);
    expect(history.stateAt(from)).toBe(keyframe);
    for (const ms of [1, 10_000, 99_999]) {
      const t = from + ms;
      expect(history.stateAt(t), `at +${ms} ms`).toEqual(reduceAll(events.slice(0, 2_000).filter((event) => event.t <= t)));
    }
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
