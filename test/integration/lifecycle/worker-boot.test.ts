import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_ENTRIES } from '../../support/lab-harness';

/**
 * What a worker loads before it can say "ready" is its start latency: the lab promises at most 1.2x a raw
 * fork() or new Worker() (npm run bench). Zod's schemas cost about 40 ms of a thread's boot (measured: a
 * value import of TIMEOUT_MAX from shared/sync.ts took a thread's start from 1.1x to 3.6x), so no module a
 * worker loads at boot may require zod; the host validates what workers send, workers need no schemas.
 * Lazy requires (a task's own module, loaded when that task runs) are not part of the boot.
 */
function bootClosure(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // Eager requires are statements at the top level: `const x = require("./chunks/...")` or `let x = require(...)`.
    for (const match of text.matchAll(/^(?:const|let|var) \w+ = require\("(\.[^"]+)"\);?$/gm)) {
      pending.push(join(dirname(file), match[1]!));
    }
  }
  return [...seen];
}

describe("a worker's boot", () => {
  it.each([
    ['thread', BUILT_ENTRIES.thread],
    ['process', BUILT_ENTRIES.process],
  ])('of a %s loads no schema library', (_kind, entry) => {
    const files = bootClosure(entry);
    expect(files.length).toBeGreaterThan(1);
    const withZod = files.filter((file) => /require\("zod"\)/.test(readFileSync(file, 'utf8')));
    expect(withZod).toEqual([]);
  });
});
