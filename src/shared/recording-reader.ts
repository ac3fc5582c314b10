import { z } from 'zod';
import { labStateSchema } from './lab-state-schema';
import { exceedsMessageLimits } from './message-limits';
import { describeIssues, labEventSchema, type LabEvent } from './protocol';
import {
  EVENT_LINE_LIMITS,
  KEYFRAME_KEY,
  KEYFRAME_LINE_LIMITS,
  RECORDING_FORMAT,
  RECORDING_LIMITS,
  RECORDING_VERSION,
  recordingHeaderSchema,
  type RecordingHeader,
  type RecordingKeyframe,
} from './recording-format';

/** A recording as read: its header, keyframes (the first before any event) and events, in order. */
export interface Recording {
  readonly header: RecordingHeader;
  readonly keyframes: readonly RecordingKeyframe[];
  readonly events: readonly LabEvent[];
}

export type RecordingRead = { readonly ok: true; readonly recording: Recording } | { readonly ok: false; readonly error: string };

export const NOT_A_RECORDING = 'not a Concurrency Lab recording';

const keyframeLineSchema = z.strictObject({
  [KEYFRAME_KEY]: z.strictObject({ seq: z.number().int().nonnegative(), t: z.number(), state: labStateSchema }),
});

const number = (n: number) => n.toLocaleString('en-US');

/**
 * Reads a recording's decompressed text as it arrives, in pieces of any size, with bounded cost: every
 * line is bounded in length, nesting and values before it is parsed by its schema (labEventSchema,
 * labStateSchema), the whole in characters and lines. The first problem ends the read with one sentence.
 * Pure (zod and shared code only): the host reads files with it and the page reads what the user opens.
 */
export class RecordingReader {
  private partial = '';
  private chars = 0;
  private line = 0;
  private header: RecordingHeader | null = null;
  private readonly keyframes: RecordingKeyframe[] = [];
  private readonly events: LabEvent[] = [];
  private error: string | null = null;

  /** `keep: false` validates without holding the events and keyframes (a command line checking a file). */
  constructor(private readonly keep = true) {}

  /** Takes the next piece of text; returns the error once there is one (then nothing more is read). */
  push(text: string): string | null {
    if (this.error !== null) return this.error;
    this.chars += text.length;
    if (this.chars > RECORDING_LIMITS.maxChars) return this.fail(`the recording is larger than ${number(RECORDING_LIMITS.maxChars / 1024 / 1024)} MiB decompressed, more than this lab opens`);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const line = this.partial + text.slice(start, end);
      this.partial = '';
      start = end + 1;
      if (this.take(line) !== null) return this.error;
    }
    this.partial += text.slice(start);
    if (this.partial.length > RECORDING_LIMITS.maxLineChars) return this.fail(`line ${number(this.line + 1)} is longer than ${RECORDING_LIMITS.maxLineChars / 1024 / 1024} MiB: ${this.line === 0 ? NOT_A_RECORDING : 'the recording is damaged'}`);
    return null;
  }

  /** The input ended: the recording, or why it is not one (a missing line means a file cut short). */
  end(): RecordingRead {
    if (this.error === null && this.partial.length > 0) this.take(this.partial);
    this.partial = '';
    if (this.error !== null) return { ok: false, error: this.error };
    if (this.header === null) return { ok: false, error: NOT_A_RECORDING };
    const read = this.readKeyframes + this.readEvents;
    if (read < this.header.events + this.header.keyframes) return { ok: false, error: this.cutShort() };
    return { ok: true, recording: { header: this.header, keyframes: this.keyframes, events: this.events } };
  }

  /** The input broke off (a gzip stream that ends mid-way): the sentence for what was read until then. */
  brokenOff(): string {
    if (this.error !== null) return this.error;
    return this.header === null ? NOT_A_RECORDING : this.cutShort();
  }

  private readEvents = 0;
  private readKeyframes = 0;
  private lastSeq = -1;

  private cutShort(): string {
    return `the recording is cut short after ${number(this.readEvents)} events (line ${number(this.line)})`;
  }

  private fail(sentence: string): string {
    this.error = sentence;
    return sentence;
  }

  /** One whole line: null when it is good, the error otherwise. */
  private take(text: string): string | null {
    this.line += 1;
    if (this.line > RECORDING_LIMITS.maxLines) return this.fail(`the recording has more than ${number(RECORDING_LIMITS.maxLines)} lines, more than this lab opens`);
    const at = `line ${number(this.line)}`;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      if (this.line === 1) return this.fail(NOT_A_RECORDING);
      return this.fail(this.header !== null && this.readKeyframes + this.readEvents >= this.header.events + this.header.keyframes ? `${at}: more lines than the header says` : `${at}: not JSON: the recording is damaged`);
    }
    if (this.header === null) return this.takeHeader(raw);
    if (this.readKeyframes + this.readEvents >= this.header.events + this.header.keyframes) return this.fail(`${at}: more lines than the header says`);
    const isKeyframe = typeof raw === 'object' && raw !== null && KEYFRAME_KEY in raw;
    const tooBig = exceedsMessageLimits(raw, isKeyframe ? KEYFRAME_LINE_LIMITS : EVENT_LINE_LIMITS);
    if (tooBig !== null) return this.fail(`${at}: ${tooBig.replace('the message', 'the line')}`);
    return isKeyframe ? this.takeKeyframe(raw, at) : this.takeEvent(raw, at);
  }

  private takeHeader(raw: unknown): string | null {
    const format = (raw as { format?: unknown } | null)?.format;
    if (format !== RECORDING_FORMAT || exceedsMessageLimits(raw) !== null) return this.fail(NOT_A_RECORDING);
    const version = (raw as { version?: unknown }).version;
    if (version === 1) {
      return this.fail('a recording saved by an earlier Concurrency Lab (version 1, with sampled lock tables): this lab opens version 2 recordings; record the run again');
    }
    if (version !== RECORDING_VERSION) {
      return this.fail(`a Concurrency Lab recording of version ${JSON.stringify(version)?.slice(0, 20)}: this lab reads version ${RECORDING_VERSION}`);
    }
    const parsed = recordingHeaderSchema.safeParse(raw);
    if (!parsed.success) return this.fail(`line 1: ${describeIssues(parsed.error)}`);
    this.header = parsed.data;
    return null;
  }

  private takeKeyframe(raw: unknown, at: string): string | null {
    const parsed = keyframeLineSchema.safeParse(raw);
    if (!parsed.success) return this.fail(`${at}: ${describeIssues(parsed.error)}`);
    const { seq, t, state } = parsed.data.keyframe;
    // A keyframe is the state after the event before it: the first may start anywhere (retention).
    if (this.readEvents > 0 && seq !== this.lastSeq) return this.fail(`${at}: a keyframe at seq ${seq} after the event of seq ${this.lastSeq}: the recording is damaged`);
    if (this.keep) this.keyframes.push({ seq, t, state, atEvent: this.readEvents });
    this.readKeyframes += 1;
    this.lastSeq = seq;
    return null;
  }

  private takeEvent(raw: unknown, at: string): string | null {
    if (this.readKeyframes === 0) return this.fail(`${at}: an event before the first keyframe: the recording is damaged`);
    const parsed = labEventSchema.safeParse(raw);
    if (!parsed.success) return this.fail(`${at}: ${describeIssues(parsed.error)}`);
    const event = parsed.data;
    if (event.seq <= this.lastSeq) return this.fail(`${at}: seq ${event.seq} does not follow seq ${this.lastSeq}: the recording is damaged`);
    this.lastSeq = event.seq;
    this.readEvents += 1;
    if (this.keep) this.events.push(event);
    return null;
  }
}

/** Reads a whole recording that is already text (tests, small files). */
export function readRecordingText(text: string): RecordingRead {
  const reader = new RecordingReader();
  reader.push(text);
  return reader.end();
}
