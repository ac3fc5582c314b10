import { describe, expect, it } from 'vitest';
import { PIPE_MAX_BYTES, PIPE_MESSAGE_LIMITS } from '../../../src/shared/message-limits';
import { parseWorkerMessage } from '../../../src/shared/worker-messages';

const sync = (request: unknown) => ({ type: 'sync', id: 1, request });

describe('a Pipe message may be large, and is still bounded', () => {
  it('send_bytes carries up to PIPE_MAX_BYTES (12 MiB) as base64; one byte more is refused in words', () => {
    const most = Buffer.alloc(PIPE_MAX_BYTES, 1).toString('base64');
    expect(parseWorkerMessage(sync({ op: 'pipe_send_bytes', name: 'p', end: 0, data: most })).ok).toBe(true);
    const over = parseWorkerMessage(sync({ op: 'pipe_send_bytes', name: 'p', end: 0, data: Buffer.alloc(PIPE_MAX_BYTES + 3, 1).toString('base64') }));
    expect(over).toMatchObject({ ok: false, reason: expect.stringMatching(/at most 12582912 bytes/) });
    expect(parseWorkerMessage(sync({ op: 'pipe_send_bytes', name: 'p', end: 0, data: 'not base64!' }))).toMatchObject({ ok: false, reason: expect.stringMatching(/base64/) });
  });

  it('send takes a 3 MB object of 25,000 values, which any other message may not carry', () => {
    const item = { rows: Array.from({ length: 25_000 }, (_, i) => `row ${i} ${'x'.repeat(100)}`) };
    expect(parseWorkerMessage(sync({ op: 'pipe_send', name: 'p', end: 0, item })).ok).toBe(true);
    expect(parseWorkerMessage(sync({ op: 'put', name: 'q', item }))).toMatchObject({ ok: false, reason: expect.stringMatching(/more than 20000 values/) });
    expect(parseWorkerMessage(sync({ op: 'pipe_send', name: 'p', end: 0, item: new Array(PIPE_MESSAGE_LIMITS.maxValues).fill(0) }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/more than 100000 values/),
    });
  });

  it('the larger limits are chosen by the op alone, whatever else the message claims', () => {
    expect(parseWorkerMessage({ type: 'ready', pid: 1, tid: null, request: { op: 'pipe_send' }, x: 'y'.repeat(1_000_001) })).toMatchObject({ ok: false, reason: expect.stringMatching(/1000000 characters/) });
    expect(parseWorkerMessage(sync({ op: 'pipe_recv', name: 'p', end: 0, junk: 'y'.repeat(1_000_001) }))).toMatchObject({ ok: false, reason: expect.stringMatching(/1000000 characters/) });
  });
});
