/**
 * What workers print, as the lab shows it: each worker's stdout and stderr, kept as a bounded tail. The host
 * captures the bytes (src/core/output), cleans them into safe text and sends `worker.output` facts at a
 * bounded rate; this file folds those facts into the tail a view draws, the same in the host (for a new
 * page's history) and in the page.
 */

export const OUTPUT_STREAMS = ['stdout', 'stderr'] as const;
export type OutputStream = (typeof OUTPUT_STREAMS)[number];

/** Characters of each stream a worker's tail keeps (the view, and the history a new page gets). */
export const OUTPUT_TAIL_CHARS = 64 * 1024;
/**
 * Characters all workers' tails keep together, in the host's state, in every page and in a new page's
 * history: the workers that printed least recently are forgotten first, so a lab that runs noisy demos all
 * day holds a bounded amount of text. 1 Mi: sixteen whole tails (one is shown at a time), and full within
 * about a minute when 250 workers print ~2,000 lines a second, as soon as the page's history is (bench
 * page-soak: at 4 Mi the tails went on filling for three minutes after the history was full, 4 MiB more of
 * the page's heap at a byte a character, and a new page's history carried 4 Mi characters of text).
 */
export const OUTPUT_TOTAL_CHARS = 1024 * 1024;
/**
 * A tail over OUTPUT_TAIL_CHARS is cut down to this much less than it, not to the limit: a cut makes a fresh
 * copy of the tail's oldest text, and cut to the limit every next chunk cut it again, a 64 Ki-char copy per
 * chunk, each kept alive by the page's keyframes (the page's heap grew from ~52 to 83 MiB in a minute once
 * workers reached the limit: notes of stop 17). Cut by this margin, a copy is made once per ~16 Ki chars
 * printed and the keyframes between share it; a tail holds 48 to 64 Ki chars.
 */
export const OUTPUT_TRIM_MARGIN_CHARS = 16 * 1024;
/** The most text one `worker.output` fact may carry. */
export const OUTPUT_CHUNK_MAX_CHARS = 16 * 1024;
/** Pieces a tail keeps at most: stdout and stderr alternating line by line would otherwise make many. */
const MAX_PIECES = 2000;
/**
 * A piece takes chunks that follow on up to this many characters, then a new piece begins (a chunk is never
 * split: a bigger one is a piece of its own). Joined with `+`, a piece's text is a rope of every chunk it took:
 * V8 keeps each chunk as a string of its own under a concatenation node, ~5.5 bytes a character for
 * line-sized chunks, so a tail held ~5x its text and grew the page's heap for minutes after its history
 * was full (bench page-soak, heap snapshots: the tails' ropes were what grew). A full piece is copied once
 * into one flat string (`ownString`), ~1 byte a character; only the open piece of each stream is a rope.
 * Pieces of bounded size also make the trim cheap: it drops whole pieces and cuts at most one of this size.
 */
export const OUTPUT_PIECE_CHARS = 4 * 1024;

/** One run of text from one stream; `skippedBefore` bytes of that stream were not shown just before it. */
export interface OutputPiece {
  readonly stream: OutputStream;
  readonly text: string;
  readonly skippedBefore: number;
}

export interface WorkerOutput {
  /** Oldest first; neighbours from the same stream with no gap between them are one piece, up to OUTPUT_PIECE_CHARS. */
  readonly pieces: readonly OutputPiece[];
  /** Characters of each stream held in `pieces`. */
  readonly chars: Readonly<Record<OutputStream, number>>;
  /** Byte offset in each stream up to which output has been received (shown or skipped). */
  readonly to: Readonly<Record<OutputStream, number>>;
  /** Bytes of each stream never shown because the worker printed faster than the lab shows. */
  readonly skipped: Readonly<Record<OutputStream, number>>;
}

export const EMPTY_OUTPUT: WorkerOutput = {
  pieces: [],
  chars: { stdout: 0, stderr: 0 },
  to: { stdout: 0, stderr: 0 },
  skipped: { stdout: 0, stderr: 0 },
};

/** A chunk of one stream: its cleaned text and the bytes it stands for, [from, to) in the stream. */
export interface OutputChunk {
  readonly stream: OutputStream;
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** Adds a chunk to a tail and drops the oldest text of its stream beyond OUTPUT_TAIL_CHARS. Pure. */
export function appendOutput(output: WorkerOutput, chunk: OutputChunk): WorkerOutput {
  const { stream } = chunk;
  // A chunk from before what is held (replayed twice, say) changes nothing.
  if (chunk.to <= output.to[stream]) return output;
  const skippedBefore = Math.max(0, chunk.from - output.to[stream]);
  const pieces = [...output.pieces];
  const last = pieces.at(-1);
  const followsOn = last !== undefined && last.stream === stream && skippedBefore === 0;
  if (followsOn && last.text.length + chunk.text.length <= OUTPUT_PIECE_CHARS) pieces[pieces.length - 1] = { ...last, text: last.text + chunk.text };
  else {
    // The piece before is full (or of another stream, or before a gap): it takes nothing more, so it is flattened now.
    if (last !== undefined) pieces[pieces.length - 1] = { ...last, text: ownString(last.text) };
    pieces.push({ stream, text: chunk.text, skippedBefore });
  }
  const chars = { ...output.chars, [stream]: output.chars[stream] + chunk.text.length };
  trim(pieces, chars, stream);
  while (pieces.length > MAX_PIECES) {
    const dropped = pieces.shift()!;
    chars[dropped.stream] -= dropped.text.length;
  }
  return {
    pieces,
    chars,
    to: { ...output.to, [stream]: chunk.to },
    skipped: { ...output.skipped, [stream]: output.skipped[stream] + skippedBefore },
  };
}

/**
 * The same text as one string of its own: JSON.parse builds a new flat string, where `+` leaves a rope of the
 * parts (and `slice` may keep the whole parent alive). The round trip is exact for any string (JSON.stringify
 * escapes lone surrogates, JSON.parse restores them). Costs one copy per OUTPUT_PIECE_CHARS of output.
 */
function ownString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Past OUTPUT_TAIL_CHARS, drops, then cuts, the oldest pieces of `stream` until it holds the margin less. */
function trim(pieces: OutputPiece[], chars: Record<OutputStream, number>, stream: OutputStream): void {
  if (chars[stream] <= OUTPUT_TAIL_CHARS) return;
  let excess = chars[stream] - (OUTPUT_TAIL_CHARS - OUTPUT_TRIM_MARGIN_CHARS);
  for (let index = 0; excess > 0 && index < pieces.length; ) {
    const piece = pieces[index]!;
    if (piece.stream !== stream) {
      index += 1;
      continue;
    }
    if (piece.text.length <= excess) {
      pieces.splice(index, 1);
      excess -= piece.text.length;
      chars[stream] -= piece.text.length;
      continue;
    }
    const text = cutStart(piece.text, excess);
    chars[stream] -= piece.text.length - text.length;
    // Cut to its next line start, nothing may be left of it (a piece ending a few characters past the cut).
    if (text.length === 0) pieces.splice(index, 1);
    else pieces[index] = { ...piece, text };
    excess = 0;
  }
}

/** The text without its first `count` characters, started at the next line if one begins soon after. */
function cutStart(text: string, count: number): string {
  let start = count;
  const newline = text.indexOf('\n', start);
  if (newline >= 0 && newline - start < 200) start = newline + 1;
  // Never split a surrogate pair.
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start += 1;
  return text.slice(start);
}

/** Every worker's tail, in the order they last printed (oldest first), and the characters they hold. */
export interface OutputTails {
  readonly byWorker: Readonly<Record<string, WorkerOutput>>;
  readonly chars: number;
}

export const EMPTY_TAILS: OutputTails = { byWorker: {}, chars: 0 };

const charsOf = (output: WorkerOutput): number => output.chars.stdout + output.chars.stderr;

/**
 * Adds a worker's chunk to its tail, moves the worker to the end (most recent), and forgets the workers
 * that printed least recently while all tails hold more than OUTPUT_TOTAL_CHARS. Pure.
 */
export function appendTail(tails: OutputTails, workerId: string, chunk: OutputChunk): OutputTails {
  const before = tails.byWorker[workerId] ?? EMPTY_OUTPUT;
  const after = appendOutput(before, chunk);
  if (after === before) return tails;
  // An object keeps string keys in the order they were added: the worker goes last, the least recent is first.
  const entries = Object.entries(tails.byWorker).filter(([id]) => id !== workerId);
  entries.push([workerId, after]);
  let chars = tails.chars - charsOf(before) + charsOf(after);
  let first = 0;
  while (chars > OUTPUT_TOTAL_CHARS && first < entries.length - 1) chars -= charsOf(entries[first++]![1]);
  const byWorker = Object.fromEntries(first === 0 ? entries : entries.slice(first));
  return { byWorker, chars };
}
