import { PY_LINE_MAX } from '../../shared/python-wire';

/** What one chunk of a connection gives: its complete lines, or why the connection must close. */
export type LinesOf = { ok: true; lines: string[] } | { ok: false; reason: string };

/**
 * Splits one connection's bytes into lines (`\n`), holding at most `max` bytes of a line not yet ended:
 * a longer line closes the connection, so nothing a program sends is buffered without bound. The parts of
 * an unfinished line are kept as they came and joined once, at its end (no copy per chunk).
 */
export class PythonLines {
  private parts: Buffer[] = [];
  private held = 0;

  constructor(private readonly max: number = PY_LINE_MAX) {}

  /** Bytes of an unfinished line held now (the listener bounds the sum over its connections). */
  get pending(): number {
    return this.held;
  }

  push(chunk: Buffer): LinesOf {
    const lines: string[] = [];
    let from = 0;
    for (let end = chunk.indexOf(10, from); end >= 0; end = chunk.indexOf(10, from)) {
      if (this.held + end - from > this.max) return this.tooLong();
      this.parts.push(chunk.subarray(from, end));
      lines.push(Buffer.concat(this.parts, this.held + end - from).toString('utf8'));
      this.parts = [];
      this.held = 0;
      from = end + 1;
    }
    const rest = chunk.length - from;
    if (rest === 0) return { ok: true, lines };
    if (this.held + rest > this.max) return this.tooLong();
    this.parts.push(chunk.subarray(from));
    this.held += rest;
    return { ok: true, lines };
  }

  private tooLong(): LinesOf {
    this.parts = [];
    this.held = 0;
    return { ok: false, reason: `a line longer than ${this.max} bytes` };
  }
}
