import type { CellInput } from '../../shared/ctypes';
import { typedNumber } from './typed-number';

/**
 * A Value's or Array cell's value as typed, the way Python would read it: a whole number (exact beyond
 * 2**53, carried as digits), any number, nan / inf / -inf, True / False, or one character as one byte
 * (`a` or `b'a'`) for a 'c' Value. Anything else goes as typed, so the lab answers with Python's
 * TypeError ("'str' object cannot be interpreted as an integer"), an empty field too.
 */
export function typedCell(text: string): CellInput {
  const typed = text.trim();
  if (/^-?\d+$/.test(typed)) return Number.isSafeInteger(Number(typed)) ? Number(typed) : { int: typed.replace(/^(-?)0+(?=\d)/, '$1') };
  const lower = typed.toLowerCase();
  if (lower === 'nan' || lower === 'inf' || lower === '-inf') return { float: lower };
  if (typed === 'True' || typed === 'False') return typed === 'True';
  const byte = /^b'(.)'$/.exec(typed)?.[1] ?? (typed.length === 1 && !/\d/.test(typed) ? typed : undefined);
  if (byte !== undefined && byte.charCodeAt(0) < 256) return { bytes: btoa(byte) };
  const number = typedNumber(typed);
  return Number.isNaN(number) ? typed.slice(0, 100) : number;
}
