/**
 * Turns what a program wrote for a terminal into text that is safe to show anywhere: terminal escape
 * sequences (colours, cursor moves, titles: ECMA-48 CSI, OSC, DCS and the rest) are removed, other control
 * characters are drawn as their Unicode control pictures (NUL as ␀), bidirectional overrides (which could
 * reorder the text around them) as U+FFFD, and "\r\n" or a lone "\r" become "\n". Streaming: a sequence
 * split between two chunks is removed whole. No terminal emulation: a progress bar redrawn with "\r"
 * shows each of its states on a line of its own.
 */

const ESC = 0x1b;
const BEL = 0x07;
/** A string sequence (OSC, DCS...) is cut off after this much, so an unterminated one cannot hold output back for ever. */
const MAX_SEQUENCE = 4096;

type Mode =
  | 'text'
  /** After ESC. */
  | 'escape'
  /** ESC [ ...: parameters and intermediates until a final byte 0x40-0x7E. */
  | 'csi'
  /** ESC ] / P / X / ^ / _ ...: until BEL or ESC \ (ST). */
  | 'string'
  /** ESC inside a string sequence: "\" ends it. */
  | 'stringEscape'
  /** ESC followed by intermediates (0x20-0x2F), until a final byte. */
  | 'intermediate';

export class TerminalText {
  private mode: Mode = 'text';
  private sequenceLength = 0;
  /** The last character given out was a "\r" turned into "\n": a "\n" right after it is the same line end. */
  private afterReturn = false;

  /** Cleans the next piece of decoded text. */
  push(text: string): string {
    let out = '';
    let runStart = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (this.mode === 'text') {
        if (!needsCare(code)) {
          this.afterReturn = false;
          continue;
        }
        out += text.slice(runStart, index);
        runStart = index + 1;
        out += this.special(code);
        continue;
      }
      this.sequence(code);
      runStart = index + 1;
    }
    if (this.mode === 'text') out += text.slice(runStart);
    return out;
  }

  /** Forgets a sequence in progress: the bytes after a gap start afresh. */
  reset(): void {
    this.mode = 'text';
    this.sequenceLength = 0;
    this.afterReturn = false;
  }

  /** A character outside plain text, in text mode: what to show for it. */
  private special(code: number): string {
    const afterReturn = this.afterReturn;
    this.afterReturn = false;
    switch (code) {
      case ESC:
        this.mode = 'escape';
        this.sequenceLength = 0;
        return '';
      case 0x0d:
        this.afterReturn = true;
        return '\n';
      case 0x0a:
        return afterReturn ? '' : '\n';
      case 0x09:
        return '\t';
      default:
        return pictureOf(code);
    }
  }

  private sequence(code: number): void {
    this.sequenceLength += 1;
    if (this.sequenceLength > MAX_SEQUENCE) {
      this.mode = 'text';
      return;
    }
    switch (this.mode) {
      case 'escape':
        if (code === 0x5b) this.mode = 'csi';
        else if (code === 0x5d || code === 0x50 || code === 0x58 || code === 0x5e || code === 0x5f) this.mode = 'string';
        else if (code >= 0x20 && code <= 0x2f) this.mode = 'intermediate';
        // Any other byte ends a two-character sequence (ESC 7, ESC c, ESC =...).
        else this.mode = 'text';
        return;
      case 'csi':
        if (code >= 0x40 && code <= 0x7e) this.mode = 'text';
        // Parameters (0x30-0x3F) and intermediates (0x20-0x2F) go on; anything else is not part of it.
        else if (code < 0x20 || code > 0x3f) this.mode = 'text';
        return;
      case 'intermediate':
        if (code < 0x20 || code > 0x2f) this.mode = 'text';
        return;
      case 'string':
        if (code === BEL) this.mode = 'text';
        else if (code === ESC) this.mode = 'stringEscape';
        return;
      case 'stringEscape':
        this.mode = code === 0x5c ? 'text' : 'string';
        return;
      case 'text':
        return;
    }
  }
}

/** Control characters (C0, DEL, C1) and bidirectional formatting characters need more than copying. */
function needsCare(code: number): boolean {
  if (code < 0x20) return true;
  if (code < 0x7f) return false;
  if (code <= 0x9f) return true;
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** NUL..US as ␀..␟, DEL as ␡, the rest (C1 controls, bidi overrides) as the replacement character. */
function pictureOf(code: number): string {
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}
