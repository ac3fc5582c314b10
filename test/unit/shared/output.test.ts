import { describe, expect, it } from 'vitest';
import { appendOutput, EMPTY_OUTPUT, OUTPUT_PIECE_CHARS, OUTPUT_TAIL_CHARS, OUTPUT_TRIM_MARGIN_CHARS, type OutputChunk } from '../../../src/shared/output';

const fold = (chunks: OutputChunk[]) => chunks.reduce(appendOutput, EMPTY_OUTPUT);
const out = (from: number, text: string, stream: 'stdout' | 'stderr' = 'stdout'): OutputChunk => ({ stream, from, to: from + text.length, text });

describe("a worker's output tail (the fold of worker.output facts)", () => {
  it('keeps stdout and stderr interleaved in arrival order, joining what follows on', () => {
    const output = fold([out(0, 'a\n'), out(2, 'b\n'), out(0, 'oops\n', 'stderr'), out(4, 'c\n')]);
    expect(output.pieces).toEqual([
      { stream: 'stdout', text: 'a\nb\n', skippedBefore: 0 },
      { stream: 'stderr', text: 'oops\n', skippedBefore: 0 },
      { stream: 'stdout', text: 'c\n', skippedBefore: 0 },
    ]);
    expect(output.to).toEqual({ stdout: 6, stderr: 5 });
  });

  it('says where bytes were skipped, and ignores a chunk it already has', () => {
    const first = fold([out(0, 'a\n'), out(1000, 'z\n')]);
    expect(first.pieces[1]).toEqual({ stream: 'stdout', text: 'z\n', skippedBefore: 998 });
    expect(first.skipped.stdout).toBe(998);
    expect(appendOutput(first, out(0, 'a\n'))).toBe(first);
  });

  it('keeps only the last OUTPUT_TAIL_CHARS of each stream, from a line start', () => {
    const line = `${'x'.repeat(99)}\n`;
    const chunks: OutputChunk[] = [];
    for (let i = 0; i < 2000; i++) chunks.push(out(i * 100, line));
    chunks.push(out(0, 'kept\n', 'stderr'));
    const output = fold(chunks);
    expect(output.chars.stdout).toBeLessThanOrEqual(OUTPUT_TAIL_CHARS);
    expect(output.chars.stdout).toBeGreaterThan(OUTPUT_TAIL_CHARS - OUTPUT_TRIM_MARGIN_CHARS - 200);
    expect(output.pieces[0]!.text.startsWith('x')).toBe(true);
    expect(output.pieces[0]!.text.length % 100).toBe(0);
    expect(output.pieces.at(-1)).toEqual({ stream: 'stderr', text: 'kept\n', skippedBefore: 0 });
  });

  it('cuts a full tail by a margin, so the chunks after a cut leave its oldest text as it is (no copy per chunk)', () => {
    const line = `${'x'.repeat(99)}\n`;
    const chunks: OutputChunk[] = [];
    for (let i = 0; i < 700; i++) chunks.push(out(i * 100, line));
    const cut = fold(chunks);
    // Cut once at the limit to the margin below it, then filled again: room for the next 100 lines.
    expect(cut.chars.stdout).toBeLessThan(OUTPUT_TAIL_CHARS - 100 * 100);
    // The next chunks fit under the limit again: the pieces they do not go to are the very same (cut to the limit, each one cut it).
    let output = cut;
    for (let i = 700; i < 800; i++) output = appendOutput(output, out(i * 100, line));
    expect(output.chars.stdout).toBe(cut.chars.stdout + 100 * 100);
    expect(output.pieces.slice(0, cut.pieces.length - 1)).toEqual(cut.pieces.slice(0, -1));
    expect(output.pieces.slice(0, cut.pieces.length - 1).every((piece, index) => piece === cut.pieces[index])).toBe(true);
    expect(output.chars.stdout).toBeLessThanOrEqual(OUTPUT_TAIL_CHARS);
  });

  it('holds text that follows on in pieces of at most OUTPUT_PIECE_CHARS (a bigger chunk whole), the same text in order', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i}\n`);
    let from = 0;
    const chunks = lines.map((text) => out((from += text.length) - text.length, text));
    chunks.push(out(from, `${'y'.repeat(OUTPUT_PIECE_CHARS + 10)}\n`));
    const output = fold(chunks);
    expect(output.pieces.map((piece) => piece.text).join('')).toBe(lines.join('') + `${'y'.repeat(OUTPUT_PIECE_CHARS + 10)}\n`);
    expect(output.pieces.slice(0, -1).every((piece) => piece.text.length <= OUTPUT_PIECE_CHARS)).toBe(true);
    expect(output.pieces.length).toBe(Math.ceil(lines.join('').length / OUTPUT_PIECE_CHARS) + 1);
    expect(output.pieces.at(-1)!.text.length).toBe(OUTPUT_PIECE_CHARS + 11);
  });
});
