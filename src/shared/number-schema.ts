import { z } from 'zod';

/**
 * Number fields whose every refusal names the field and says its range: "maxsize must be a whole number
 * from 0 to 1000000 (0 = unbounded)". zod 4 words a check that has no message of its own with the schema's
 * error, so a bare `.max(n)` under `z.number({ error: 'maxsize must be a number' })` told a person who typed
 * 10^12 that it was not a number.
 */
export function wholeNumberIn(what: string, min: number, max: number, note?: string) {
  const range = `${what} must be a whole number from ${min} to ${max}${note === undefined ? '' : ` (${note})`}`;
  return z.number({ error: `${what} must be a number` }).int(range).min(min, range).max(max, range);
}

/** A number that may have a fraction (seconds, a Value's value), with the same kind of message. */
export function numberIn(what: string, min: number, max: number, unit = '') {
  const range = `${what} must be from ${min} to ${max}${unit === '' ? '' : ` ${unit}`}`;
  return z.number({ error: `${what} must be a number${unit === '' ? '' : ` of ${unit}`}` }).min(min, range).max(max, range);
}
