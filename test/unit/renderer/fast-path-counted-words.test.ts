import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../../src/renderer/format/describe-event';
import { reduceAll } from '../../../src/shared/reducer';
import { describeForLog } from '../../../src/shared/trace/describe-for-log';
import { exportText } from '../../../src/shared/trace/exports';
import { descriptor, eventStream, labStarted } from '../shared/event-factory';

const s = eventStream();
const start = [s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w3', { name: 'spinner', kind: 'thread' }) })];

describe("a thread's fast-path ops over the recording rate, in the UI", () => {
  it('the log says how many were counted, not kept, for that thread, and why', () => {
    const counted = s.event({ type: 'sync.fastPathCounted', workerId: 'w3', ops: 3_812_000, total: 11_742_206 });
    const state = reduceAll([...start, counted]);
    // Kept in the log (a page that folds the stream shows it), nothing else changed.
    expect(state.log.at(-1)).toEqual(counted);
    expect(describeEvent(counted, state)).toMatchObject({
      who: 'spinner',
      workerId: 'w3',
      tone: 'warn',
      what: '3,812,000 fast-path ops counted, not kept (11,742,206 so far): the recording keeps 1,000 a second per thread after a burst of 262,144, and none while the lab is behind',
    });
    // The CSV export's log says the same.
    expect(describeForLog(counted, () => 'spinner')).toMatchObject({ workerId: 'w3', what: expect.stringContaining('3,812,000 fast-path ops counted, not kept') });
  });

  it('the Perfetto trace marks the gap: an instant on the lab track, with the counts', async () => {
    const counted = s.event({ type: 'sync.fastPathCounted', workerId: 'w3', ops: 3_812_000, total: 11_742_206 });
    const trace = JSON.parse(await exportText('trace', [...start, counted])) as { traceEvents: { ph: string; cat?: string; name?: string; args?: Record<string, number> }[] };
    const marks = trace.traceEvents.filter((event) => event.cat === 'recording');
    expect(marks).toEqual([expect.objectContaining({ ph: 'i', name: 'spinner: 3812000 fast-path ops counted, not kept', args: { ops: 3_812_000, total: 11_742_206 } })]);
  });
});
