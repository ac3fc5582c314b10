import { describe, expect, it } from 'vitest';
import { shellQuote, splitCommandLine, windowsQuote } from '../../../src/shared/shell';

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

/**
 * How a Windows program splits its command line (CommandLineToArgvW, as Microsoft documents it for the C runtime's
 * argv): whitespace separates outside quotes; 2n backslashes and a quote are n backslashes and a quote that opens or
 * closes; 2n+1 backslashes and a quote are n backslashes and a literal quote; other backslashes are literal.
 */
function windowsArgv(line: string): string[] {
  const argv: string[] = [];
  let current = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    let backslashes = 0;
    while (line[i] === '\\') {
      backslashes++;
      i++;
    }
    const char = line[i];
    if (char === '"') {
      current += '\\'.repeat(Math.floor(backslashes / 2));
      if (backslashes % 2 === 1) current += '"';
      else quoted = !quoted;
      inWord = true;
    } else {
      current += '\\'.repeat(backslashes);
      if (backslashes > 0) inWord = true;
      if (char === undefined) break;
      if (!quoted && (char === ' ' || char === '\t')) {
        if (inWord) argv.push(current);
        current = '';
        inWord = false;
      } else {
        current += char;
        inWord = true;
      }
    }
  }
  if (inWord) argv.push(current);
  return argv;
}

describe('windowsQuote', () => {
  it('leaves plain words and paths alone, and double-quotes one with spaces (no single quotes: cmd.exe keeps them)', () => {
    expect(windowsQuote('C:\\node.exe')).toBe('C:\\node.exe');
    expect(windowsQuote('--lab-worker=w1')).toBe('--lab-worker=w1');
    expect(windowsQuote('C:\\Program Files\\Concurrency Lab\\concurrency-lab.exe')).toBe('"C:\\Program Files\\Concurrency Lab\\concurrency-lab.exe"');
  });

  it('gives every argument back whole to a Windows program, quotes and backslashes included', () => {
    const args = ['C:\\Users\\me\\Concurrency Lab\\', 'say "hi"', 'a\\"b', '', 'tab\there', 'C:\\trailing\\\\', 'plain', 'semi;colon & more'];
    expect(windowsArgv(args.map(windowsQuote).join(' '))).toEqual(args);
  });
});

