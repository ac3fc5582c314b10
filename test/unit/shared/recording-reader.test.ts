import { describe, expect, it } from 'vitest';
import { INITIAL_STATE } from '../../../src/shared/lab-state';
import { RECORDING_FORMAT, RECORDING_LIMITS, RECORDING_VERSION, type RecordingHeader } from '../../../src/shared/recording-format';
import { readRecordingText, RecordingReader } from '../../../src/shared/recording-reader';

const header = (events: number, more: Partial<RecordingHeader> = {}): string =>
  JSON.stringify({ format: RECORDING_FORMAT, version: RECORDING_VERSION, savedAt: 0, host: null, system: null, from: 0, to: 0, events, keyframes: 1, ...more });
const keyframe = JSON.stringify({ keyframe: { seq: 0, t: 0, state: INITIAL_STATE } });
const cleared = (seq: number) => JSON.stringify({ type: 'deadlock.cleared', seq, t: seq });
const text = (...lines: string[]) => lines.map((line) => `${line}\n`).join('');

describe('the recording reader (shared by the host and the page)', () => {
  it('reads a recording given in pieces of any size', () => {
    const whole = text(header(2), keyframe, cleared(1), cleared(2));
    const reader = new RecordingReader();
    for (let at = 0; at < whole.length; at += 7) expect(reader.push(whole.slice(at, at + 7))).toBeNull();
    const read = reader.end();
    expect(read.ok && read.recording.events.map((event) => event.seq)).toEqual([1, 2]);
    expect(read.ok && read.recording.keyframes[0]!.state).toEqual(INITIAL_STATE);
  });

  it('refuses a line past the longest it takes, without waiting for its end', () => {
    const reader = new RecordingReader();
    reader.push(text(header(1), keyframe));
    const piece = 'x'.repeat(1024 * 1024);
    let error: string | null = null;
    for (let i = 0; i <= RECORDING_LIMITS.maxLineChars / piece.length && error === null; i += 1) error = reader.push(piece);
    expect(error).toBe('line 3 is longer than 64 MiB: the recording is damaged');
  });

  it('refuses a line nested deeper than an event can be, before any schema sees it', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(readRecordingText(text(header(1), keyframe, deep))).toEqual({ ok: false, error: 'line 3: the line is nested more than 32 levels deep' });
    const deepState = JSON.stringify({ keyframe: { seq: 0, t: 0, state: { ...INITIAL_STATE, host: JSON.parse(`${'{"a":'.repeat(60)}1${'}'.repeat(60)}`) } } });
    expect(readRecordingText(text(header(0), deepState))).toEqual({ ok: false, error: 'line 2: the line is nested more than 48 levels deep' });
  });

  it('names the line and the field of a bad keyframe or event', () => {
    const badState = JSON.stringify({ keyframe: { seq: 0, t: 0, state: { ...INITIAL_STATE, workerOrder: 'w1' } } });
    expect(readRecordingText(text(header(0), badState))).toMatchObject({ ok: false, error: expect.stringMatching(/^line 2: keyframe\.state\.workerOrder: /) });
    expect(readRecordingText(text(header(1), keyframe, JSON.stringify({ type: 'worker.exploded', seq: 1, t: 0 })))).toMatchObject({ ok: false, error: expect.stringMatching(/^line 3: type: /) });
    expect(readRecordingText(text(header(1), keyframe, '{"type":'))).toEqual({ ok: false, error: 'line 3: not JSON: the recording is damaged' });
  });

  it('refuses a version 1 recording (sampled lock tables, `metrics.sync`) with a sentence, whatever it holds', () => {
    const sampled = JSON.stringify({ type: 'metrics.sync', seq: 1, t: 1, primitives: [] });
    const old = text(header(1, { version: 1 } as unknown as Partial<RecordingHeader>), keyframe, sampled);
    expect(readRecordingText(old)).toEqual({
      ok: false,
      error: 'a recording saved by an earlier Concurrency Lab (version 1, with sampled lock tables): this lab opens version 2 recordings; record the run again',
    });
    // And a metrics.sync event in a file that claims the new version is no event of this lab: its line is named.
    expect(readRecordingText(text(header(1), keyframe, sampled))).toMatchObject({ ok: false, error: expect.stringMatching(/^line 3: type: /) });
  });

  it('says what is wrong with a header, a version, an order or a count', () => {
    expect(readRecordingText('')).toEqual({ ok: false, error: 'not a Concurrency Lab recording' });
    expect(readRecordingText(text('{"format":"concurrency-lab-recording","version":3}'))).toEqual({ ok: false, error: 'a Concurrency Lab recording of version 3: this lab reads version 2' });
    expect(readRecordingText(text(header(2), keyframe, cleared(5), cleared(5)))).toEqual({ ok: false, error: 'line 4: seq 5 does not follow seq 5: the recording is damaged' });
    expect(readRecordingText(text(header(1), cleared(1), keyframe))).toEqual({ ok: false, error: 'line 2: an event before the first keyframe: the recording is damaged' });
    expect(readRecordingText(text(header(1), keyframe, cleared(1), cleared(2)))).toEqual({ ok: false, error: 'line 4: more lines than the header says' });
    expect(readRecordingText(text(header(1_234), keyframe, cleared(1)))).toEqual({ ok: false, error: 'the recording is cut short after 1 events (line 3)' });
  });
});
