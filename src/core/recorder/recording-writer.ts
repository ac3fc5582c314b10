import { Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { LabState } from '../../shared/lab-state';
import { KEYFRAME_KEY, RECORDING_FORMAT, RECORDING_VERSION, type RecordingHeader } from '../../shared/recording-format';
import type { Recorder } from './recorder';

/** Lines are handed to gzip in pieces of about this many characters (one write per line costs more). */
const PIECE_CHARS = 64 * 1024;

/**
 * The recording file's lines (docs/recordings.md), lazily: the header, then every kept event and keyframe
 * up to the last fact recorded when the save began (facts that arrive while it streams are not in it, so
 * the header's counts hold). Memory does not grow with the run: one chunk of facts is decoded at a time.
 */
export function recordingLines(recorder: Recorder<LabState>, live: LabState, savedAt: number): Generator<string> {
  // Now, not at the first read: the header's counts are those of the facts recorded when the save began.
  const until = recorder.lastSeq;
  const count = recorder.entryCount(until);
  const header: RecordingHeader = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    savedAt,
    host: live.host === null ? null : { pid: live.host.pid, platform: live.host.platform, cores: live.host.cores },
    system: live.system,
    from: recorder.keyframeAt(-Infinity).t,
    to: count.lastT,
    events: count.events,
    keyframes: count.keyframes,
  };
  return (function* () {
    yield `${JSON.stringify(header)}\n`;
    for (const entry of recorder.entries(until)) {
      yield entry.kind === 'keyframe' ? `${JSON.stringify({ [KEYFRAME_KEY]: entry.keyframe })}\n` : `${JSON.stringify(entry.event)}\n`;
    }
  })();
}

/** Joins small lines into pieces of about PIECE_CHARS (a big line goes as it is). */
function* pieces(lines: Iterable<string>): Generator<string> {
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  if (piece.length > 0) yield piece;
}

/**
 * The recording as a gzip stream, read as fast as its reader takes it (backpressure reaches the
 * generator): a download or a file write holds a few pieces at a time, never the whole run.
 */
export function recordingStream(recorder: Recorder<LabState>, live: LabState, savedAt: number): Readable {
  const gzip = createGzip();
  pipeline(Readable.from(pieces(recordingLines(recorder, live, savedAt)), { objectMode: false }), gzip, () => {
    // An error reaches whoever reads `gzip` (pipeline destroys it with the error); nothing more to do here.
  });
  return gzip;
}

/** The name a saved recording gets: concurrency-lab-2025-06-01-14-03-22.clrec (local time, sortable). */
export function recordingFileName(savedAt: number): string {
  const date = new Date(savedAt);
  const two = (n: number) => String(n).padStart(2, '0');
  return `concurrency-lab-${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}-${two(date.getHours())}-${two(date.getMinutes())}-${two(date.getSeconds())}.clrec`;
}
