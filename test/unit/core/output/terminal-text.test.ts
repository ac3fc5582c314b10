import { describe, expect, it } from 'vitest';
import { TerminalText } from '../../../../src/core/output/terminal-text';

const clean = (...chunks: string[]) => {
  const text = new TerminalText();
  return chunks.map((chunk) => text.push(chunk)).join('');
};

describe('terminal text made safe', () => {
  it('keeps plain text, tabs and newlines as they are', () => {
    expect(clean('result = 42\n\tdone\n')).toBe('result = 42\n\tdone\n');
  });

  it('removes colours and cursor moves (CSI), whole even when split between chunks', () => {
    expect(clean('\x1b[1;31merror\x1b[0m: boom\n')).toBe('error: boom\n');
    expect(clean('a\x1b[', '38;5;2', '08mb\x1b', '[2Kc')).toBe('abc');
    expect(clean('\x1b[?25lhidden cursor\x1b[?25h')).toBe('hidden cursor');
  });

  it('removes a window title (OSC) ended by BEL or by ESC \\, and a two-byte escape', () => {
    expect(clean('\x1b]0;pwned title\x07after')).toBe('after');
    expect(clean('\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\')).toBe('link');
    expect(clean('\x1bcreset\x1b7saved')).toBe('resetsaved');
    expect(clean('\x1b(Bascii')).toBe('ascii');
  });

  it('draws other control characters as control pictures, and bidi overrides as U+FFFD', () => {
    expect(clean('a\x00b\x08c\x7fd')).toBe('a\u2400b\u2408c\u2421d');
    expect(clean('x\u202ey\u2066z')).toBe('x\ufffdy\ufffdz');
    expect(clean('\u0085')).toBe('\ufffd');
  });

  it('makes "\\r\\n" one line end, even split, and a lone "\\r" a line end too', () => {
    expect(clean('a\r\nb\r', '\nc')).toBe('a\nb\nc');
    expect(clean('10%\r20%\r30%\n')).toBe('10%\n20%\n30%\n');
  });

  it('gives up on an unterminated string sequence after a bounded length', () => {
    const text = new TerminalText();
    expect(text.push(`\x1b]0;${'x'.repeat(5000)}`)).toBe('x'.repeat(5000 - 4096 + 2));
  });

  it('forgets a sequence in progress on reset (after a gap)', () => {
    const text = new TerminalText();
    expect(text.push('\x1b[31')).toBe('');
    text.reset();
    expect(text.push('ok')).toBe('ok');
  });
});
