import { z } from 'zod';
import { bytesText } from './bytes-repr';

/**
 * multiprocessing.Value / Array's typecodes, with ctypes' storage as CPython has it on 64-bit Linux
 * (LP64: `l` and `L` are 64 bits). Integers wrap silently as ctypes does (Value('b', 200).value == -56),
 * 'f' rounds to float32, 'c' holds one byte. The expectations were seen in CPython 3.11 and 3.13
 * (test/unit/core/sync/ctypes.test.ts keeps them).
 */
export const TYPECODES = ['b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd', 'c'] as const;
export type Typecode = (typeof TYPECODES)[number];

type Storage = { readonly kind: 'int'; readonly bits: 8 | 16 | 32 | 64; readonly signed: boolean } | { readonly kind: 'float'; readonly bits: 32 | 64 } | { readonly kind: 'char' };

export const STORAGE: Readonly<Record<Typecode, Storage & { readonly ctype: string }>> = {
  b: { kind: 'int', bits: 8, signed: true, ctype: 'c_byte' },
  B: { kind: 'int', bits: 8, signed: false, ctype: 'c_ubyte' },
  h: { kind: 'int', bits: 16, signed: true, ctype: 'c_short' },
  H: { kind: 'int', bits: 16, signed: false, ctype: 'c_ushort' },
  i: { kind: 'int', bits: 32, signed: true, ctype: 'c_int' },
  I: { kind: 'int', bits: 32, signed: false, ctype: 'c_uint' },
  l: { kind: 'int', bits: 64, signed: true, ctype: 'c_long' },
  L: { kind: 'int', bits: 64, signed: false, ctype: 'c_ulong' },
  q: { kind: 'int', bits: 64, signed: true, ctype: 'c_longlong' },
  Q: { kind: 'int', bits: 64, signed: false, ctype: 'c_ulonglong' },
  f: { kind: 'float', bits: 32, ctype: 'c_float' },
  d: { kind: 'float', bits: 64, ctype: 'c_double' },
  c: { kind: 'char', ctype: 'c_char' },
};

export const typecodeSchema = z.enum(TYPECODES, { error: `typecode must be one of ${TYPECODES.join(' ')}` });

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A Value's or an Array element's value on the wire, as the worker gave it. JSON has no BigInt, NaN, -0 or
 * bytes, so those come wrapped: `{ int: "9223372036854775807" }`, `{ float: "nan" }`, `{ bytes: base64 }`.
 * A bool, None or text is carried as it is so that the broker can refuse it in Python's words.
 */
export const cellInputSchema = z.union(
  [
    z.number(),
    z.boolean(),
    z.null(),
    z.string().max(100),
    z.strictObject({ int: z.string().regex(/^-?\d{1,400}$/, 'an int is up to 400 decimal digits') }),
    z.strictObject({ float: z.enum(['nan', 'inf', '-inf', '-0']) }),
    z.strictObject({ bytes: z.string().max(16).regex(BASE64, 'bytes are base64 text') }),
  ],
  { error: 'the value must be a number (or an int, float or bytes wrapped for the wire)' },
);
export type CellInput = z.infer<typeof cellInputSchema>;

/** What a cell holds: a BigInt for the integer typecodes, a number for 'f' and 'd', the byte's code for 'c'. */
export type Cell = bigint | number;

export type Coerced = { readonly ok: true; readonly cell: Cell } | { readonly ok: false; readonly error: 'TypeError' | 'OverflowError'; readonly message: string };

const typeError = (message: string): Coerced => ({ ok: false, error: 'TypeError', message });

/** Python's type name of a wire value, for the TypeErrors. */
function pythonType(input: CellInput): string {
  if (input === null) return 'NoneType';
  if (typeof input === 'string') return 'str';
  if (typeof input === 'boolean') return 'bool';
  if (typeof input === 'number') return Number.isInteger(input) ? 'int' : 'float';
  if ('int' in input) return 'int';
  if ('float' in input) return 'float';
  return 'bytes';
}

/** The value a cell of `typecode` takes for `input`, wrapped or rounded as ctypes does, or Python's error. */
export function coerceCell(typecode: Typecode, input: CellInput): Coerced {
  const storage = STORAGE[typecode];
  const type = pythonType(input);
  switch (storage.kind) {
    case 'int': {
      const whole = wholeOf(input);
      if (whole === null) return typeError(`'${type}' object cannot be interpreted as an integer`);
      return { ok: true, cell: storage.signed ? BigInt.asIntN(storage.bits, whole) : BigInt.asUintN(storage.bits, whole) };
    }
    case 'float': {
      const real = realOf(input);
      if (real === null) return typeError(`must be real number, not ${type}`);
      if (real === 'overflow') return { ok: false, error: 'OverflowError', message: 'int too large to convert to float' };
      return { ok: true, cell: storage.bits === 32 ? Math.fround(real) : real };
    }
    case 'char': {
      const byte = byteOf(input);
      return byte === null ? typeError('one character bytes, bytearray or integer expected') : { ok: true, cell: byte };
    }
  }
}

/** An int as Python sees it: a whole JS number (3.0 and 3 are one number in JS), a bool, or a wrapped BigInt. */
function wholeOf(input: CellInput): bigint | null {
  if (typeof input === 'boolean') return input ? 1n : 0n;
  if (typeof input === 'number') return Number.isInteger(input) ? BigInt(input) : null;
  if (typeof input === 'object' && input !== null && 'int' in input) return BigInt(input.int);
  return null;
}

function realOf(input: CellInput): number | 'overflow' | null {
  if (typeof input === 'boolean') return input ? 1 : 0;
  if (typeof input === 'number') return input;
  if (typeof input !== 'object' || input === null) return null;
  if ('int' in input) {
    const real = Number(BigInt(input.int));
    return Number.isFinite(real) ? real : 'overflow';
  }
  if ('float' in input) return input.float === 'nan' ? NaN : input.float === 'inf' ? Infinity : input.float === '-inf' ? -Infinity : -0;
  return null;
}

/** c_char takes bytes of length 1 or an int from 0 to 255. */
function byteOf(input: CellInput): number | null {
  if (typeof input === 'object' && input !== null && 'bytes' in input) {
    const binary = atob(input.bytes);
    return binary.length === 1 ? binary.charCodeAt(0) : null;
  }
  const whole = typeof input === 'number' && !Number.isInteger(input) ? null : wholeOf(input);
  return whole !== null && whole >= 0n && whole <= 255n ? Number(whole) : null;
}

/** The zero a new cell holds (ctypes zero-fills). */
export function zeroCell(typecode: Typecode): Cell {
  return STORAGE[typecode].kind === 'int' ? 0n : 0;
}

/** A cell on the wire back to a worker, the inverse of the wrapping above (a `c` cell is 1 byte of bytes). */
export type CellOutput = number | { readonly int: string } | { readonly float: 'nan' | 'inf' | '-inf' | '-0' } | { readonly bytes: string };

export function encodeCell(typecode: Typecode, cell: Cell): CellOutput {
  const storage = STORAGE[typecode];
  if (storage.kind === 'char') return { bytes: btoa(String.fromCharCode(Number(cell))) };
  if (typeof cell === 'bigint') return cell >= BigInt(Number.MIN_SAFE_INTEGER) && cell <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(cell) : { int: cell.toString() };
  if (Number.isNaN(cell)) return { float: 'nan' };
  if (cell === Infinity) return { float: 'inf' };
  if (cell === -Infinity) return { float: '-inf' };
  return Object.is(cell, -0) ? { float: '-0' } : cell;
}

/** A `c` array's cells as one bytes object, as `a[:]` of a c_char array is bytes in CPython. */
export function encodeChars(cells: readonly Cell[]): { readonly bytes: string } {
  return { bytes: btoa(String.fromCharCode(...cells.map(Number))) };
}

/** Python's repr of a cell: `-56`, `0.10000000149011612`, `1e+16`, `inf`, `b'a'`. */
export function cellRepr(typecode: Typecode, cell: Cell): string {
  const storage = STORAGE[typecode];
  if (storage.kind === 'char') return bytesText(String.fromCharCode(Number(cell)));
  if (typeof cell === 'bigint') return cell.toString();
  return pythonFloatRepr(cell);
}

/**
 * Python's repr of a float: the shortest digits that round-trip (as JavaScript's), written as Python
 * writes them: a fixed point from 1e-4 up to 1e16, else an exponent of at least two digits; always a
 * point or an exponent ("1.0", "1e+16", "1e-05").
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const point = exponent + 1;
  const fixed = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? `${digits}${'0'.repeat(point - digits.length)}.0` : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${negative ? '-' : ''}${fixed}`;
}

/** Python's repr of a whole Array's contents, cut to `maxChars`: `[1, 2, 3]`, or `b'abc'` for a c_char array. */
export function arrayRepr(typecode: Typecode, cells: readonly Cell[], maxChars: number): string {
  if (STORAGE[typecode].kind === 'char') {
    const text = bytesText(String.fromCharCode(...cells.slice(0, maxChars).map(Number)));
    return text.length > maxChars || cells.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
  }
  let text = '[';
  for (let index = 0; index < cells.length && text.length <= maxChars; index += 1) text += `${index > 0 ? ', ' : ''}${cellRepr(typecode, cells[index]!)}`;
  text += ']';
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** "b: c_byte, signed 8-bit": a typecode in words, for the form and the table. */
export function typecodeWords(typecode: Typecode): string {
  const storage = STORAGE[typecode];
  switch (storage.kind) {
    case 'int':
      return `${typecode}: ${storage.ctype}, ${storage.signed ? 'signed' : 'unsigned'} ${storage.bits}-bit`;
    case 'float':
      return `${typecode}: ${storage.ctype}, ${storage.bits}-bit float`;
    case 'char':
      return `${typecode}: ${storage.ctype}, one byte`;
  }
}
