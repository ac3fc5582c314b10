import { describe, expect, it } from 'vitest';
import { recordedStore } from '../../../src/core/recorder/recorded-store';
import { LOG_LIMIT } from '../../../src/shared/lab-state';
import { pageHistorySchema } from '../../../src/shared/page-history';
import { reduceBatch } from '../../../src/shared/reducer';
import { descriptor } from '../shared/event-factory';
import { ManualClock } from './sync/harness';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("the host's memory of a run is the recorder's, bounded by its retention", () => {
  it('keeps no lifecycle events in the store under a flood of them; a new page gets one keyframe interval', async () => {
    const clock = new ManualClock();
    const retentionBytes = 512 * 1024;
    const recorded = recordedStore(clock, { keyframeEveryFacts: 1_000, retentionBytes });
    const { store, recording } = recorded;
    store.emit({ type: 'worker.starting', worker: descriptor('w1') });
    let largest = 0;
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < 1_000; i++) store.emit({ type: 'worker.messageRejected', workerId: 'w1', reason: `bad message ${round * 1_000 + i}` });
      clock.advance(10);
      await turn();
      expect(store.keptEvents).toBe(0);
      largest = Math.max(largest, recording.recorder.stats().bytes);
    }
    // 100,001 lifecycle events emitted: the recorder keeps what fits its bytes (within one segment over).
    const stats = recording.recorder.stats();
    expect(stats.recorded.cold).toBe(100_001);
    expect(largest).toBeLessThan(retentionBytes * 1.5);
    expect(stats.oldestSeq).toBeGreaterThan(90_000);

    const history = pageHistorySchema.parse(recorded.history());
    expect(history.events.length).toBeLessThanOrEqual(1_000);
    const folded = reduceBatch(history.keyframe.state, history.events);
    expect(folded).toEqual(store.state());
    expect(folded.log).toHaveLength(LOG_LIMIT);
    expect(folded.log.at(-1)).toMatchObject({ type: 'worker.messageRejected', reason: 'bad message 99999' });
    expect(folded.workers['w1']?.name).toBe('worker-w1');
  });

  it("gives a page each worker's output tail from the keyframe, not every output event", async () => {
    const clock = new ManualClock();
    const recorded = recordedStore(clock, { keyframeEveryFacts: 100 });
    const line = `${'y'.repeat(1023)}\n`;
    for (let i = 0; i < 1_000; i++) recorded.store.emit({ type: 'worker.output', workerId: 'w1', stream: 'stdout', from: i * 1024, to: (i + 1) * 1024, text: line });
    await turn();
    const history = recorded.history();
    expect(history.events.filter((event) => event.type === 'worker.output').length).toBeLessThanOrEqual(100);
    const fresh = reduceBatch(history.keyframe.state, history.events).output.byWorker['w1']!;
    const live = recorded.store.state().output.byWorker['w1']!;
    expect(fresh.pieces.map((piece) => piece.text).join('')).toBe(live.pieces.map((piece) => piece.text).join(''));
    expect(fresh.to).toEqual(live.to);
  });
});
