import { describe, expect, it } from 'vitest';
import {
  OUTPUT_FLUSH_MS,
  OutputRelay,
  STREAM_BURST_BYTES,
  STREAM_BYTES_PER_SECOND,
  TOTAL_BURST_BYTES,
  TOTAL_BYTES_PER_SECOND,
} from '../../../../src/core/output/output-relay';
import { CAPTURE_BYTES } from '../../../../src/core/output/stream-capture';
import { appendOutput, EMPTY_OUTPUT, type WorkerOutput } from '../../../../src/shared/output';
import type { LabEventBody } from '../../../../src/shared/protocol';
import { ManualClock } from '../sync/harness';

type OutputFact = Extract<LabEventBody, { type: 'worker.output' }>;

function relay() {
  const clock = new ManualClock();
  const facts: OutputFact[] = [];
  const relay = new OutputRelay({ clock, emit: (event) => event.type === 'worker.output' && facts.push(event) });
  const folded = (workerId: string): WorkerOutput => facts.filter((fact) => fact.workerId === workerId).reduce(appendOutput, EMPTY_OUTPUT);
  const text = (workerId: string, stream = 'stdout') =>
    folded(workerId)
      .pieces.filter((piece) => piece.stream === stream)
      .map((piece) => piece.text)
      .join('');
  return { clock, facts, relay, folded, text };
}

describe('OutputRelay: workers output to the pages, bounded', () => {
  it('sends what a worker printed within one flush period, stdout and stderr apart', () => {
    const t = relay();
    t.relay.push('w1', 'stdout', Buffer.from('result = 42\n'));
    t.relay.push('w1', 'stderr', Buffer.from('warning: slow\n'));
    expect(t.facts).toEqual([]);
    t.clock.advance(OUTPUT_FLUSH_MS);
    expect(t.facts).toEqual([
      { type: 'worker.output', workerId: 'w1', stream: 'stdout', from: 0, to: 12, text: 'result = 42\n' },
      { type: 'worker.output', workerId: 'w1', stream: 'stderr', from: 0, to: 14, text: 'warning: slow\n' },
    ]);
    t.relay.push('w1', 'stdout', Buffer.from('more'));
    t.clock.advance(OUTPUT_FLUSH_MS);
    expect(t.facts.at(-1)).toMatchObject({ from: 12, to: 16, text: 'more' });
    expect(t.clock.pending).toBe(0);
  });

  it('a character split between two reads comes out whole; bad bytes and escapes come out safe', () => {
    const t = relay();
    const euro = Buffer.from('€');
    t.relay.push('w1', 'stdout', Buffer.concat([Buffer.from('price '), euro.subarray(0, 1)]));
    t.clock.advance(OUTPUT_FLUSH_MS);
    t.relay.push('w1', 'stdout', Buffer.concat([euro.subarray(1), Buffer.from(' \x1b[32mok\x1b[0m \xff\x00\n', 'latin1')]));
    t.clock.advance(OUTPUT_FLUSH_MS);
    expect(t.text('w1')).toBe('price € ok \ufffd\u2400\n');
  });

  it('a worker printing in a tight loop: the pages get at most the burst plus the rate, and the newest lines', () => {
    const t = relay();
    const seconds = 10;
    let written = 0;
    for (let tick = 0; tick < (seconds * 1000) / 10; tick++) {
      // 100 KB every 10 ms: 10 MB/s.
      for (let line = 0; line < 1000; line++) {
        const text = `line ${String(written).padStart(8, '0')}\n`;
        t.relay.push('w1', 'stdout', Buffer.from(text));
        written += 1;
      }
      t.clock.advance(10);
    }
    const sent = t.facts.reduce((sum, fact) => sum + fact.text.length, 0);
    expect(sent).toBeLessThanOrEqual(STREAM_BURST_BYTES + STREAM_BYTES_PER_SECOND * seconds);
    for (const fact of t.facts) {
      expect(Number.isInteger(fact.from) && Number.isInteger(fact.to)).toBe(true);
      expect(fact.text.length).toBeLessThanOrEqual(fact.to - fact.from);
    }
    // It kept up with the tail: the last line printed is on screen, and the gaps are said.
    t.relay.ended('w1');
    const output = t.folded('w1');
    expect(t.text('w1').endsWith(`line ${String(written - 1).padStart(8, '0')}\n`)).toBe(true);
    expect(output.skipped.stdout).toBeGreaterThan(0);
    // Gaps start at a line: every piece after one begins with "line ".
    for (const piece of output.pieces.filter((each) => each.skippedBefore > 0)) expect(piece.text.startsWith('line ')).toBe(true);
  });

  it('many workers printing at once share the total rate', () => {
    const t = relay();
    for (let tick = 0; tick < 100; tick++) {
      for (let worker = 0; worker < 100; worker++) t.relay.push(`w${worker}`, 'stdout', Buffer.alloc(2048, 0x61));
      t.clock.advance(10);
    }
    const sent = t.facts.reduce((sum, fact) => sum + fact.text.length, 0);
    expect(sent).toBeLessThanOrEqual(TOTAL_BURST_BYTES + TOTAL_BYTES_PER_SECOND * 1);
    expect(new Set(t.facts.map((fact) => fact.workerId)).size).toBeGreaterThan(50);
  });

  it('so many workers that a fair share is too small to show: they take turns, none starves', () => {
    const t = relay();
    const workers = 2000;
    const chunk = Buffer.alloc(1024, 0x61);
    for (let tick = 0; tick < 30; tick++) {
      for (let worker = 0; worker < workers; worker++) t.relay.push(`w${worker}`, 'stdout', chunk);
      t.clock.advance(100);
    }
    const sent = t.facts.reduce((sum, fact) => sum + fact.text.length, 0);
    expect(sent).toBeLessThanOrEqual(TOTAL_BURST_BYTES + TOTAL_BYTES_PER_SECOND * 3);
    expect(new Set(t.facts.map((fact) => fact.workerId)).size).toBe(workers);
  });

  it('holds at most CAPTURE_BYTES of a stream; at the end it sends the last of it, then nothing more', () => {
    const t = relay();
    t.relay.push('w1', 'stdout', Buffer.alloc(CAPTURE_BYTES * 4, 0x62));
    t.relay.push('w1', 'stdout', Buffer.from('\nlast words\n'));
    t.relay.ended('w1');
    const [fact] = t.facts;
    expect(fact!.to).toBe(CAPTURE_BYTES * 4 + 12);
    expect(fact!.text.endsWith('\nlast words\n')).toBe(true);
    expect(fact!.text.length).toBeLessThanOrEqual(16 * 1024);
    t.relay.push('w1', 'stdout', Buffer.from('after the end'));
    t.clock.advance(OUTPUT_FLUSH_MS * 10);
    expect(t.facts).toHaveLength(1);
  });

  it('charges last words to the total: 256 chatty workers ending at once send a bounded burst, each its last line', () => {
    const t = relay();
    const workers = 256;
    for (let worker = 0; worker < workers; worker++) {
      t.relay.push(`w${worker}`, 'stdout', Buffer.alloc(CAPTURE_BYTES, 0x62));
      t.relay.push(`w${worker}`, 'stdout', Buffer.from(`\nbye from ${worker}\n`));
    }
    for (let worker = 0; worker < workers; worker++) t.relay.ended(`w${worker}`);
    const sent = t.facts.reduce((sum, fact) => sum + fact.text.length, 0);
    // Without the charge this was 256 x 16 KiB = 4 MiB in one go.
    expect(sent).toBeLessThanOrEqual(TOTAL_BURST_BYTES + workers * 1100);
    for (let worker = 0; worker < workers; worker++) expect(t.text(`w${worker}`)).toMatch(new RegExp(`bye from ${worker}\\n$`));
  });
});
