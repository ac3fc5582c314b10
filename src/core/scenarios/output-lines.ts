import type { OutputStream } from '../../shared/output';

/** An unfinished line kept from one chunk to the next, at most; a longer line is matched by its first part. */
export const LINE_MAX = 1_000;
/**
 * Whole lines one chunk gives, at most: of a flood, its first and its last lines (half each), so that a
 * program that prints much and then its result in the same chunk (a pipe's chunk can be 64 KiB) is still
 * judged by the result.
 */
export const LINES_PER_CHUNK_MAX = 400;

/**
 * Whole lines of one stream of the workers' output, as the lab's `worker.output` chunks bring them: a line
 * cut between two chunks is given once it is whole. Each worker's stream is its own (forked children write to
 * their parent's pipe, so their lines come as the parent's). Bounded per line and per chunk, so that a
 * pattern's cost stays small whatever the program prints.
 */
export class OutputLines {
  private readonly tails = new Map<string, string>();

  constructor(private readonly stream: OutputStream) {}

  push(workerId: string, stream: OutputStream, text: string): string[] {
    if (stream !== this.stream) return [];
    const joined = (this.tails.get(workerId) ?? '') + text;
    const parts = joined.split('\n');
    const tail = parts.pop() ?? '';
    this.tails.set(workerId, tail.slice(0, LINE_MAX));
    const kept = parts.length <= LINES_PER_CHUNK_MAX ? parts : [...parts.slice(0, LINES_PER_CHUNK_MAX / 2), ...parts.slice(-LINES_PER_CHUNK_MAX / 2)];
    return kept.map(wholeLine);
  }

  /** The program ended: the last line of each worker's stream, printed without a newline (`end=""`), is whole now. */
  flush(): string[] {
    const lines = [...this.tails.values()].filter((tail) => tail !== '').map(wholeLine);
    this.tails.clear();
    return lines;
  }
}

/** A line as the program printed it: bounded, and without a Windows line ending's `\r`. */
function wholeLine(line: string): string {
  return (line.endsWith('\r') ? line.slice(0, -1) : line).slice(0, LINE_MAX);
}
