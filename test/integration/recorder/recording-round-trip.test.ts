import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { readRecordingFile } from '../../../src/core/recorder/recording-file';
import { recordingStream } from '../../../src/core/recorder/recording-writer';
import type { LabState } from '../../../src/shared/lab-state';
import { reduceBatch } from '../../../src/shared/reducer';
import { LabHarness } from '../../support/lab-harness';

/**
 * A real run saved and read back (issue 8, "Recordings"): threads and processes, a lock, a queue, a
 * deadlock. Folding the recording's events from its first keyframe gives the live lab's state at the
 * moment of the save, but for what differs by design: a recording numbers its events with the recorder's
 * seqs (one per fact, sync facts included), so the log's seqs are not the live ones.
 */
let harness: LabHarness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await harness?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const withoutSeqs = (state: LabState) => ({ ...state, log: state.log.map(({ seq: _seq, ...rest }) => rest) });

describe('a recording saved from a real lab and read back', () => {
  it('folds to the live state: workers, their exits, the deadlock and its cycle', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockB' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'jobs', maxsize: 2 } });
    const producer = await harness.start({ kind: 'thread', task: { name: 'produce', queue: 'jobs', n: 20, delayMs: 0 } });
    const consumer = await harness.start({ kind: 'process', method: 'fork', task: { name: 'consume', queue: 'jobs', n: 20, delayMs: 1 } });
    const [p1] = await harness.start({ kind: 'process', method: 'fork', namePrefix: 'left', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 300 } });
    const [p2] = await harness.start({ kind: 'thread', namePrefix: 'right', task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: 300 } });
    for (const id of [...producer, ...consumer]) expect((await harness.exited(id, 30_000)).exitCode).toBe(0);
    const deadlock = await harness.waitFor('deadlock.detected', undefined, 10_000);

    dir = mkdtempSync(join(tmpdir(), 'lab-recording-'));
    const file = join(dir, 'run.clrec');
    const recording = harness.lab.recording();
    // Taken in the same turn as the save begins: the recording holds exactly the facts of this state.
    const live = harness.lab.state();
    await pipeline(recordingStream(recording.recorder, live, Date.now()), createWriteStream(file));

    const read = await readRecordingFile(file);
    if (!read.ok) throw new Error(read.error);
    const { header, keyframes, events } = read.recording;
    expect(header.events).toBe(events.length);
    expect(header.host?.pid).toBe(process.pid);
    expect(keyframes[0]!.atEvent).toBe(0);
    const folded = reduceBatch(keyframes[0]!.state, events);
    expect(withoutSeqs(folded)).toEqual(withoutSeqs(live));
    // What a person would look at: the four workers, by name and runtime, and the deadlock's cycle.
    expect(folded.workerOrder.map((id) => folded.workers[id]!.kind)).toEqual(['thread', 'process', 'process', 'thread']);
    expect(folded.workers[p1!]!.name).toMatch(/^left/);
    expect(folded.sync.deadlock?.cycle).toEqual(deadlock.cycle);
    expect(events.some((event) => event.type === 'sync.facts' && event.facts.some((fact) => fact.primitive === 'jobs' && fact.op === 'queue.put'))).toBe(true);
    expect(events.filter((event) => event.type === 'sync.created').map((event) => event.type === 'sync.created' && event.primitive.name)).toEqual(['lockA', 'lockB', 'jobs']);
    await harness.ok({ type: 'kill', workerIds: [p2] });
  });
});
