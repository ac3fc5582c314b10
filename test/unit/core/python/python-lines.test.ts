import { describe, expect, it } from 'vitest';
import { PythonLines } from '../../../../src/core/python/python-lines';

describe('PythonLines', () => {
  it('splits lines across chunks and keeps only the unfinished one', () => {
    const lines = new PythonLines(16);
    expect(lines.push(Buffer.from('ab'))).toEqual({ ok: true, lines: [] });
    expect(lines.pending).toBe(2);
    expect(lines.push(Buffer.from('c\nde\nf'))).toEqual({ ok: true, lines: ['abc', 'de'] });
    expect(lines.pending).toBe(1);
    expect(lines.push(Buffer.from('\n'))).toEqual({ ok: true, lines: ['f'] });
    expect(lines.pending).toBe(0);
  });

  it('refuses a line longer than its bound, ended or not, and holds nothing after', () => {
    const lines = new PythonLines(8);
    expect(lines.push(Buffer.from('12345678\n'))).toEqual({ ok: true, lines: ['12345678'] });
    const ended = lines.push(Buffer.from('123456789\n'));
    expect(ended).toEqual({ ok: false, reason: 'a line longer than 8 bytes' });
    const growing = new PythonLines(8);
    expect(growing.push(Buffer.from('12345')).ok).toBe(true);
    expect(growing.push(Buffer.from('6789')).ok).toBe(false);
    expect(growing.pending).toBe(0);
  });

  it('decodes UTF-8 split between chunks', () => {
    const lines = new PythonLines();
    const bytes = Buffer.from('é\n');
    expect(lines.push(bytes.subarray(0, 1)).ok).toBe(true);
    expect(lines.push(bytes.subarray(1))).toEqual({ ok: true, lines: ['é'] });
  });
});
