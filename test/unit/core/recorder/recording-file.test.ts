import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../../src/core/event-store';
import { LabRecording } from '../../../../src/core/recorder/lab-recording';
import { readRecordingStream } from '../../../../src/core/recorder/recording-file';
import { recordingLines, recordingStream } from '../../../../src/core/recorder/recording-writer';
import { DEFAULT_CONFIG } from '../../../../src/shared/config';
import type { LabState } from '../../../../src/shared/lab-state';
import type { LabEventBody } from '../../../../src/shared/protocol';
import { reduceBatch } from '../../../../src/shared/reducer';
import { ManualClock } from '../sync/harness';

/** An event store and its recording wired as lab.ts wires them, with short keyframe and retention periods. */
function wired(options: ConstructorParameters<typeof LabRecording>[2] = {}) {
  const clock = new ManualClock();
  const store = new EventStore(clock);
  const recording = new LabRecording(clock, () => store.stateWithFacts(), options);
  store.tapEvents((event) => recording.labEvent(event));
  return { clock, store, recording };
}

const started: LabEventBody = { type: 'lab.started', hostPid: 4242, hostPpid: 1, platform: 'linux', cores: 2, config: DEFAULT_CONFIG, signalNumbers: { SIGTERM: 15 } };
const descriptor = (id: string) => ({ id, name: `worker-${id}`, groupId: 'g1', kind: 'thread' as const, method: 'thread' as const, command: null, task: null, daemon: false, detached: false, ipc: true });

/** Workers started and ended a second apart for `seconds`, with a lock fact for each. */
function run(t: ReturnType<typeof wired>, seconds: number): void {
  t.store.emit(started);
  for (let i = 0; i < seconds; i += 1) {
    const id = `w${i}`;
    t.store.emit({ type: 'worker.starting', worker: descriptor(id) });
    // As lab.ts does: recorded first, then sent to the pages.
    const fact = { t: t.clock.now(), actor: id, primitive: 'L', op: 'lock.requested' } as const;
    t.recording.syncFact(fact);
    t.store.fact(fact);
    t.clock.advance(1_000);
    t.store.emit({ type: 'worker.exited', workerId: id, code: 0, signal: null, exitCode: 0, detail: null });
  }
}

const withoutSeqs = (state: LabState) => ({ ...state, log: state.log.map(({ seq: _seq, ...rest }) => rest) });
const save = (t: ReturnType<typeof wired>) => buffer(recordingStream(t.recording.recorder, t.store.state(), 1_700_000_000_000));
const read = (bytes: Buffer) => readRecordingStream(Readable.from([bytes]));

describe('a recording file', () => {
  it('whose oldest segments retention dropped starts from a whole state, and folds to the live one', async () => {
    const t = wired({ keyframeEveryMs: 2_000, retentionMs: 10_000 });
    run(t, 40);
    const result = await read(await save(t));
    if (!result.ok) throw new Error(result.error);
    const { keyframes, events, header } = result.recording;
    expect(keyframes[0]!.seq).toBeGreaterThan(0);
    expect(keyframes[0]!.state.host?.pid).toBe(4242);
    expect(keyframes.length).toBe(header.keyframes);
    expect(events.length).toBe(header.events);
    expect(withoutSeqs(reduceBatch(keyframes[0]!.state, events))).toEqual(withoutSeqs(t.store.state()));
    // Every keyframe is the fold of the events before it.
    const last = keyframes.at(-1)!;
    expect(withoutSeqs(reduceBatch(last.state, events.slice(last.atEvent)))).toEqual(withoutSeqs(t.store.state()));
  });

  it('holds only the facts recorded when its save began', async () => {
    const t = wired();
    run(t, 3);
    const stream = recordingStream(t.recording.recorder, t.store.state(), 0);
    t.store.emit({ type: 'worker.starting', worker: descriptor('late') });
    const result = await read(await buffer(stream));
    expect(result.ok && result.recording.events.some((event) => event.type === 'worker.starting' && event.worker.id === 'late')).toBe(false);
  });

  it('cut short (gzip ends mid-way) says after how many events', async () => {
    const t = wired();
    run(t, 200);
    const bytes = await save(t);
    const result = await read(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^the recording is cut short after [\d,]+ events \(line [\d,]+\)$/);
  });

  it('that lost its last lines (gzip complete) is cut short too', async () => {
    const t = wired();
    run(t, 5);
    const lines = [...recordingLines(t.recording.recorder, t.store.state(), 0)];
    const result = await read(gzipSync(lines.slice(0, -2).join('')));
    expect(!result.ok && result.error).toBe(`the recording is cut short after ${lines.length - 4} events (line ${lines.length - 2})`);
  });

  it('that is not gzip, or gzip of something else, is not a recording', async () => {
    for (const bytes of [Buffer.from('hello\n'), gzipSync('{"format":"something-else"}\n'), gzipSync('just text\n'), Buffer.alloc(0)]) {
      expect(await read(bytes)).toEqual({ ok: false, error: 'not a Concurrency Lab recording' });
    }
  });

  it('with a damaged event names the line and what is wrong with it', async () => {
    const t = wired();
    run(t, 3);
    const lines = [...recordingLines(t.recording.recorder, t.store.state(), 0)];
    const at = lines.findIndex((line) => line.includes('"worker.exited"'));
    lines[at] = lines[at]!.replace('"exitCode":0', '"exitCode":"zero"');
    const result = await read(gzipSync(lines.join('')));
    expect(!result.ok && result.error).toMatch(new RegExp(`^line ${at + 1}: exitCode: `));
  });
});
