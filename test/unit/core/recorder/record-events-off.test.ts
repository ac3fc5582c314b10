import { describe, expect, it } from 'vitest';
import { recordedStore } from '../../../../src/core/recorder/recorded-store';
import type { LabEvent } from '../../../../src/shared/protocol';
import { descriptor } from '../../shared/event-factory';
import { ManualClock } from '../sync/harness';

describe("the lab's events with recording off (the pools bench's unobserved side)", () => {
  it('still reach the subscribers and the fold, but none is kept', () => {
    const clock = new ManualClock();
    const [on, off] = [recordedStore(clock), recordedStore(clock, {}, false)];
    const heard: LabEvent[] = [];
    off.store.subscribe((events) => heard.push(...events));
    for (const recorded of [on, off]) recorded.store.emit({ type: 'worker.starting', worker: descriptor('w1') });
    on.store.flush();
    off.store.flush();
    expect(on.recording.recorder.factsRecorded).toBe(1);
    expect(off.recording.recorder.factsRecorded).toBe(0);
    expect(heard.map((event) => event.type)).toEqual(['worker.starting']);
    expect(Object.keys(off.store.state().workers)).toEqual(['w1']);
  });
});
