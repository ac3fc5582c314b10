import { afterEach, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src/renderer/store/lab-store';
import type { WorkerLane } from '../../../src/renderer/timeline/timeline-lanes';
import { pageHistorySchema } from '../../../src/shared/page-history';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * A page that connects in the middle of a real run (issue 8: "a new client gets a keyframe and the tail"):
 * threads and processes, two locks in a deadlock, a queue, a thread waiting on an Event, and a recorder
 * whose retention has already dropped the run's start. The page gets the history as a browser does (JSON,
 * validated), folds it in the page's own store, and from then on must show what a page open from the start
 * shows, whole LabState; its timeline starts at the keyframe, with the wait begun before it drawn.
 */
let harness: LabHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** A page's store, connected now: the history over the wire (JSON, validated), then every live batch. */
function connectPage(h: LabHarness): LabStore {
  const page = new LabStore();
  page.setStatus('connected');
  const history = pageHistorySchema.parse(JSON.parse(JSON.stringify(h.lab.history())));
  page.fold(history.events, history.keyframe);
  h.lab.subscribe((events: readonly LabEvent[]) => page.fold(JSON.parse(JSON.stringify(events)) as LabEvent[]));
  return page;
}

function laneOf(page: LabStore, workerId: string): WorkerLane | undefined {
  for (const group of page.timeline().groups) for (const lane of group.lanes) if (lane.kind === 'worker' && lane.key === workerId) return lane;
  return undefined;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('a page that connects mid-run, after retention dropped the start', () => {
  it('folds to the same whole state as a page there from the start, and draws a wait begun before it', async () => {
    harness = new LabHarness({}, { recorder: { keyframeEveryMs: 250, retentionMs: 1_000 } });
    const h = harness;
    const early = connectPage(h);
    for (const primitive of [
      { kind: 'Lock', name: 'lockA' },
      { kind: 'Lock', name: 'lockB' },
      { kind: 'Queue', name: 'jobs', maxsize: 2 },
      { kind: 'Event', name: 'go' },
    ]) {
      await h.ok({ type: 'sync.create', primitive });
    }
    const [waiter] = await h.start({ kind: 'thread', namePrefix: 'waiter', task: { name: 'wait-event', event: 'go' } });
    const producer = await h.start({ kind: 'thread', task: { name: 'produce', queue: 'jobs', n: 20, delayMs: 0 } });
    const consumer = await h.start({ kind: 'process', method: 'fork', task: { name: 'consume', queue: 'jobs', n: 20, delayMs: 1 } });
    const [left] = await h.start({ kind: 'process', method: 'fork', namePrefix: 'left', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 300 } });
    const [right] = await h.start({ kind: 'thread', namePrefix: 'right', task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: 300 } });
    for (const id of [...producer, ...consumer]) expect((await h.exited(id, 30_000)).exitCode).toBe(0);
    await h.waitFor('deadlock.detected', undefined, 10_000);
    await waitFor('the waiter waiting on go', () => {
      const go = h.lab.state().sync.states['go'];
      return go?.kind === 'Event' && go.waiters.some((w) => w.actor === waiter);
    });
    // Retention has dropped the run's start: the recorder no longer has the lab's first events.
    await waitFor('the recorder to drop its oldest segments', () => h.lab.recording().recorder.stats().oldestSeq > 0, 10_000);

    const late = connectPage(h);
    const history = h.lab.history();
    expect(history.events.some((event) => event.type === 'lab.started')).toBe(false);
    await turn();
    expect(late.liveState()).toEqual(early.liveState());
    const viewed = late.liveState();
    expect(viewed.sync.deadlock?.cycle.map((step) => step.workerId).sort()).toEqual([left, right].sort());
    expect(viewed.workerOrder.map((id) => viewed.workers[id]!.kind)).toEqual(['thread', 'thread', 'process', 'process', 'thread']);
    const jobs = viewed.sync.states['jobs'];
    expect(jobs?.kind === 'Queue' && [jobs.puts, jobs.gets, jobs.depth]).toEqual([20, 20, 0]);

    // The late page's timeline starts at its keyframe, with the waiter already waiting on go.
    const start = late.getSnapshot().span!.start;
    expect(start).toBeGreaterThan(early.getSnapshot().span!.start);
    const lane = laneOf(late, waiter!)!;
    expect(lane.segments[0]).toMatchObject({ start, state: { kind: 'waiting', primitive: 'go', op: 'wait' } });
    const lockLane = late.timeline().locks.find((lock) => lock.label === 'lockA')!;
    expect(lockLane.segments[0]).toMatchObject({ start, end: null, state: { holder: left } });

    // Live after it connected: the Event set (the wait ends), the deadlock ended, every worker gone.
    await h.ok({ type: 'sync.operate', request: { op: 'set', name: 'go' } });
    expect((await h.exited(waiter!, 10_000)).exitCode).toBe(0);
    await h.ok({ type: 'kill', workerIds: [left, right] });
    await h.exited(left!, 10_000);
    await h.exited(right!, 10_000);
    await waitFor('the deadlock to clear on the late page', () => late.liveState().sync.deadlock === null, 10_000);
    await turn();
    expect(late.liveState()).toEqual(early.liveState());
    const ended = laneOf(late, waiter!)!.segments;
    expect(ended[0]!.end).not.toBeNull();
    expect(ended.at(-1)?.state).toEqual({ kind: 'exited', exitCode: 0 });
  });
});
