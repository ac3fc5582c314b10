import { describe, expect, it } from 'vitest';
import { EventStore, HISTORY_OUTPUT_CHARS } from '../../../src/core/event-store';
import { OUTPUT_TAIL_CHARS } from '../../../src/shared/output';
import { reduceAll } from '../../../src/shared/reducer';
import { ManualClock } from './sync/harness';

describe('EventStore history: a new page gets the tail of each output, not all of it', () => {
  it('keeps enough of each stream to fill its tail, and the fold of the history shows the same tail', () => {
    const store = new EventStore(new ManualClock());
    const line = `${'y'.repeat(1023)}\n`;
    for (let i = 0; i < 1000; i++) store.emit({ type: 'worker.output', workerId: 'w1', stream: 'stdout', from: i * 1024, to: (i + 1) * 1024, text: line });
    store.emit({ type: 'worker.output', workerId: 'w1', stream: 'stderr', from: 0, to: 4, text: 'bad\n' });
    const history = store.history();
    const kept = history.filter((event) => event.type === 'worker.output' && event.stream === 'stdout');
    expect(kept.length).toBe(OUTPUT_TAIL_CHARS / 1024);
    const live = store.state().output.byWorker.w1!;
    const fresh = reduceAll(history).output.byWorker.w1!;
    expect(fresh.pieces.map((piece) => piece.text).join('')).toBe(live.pieces.map((piece) => piece.text).join(''));
    expect(fresh.to).toEqual(live.to);
  });

  it('bounds all workers together, letting go of those that printed least recently', () => {
    const store = new EventStore(new ManualClock());
    const text = 'z'.repeat(16 * 1024);
    const workers = Math.ceil(HISTORY_OUTPUT_CHARS / OUTPUT_TAIL_CHARS) + 10;
    for (let worker = 0; worker < workers; worker++) {
      for (let i = 0; i < 4; i++) store.emit({ type: 'worker.output', workerId: `w${worker}`, stream: 'stdout', from: i * text.length, to: (i + 1) * text.length, text });
    }
    const history = store.history().filter((event) => event.type === 'worker.output');
    const chars = history.reduce((sum, event) => sum + (event.type === 'worker.output' ? event.text.length : 0), 0);
    expect(chars).toBeLessThanOrEqual(HISTORY_OUTPUT_CHARS);
    const ids = new Set(history.map((event) => (event.type === 'worker.output' ? event.workerId : '')));
    expect(ids.has(`w${workers - 1}`)).toBe(true);
    expect(ids.has('w0')).toBe(false);
  });
});
