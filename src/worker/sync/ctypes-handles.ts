import type { CellInput } from '../../shared/ctypes';
import type { Item } from '../../shared/sync';
import { lockHandle, type LockCells } from './lock-handle';
import type { Requester } from './requester';

/**
 * multiprocessing.Value and Array handles. A cell's value in JavaScript: a number for 'f' and 'd' and for
 * integers up to 2**53, a BigInt beyond (exact, as Python's int), a one-byte Buffer for 'c'. JSON cannot
 * carry a BigInt, NaN, an infinity or bytes, so those cross the wire wrapped (ctypes.ts) and are unwrapped here.
 */
export type CellValue = number | bigint | boolean | Uint8Array | null | string;

/** What a worker passes, on the wire. Bytes are for 'c' (one byte); a bool is an int, as in Python. */
function wire(value: CellValue): CellInput {
  if (typeof value === 'bigint') return { int: value.toString() };
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { float: 'nan' };
    if (value === Infinity) return { float: 'inf' };
    if (value === -Infinity) return { float: '-inf' };
    return value;
  }
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value.subarray(0, 12)).toString('base64') };
  return value;
}

/** What the broker answers, unwrapped. */
export function unwire(value: Item): number | bigint | Buffer {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if (typeof value.int === 'string') return BigInt(value.int);
    if (typeof value.bytes === 'string') return Buffer.from(value.bytes, 'base64');
    if (value.float === 'nan') return NaN;
    if (value.float === 'inf') return Infinity;
    if (value.float === '-inf') return -Infinity;
    if (value.float === '-0') return -0;
  }
  return NaN;
}

/** A slice's values: a list, or any bytes-like object, whose bytes are ints as Python iterates them. */
function wireValues(values: readonly CellValue[] | Uint8Array): CellInput[] {
  return values instanceof Uint8Array ? [...values] : values.map(wire);
}

export function valueHandle(requester: Requester, cells: LockCells, name: string) {
  return {
    /** The RLock of a Value created with `lock: true` (Python's get_lock()). */
    getLock: () => lockHandle(requester, cells, `${name}.lock`, true),
    /** `v.value`. */
    get: async () => unwire(await requester.call({ op: 'value_get', name })),
    /** `v.value = x`: wrapped or rounded as ctypes does; TypeError for what the typecode does not take. */
    set: async (value: CellValue) => void (await requester.call({ op: 'value_set', name, value: wire(value) })),
  };
}

export function arrayHandle(requester: Requester, cells: LockCells, name: string) {
  return {
    getLock: () => lockHandle(requester, cells, `${name}.lock`, true),
    /** `a[index]`, negative from the end; IndexError outside. */
    get: async (index: number) => unwire(await requester.call({ op: 'array_get', name, index })),
    set: async (index: number, value: CellValue) => void (await requester.call({ op: 'array_set', name, index, value: wire(value) })),
    /** `a[start:stop:step]` (null or absent: Python's empty bound): a list, or a Buffer for a 'c' array. */
    getSlice: async (start: number | null = null, stop: number | null = null, step: number | null = null) => {
      const value = await requester.call({ op: 'array_get_slice', name, start, stop, step });
      return Array.isArray(value) ? value.map(unwire) : unwire(value);
    },
    /** `a[start:stop:step] = values`: ValueError unless the sizes match. */
    setSlice: async (start: number | null, stop: number | null, values: readonly CellValue[] | Uint8Array, step: number | null = null) =>
      void (await requester.call({ op: 'array_set_slice', name, start, stop, step, values: wireValues(values) })),
    /** `len(a)`. */
    len: async () => Number(await requester.call({ op: 'array_len', name })),
    /** `a[:] = [value] * len(a)`. */
    fill: async (value: CellValue = 0) => void (await requester.call({ op: 'array_fill', name, value: wire(value) })),
  };
}
