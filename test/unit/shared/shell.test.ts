import { describe, expect, it } from 'vitest';
import { shellQuote, splitCommandLine } from '../../../src/shared/shell';

describe('splitCommandLine', () => {
  it('splits on whitespace', () => {
    expect(splitCommandLine('sleep   30')).toEqual({ ok: true, argv: ['sleep', '30'] });
  });

  it('keeps quoted words together, as a shell would', () => {
    expect(splitCommandLine(`python3 -c "print('hi there')"`)).toEqual({ ok: true, argv: ['python3', '-c', "print('hi there')"] });
    expect(splitCommandLine(`echo 'a "b" c' d\\ e`)).toEqual({ ok: true, argv: ['echo', 'a "b" c', 'd e'] });
    expect(splitCommandLine(`echo "x\\"y"`)).toEqual({ ok: true, argv: ['echo', 'x"y'] });
    expect(splitCommandLine(`echo ''`)).toEqual({ ok: true, argv: ['echo', ''] });
  });

  it('refuses an unterminated quote and an empty line', () => {
    expect(splitCommandLine(`echo "oops`)).toEqual({ ok: false, error: 'unterminated double quote in the command line' });
    expect(splitCommandLine('   ').ok).toBe(false);
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(shellQuote('/usr/bin/node')).toBe('/usr/bin/node');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });
});
