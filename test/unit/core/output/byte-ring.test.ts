import { describe, expect, it } from 'vitest';
import { ByteRing } from '../../../../src/core/output/byte-ring';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('ByteRing: the newest bytes of a stream, bounded', () => {
  it('keeps everything while it fits, growing from its first size', () => {
    const ring = new ByteRing(64, 4);
    ring.push(bytes('abc'));
    ring.push(bytes('defgh'));
    expect([ring.start, ring.end]).toEqual([0, 8]);
    expect(ring.read(0).toString('latin1')).toBe('abcdefgh');
    expect(ring.read(5).toString('latin1')).toBe('fgh');
  });

  it('keeps only the newest `limit` bytes, however they came, with their stream offsets', () => {
    const ring = new ByteRing(8, 2);
    for (const piece of ['0123', '4567', '89', 'ABCDE']) ring.push(bytes(piece));
    expect([ring.start, ring.end]).toEqual([7, 15]);
    expect(ring.read(0).toString('latin1')).toBe('789ABCDE');
    expect(String.fromCharCode(ring.byteAt(9))).toBe('9');
    // A chunk bigger than the ring: its tail.
    ring.push(bytes('abcdefghijkl'));
    expect([ring.start, ring.end]).toEqual([19, 27]);
    expect(ring.read(20).toString('latin1')).toBe('fghijkl');
  });

  it('never holds more than its limit', () => {
    const ring = new ByteRing(1024);
    for (let i = 0; i < 1000; i++) ring.push(Buffer.alloc(100, i % 256));
    expect(ring.end - ring.start).toBe(1024);
    expect(ring.read(0)).toHaveLength(1024);
  });
});
