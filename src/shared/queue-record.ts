import type { StructuredValue } from './structured-value';

/**
 * A record of the shared queue ring (queue-ring.ts): a 4-byte word (tag << TAG_SHIFT | payload bytes),
 * then its payload, padded to 4 bytes. How an item becomes a tag and a payload, and how text comes back.
 */

export const TAG_NULL = 1;
export const TAG_FALSE = 2;
export const TAG_TRUE = 3;
export const TAG_NUMBER = 4;
export const TAG_TEXT = 5;
export const TAG_JSON = 6;
export const TAG_SHIFT = 24;
export const LENGTH_MASK = (1 << TAG_SHIFT) - 1;

/** An item as the ring stores it: a tag and, for text and JSON, the text. */
export interface Encoded {
  tag: number;
  text: string;
  number: number;
}

export const padded = (bytes: number): number => (bytes + 3) & ~3;

/**
 * The item's tag and payload, written into `into` (reused: no object per put); null for an item the ring
 * does not store (`json` false: anything but None, bools, finite numbers and text).
 */
export function encodeItem(item: StructuredValue, json: boolean, into: Encoded): Encoded | null {
  if (item === null) into.tag = TAG_NULL;
  else if (item === true) into.tag = TAG_TRUE;
  else if (item === false) into.tag = TAG_FALSE;
  else if (typeof item === 'number') {
    // NaN and the infinities are no item (the contract refuses them): the broker says so.
    if (!Number.isFinite(item)) return null;
    into.tag = TAG_NUMBER;
    into.number = item;
  } else if (typeof item === 'string') {
    into.tag = TAG_TEXT;
    into.text = item;
  } else if (json && typeof item === 'object') {
    into.tag = TAG_JSON;
    into.text = JSON.stringify(item);
  } else {
    return null;
  }
  return into;
}

/** `units` UTF-16 code units from `data` at byte `at`, wrapping round its end (lone surrogates kept). */
export function readUnits(data: Uint8Array, at: number, units: number): string {
  const size = data.length;
  let text = '';
  const chunk: number[] = [];
  for (let index = 0; index < units; index++) {
    chunk.push(data[at]! | (data[at + 1 === size ? 0 : at + 1]! << 8));
    at = (at + 2) % size;
    if (chunk.length === 4096) {
      text += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  return chunk.length > 0 ? text + String.fromCharCode(...chunk) : text;
}
