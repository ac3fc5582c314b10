/**
 * Reading what the seeds' programs print. Unbuffered, a print() is several writes (each argument, the
 * separators, the newline), so the prints of concurrent processes or threads interleave write by write:
 * "worker0worker1\n\n". Checks therefore look for whole tokens (one write each) rather than whole lines,
 * unless one process alone prints at that moment.
 */

/** The non-empty lines, right-trimmed. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
}

export function count(text: string, token: string | RegExp): number {
  if (typeof token === 'string') return text.split(token).length - 1;
  return [...text.matchAll(new RegExp(token.source, token.flags.includes('g') ? token.flags : `${token.flags}g`))].length;
}

/** The first group of every match of `pattern`. */
export function captures(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))].map((match) => match[1] ?? '');
}

export function range(stop: number): number[] {
  return Array.from({ length: stop }, (_, index) => index);
}

/**
 * Every digit printed, sorted. When several processes print bare numbers at once, "96" and "90" may come
 * out as "9690\n\n", but each number's digits are one write: the bag of digits is the same whatever the
 * interleaving, so it shows that each number was printed exactly as often as expected.
 */
export function digitBag(text: string): string {
  return [...text.replace(/\D/g, '')].sort().join('');
}

export function digitBagOf(numbers: number[]): string {
  return digitBag(numbers.join(' '));
}

/** The last non-empty line. */
export function lastLine(text: string): string {
  return lines(text).at(-1) ?? '';
}
