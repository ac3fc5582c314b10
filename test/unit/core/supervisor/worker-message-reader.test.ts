import { describe, expect, it } from 'vitest';
import { WorkerMessageReader } from '../../../../src/core/supervisor/worker-message-reader';

function reader() {
  const seen: { ready: number; messages: unknown[]; rejected: string[]; output: string } = { ready: 0, messages: [], rejected: [], output: '' };
  const read = new WorkerMessageReader(
    {
      ready: () => (seen.ready += 1),
      message: (message) => seen.messages.push(message),
      rejected: (reason) => seen.rejected.push(reason),
      output: (_stream, chunk) => (seen.output += chunk.toString('utf8')),
    },
    () => 1,
  );
  return { seen, feed: (...chunks: string[]) => chunks.forEach((chunk) => read.acceptLines(Buffer.from(chunk))) };
}

const ready = '@lab:{"type":"ready","pid":1,"tid":null}\n';
const sync = '@lab:{"type":"sync","id":1,"request":{"op":"set","name":"e"}}\n';

describe("a spawn or exec worker's stdout: the lab's lines out, the program's output on", () => {
  it('takes the @lab: lines and passes everything else, in order', () => {
    const { seen, feed } = reader();
    feed(`hello\n${ready}result = 42\n${sync}bye\n`);
    expect(seen.ready).toBe(1);
    expect(seen.messages).toHaveLength(1);
    expect(seen.output).toBe('hello\nresult = 42\nbye\n');
  });

  it('a message line split anywhere, even inside its prefix, is still taken out whole', () => {
    for (let cut = 1; cut < sync.length; cut++) {
      const { seen, feed } = reader();
      const text = `a\n${sync}b\n`;
      feed(text.slice(0, cut + 2), text.slice(cut + 2));
      expect(seen.messages).toHaveLength(1);
      expect(seen.output).toBe('a\nb\n');
    }
  });

  it('output without a newline is passed on at once, and a prefix in the middle of a line is output', () => {
    const { seen, feed } = reader();
    feed('progress 10%');
    expect(seen.output).toBe('progress 10%');
    feed(` @lab:{"type":"ready","pid":1,"tid":null}\n`);
    expect(seen.ready).toBe(0);
    expect(seen.output).toBe('progress 10% @lab:{"type":"ready","pid":1,"tid":null}\n');
    // A line that begins like the prefix but is not one is output once it shows it is not.
    feed('@la', 'b? no\n');
    expect(seen.output.endsWith('@lab? no\n')).toBe(true);
  });

  it('bytes that are not UTF-8 pass through untouched', () => {
    const bytes: Buffer[] = [];
    const read = new WorkerMessageReader({ ready: () => undefined, message: () => undefined, rejected: () => undefined, output: (_s, chunk) => bytes.push(chunk) }, () => 0);
    read.acceptLines(Buffer.from([0xff, 0xfe, 0x0a, 0x00]));
    expect(Buffer.concat(bytes)).toEqual(Buffer.from([0xff, 0xfe, 0x0a, 0x00]));
  });

  it('a bad or endless message line is reported, and the output around it still flows', () => {
    const { seen, feed } = reader();
    feed('@lab:not json\nok\n');
    expect(seen.rejected).toEqual(['a message line that is not JSON']);
    feed(`@lab:${'x'.repeat(70_000)}`, 'more of it\nafter\n');
    expect(seen.rejected[1]).toMatch(/longer than/);
    expect(seen.output).toBe('ok\nafter\n');
  });
});
