import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { appendOutput, EMPTY_OUTPUT, OUTPUT_TAIL_CHARS, OUTPUT_TRIM_MARGIN_CHARS, type WorkerOutput } from '../../../src/shared/output';

/** This isolate's garbage collector, asked for at run time (vitest's workers are not started with --expose-gc). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe("a worker's output tail, in memory", () => {
  it('holds what workers print line by line at about a byte a character, not as a rope of every line', () => {
    const gc = collector();
    gc();
    const before = getHeapStatistics().used_heap_size;
    // As the page gets them: a fresh string per line (parsed from a message), ~9 characters each.
    const tails: WorkerOutput[] = [];
    let line = 0;
    for (let worker = 0; worker < 32; worker++) {
      let output = EMPTY_OUTPUT;
      while (output.chars.stdout < OUTPUT_TAIL_CHARS - OUTPUT_TRIM_MARGIN_CHARS) {
        const text = `tick ${line++ % 10_000}\n`;
        output = appendOutput(output, { stream: 'stdout', from: output.to.stdout, to: output.to.stdout + text.length, text });
      }
      tails.push(output);
    }
    gc();
    const bytes = getHeapStatistics().used_heap_size - before;
    const chars = tails.reduce((sum, output) => sum + output.chars.stdout, 0);
    // Joined with `+` alone this was ~5.5 bytes a character (a string per line under a concatenation node each).
    expect(bytes / chars).toBeLessThan(2);
    expect(tails.length).toBe(32);
  });
});
