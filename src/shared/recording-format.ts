import { z } from 'zod';
import type { LabState } from './lab-state';
import type { MessageLimits } from './message-limits';
import { systemFactsSchema } from './protocol';

/**
 * A recording file (docs/recordings.md): gzip of NDJSON lines. Line 1 is the header; then the lab's events
 * in order (LabEvents, sync facts batched in `sync.facts`), each kept segment's keyframe (the whole view
 * state) on a line of its own just before the events after it. The first keyframe comes before any event:
 * a recording whose oldest part retention dropped still starts from a whole state.
 */

export const RECORDING_FORMAT = 'concurrency-lab-recording';
/**
 * 2: shared data contents, budget bytes and pipe waiters are facts (`sync.write`, `sync.held`, pipe waits),
 * and the sampled lock tables (`metrics.sync`) are gone. A version 1 file is refused with a sentence: its
 * states lack what the views now read, and rebuilding it from its lock tables would be guessing.
 */
export const RECORDING_VERSION = 2;
/** "Concurrency Lab recording": gzip inside, but not a plain .ndjson.gz a tool should open as text. */
export const RECORDING_EXTENSION = '.clrec';

/** What a reader accepts at most: a file is input from anywhere, and the page holds what it reads. */
export const RECORDING_LIMITS = {
  /** Characters of one line: a keyframe holds up to 4 Mi characters of output and 2,000 log events. */
  maxLineChars: 64 * 1024 * 1024,
  /** Characters of the whole file, decompressed. */
  maxChars: 1024 * 1024 * 1024,
  maxLines: 8_000_000,
} as const;

/** One event line: the deepest event (a deadlock's cycle, a sample's threads) is a few levels. */
export const EVENT_LINE_LIMITS: MessageLimits = { maxDepth: 32, maxValues: 200_000, maxTextLength: RECORDING_LIMITS.maxLineChars };
/** One keyframe line: the whole state, its log of events inside it. */
export const KEYFRAME_LINE_LIMITS: MessageLimits = { maxDepth: 48, maxValues: 5_000_000, maxTextLength: RECORDING_LIMITS.maxLineChars };

export const recordingHeaderSchema = z.strictObject({
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(RECORDING_VERSION),
  /** When it was saved (ms since the epoch, the host's clock). */
  savedAt: z.number(),
  /** The host that recorded it, as its state knew it (null: saved before lab.started). */
  host: z.strictObject({ pid: z.number().int().nonnegative(), platform: z.string(), cores: z.number().int().positive() }).nullable(),
  system: systemFactsSchema.nullable(),
  /** The first keyframe's time and the newest fact's: the span the recording covers. */
  from: z.number(),
  to: z.number(),
  /** Event lines and keyframe lines that follow: fewer means the file was cut short. */
  events: z.number().int().nonnegative(),
  keyframes: z.number().int().positive(),
});
export type RecordingHeader = z.infer<typeof recordingHeaderSchema>;

/** A keyframe as a file holds it: the state after every event up to `seq`. */
export interface RecordingKeyframe {
  readonly seq: number;
  readonly t: number;
  readonly state: LabState;
  /** How many of the recording's events come before it. */
  readonly atEvent: number;
}

/** The key a keyframe line holds its keyframe under (an event line has `type` instead). */
export const KEYFRAME_KEY = 'keyframe';
