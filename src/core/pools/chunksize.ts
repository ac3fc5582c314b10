import { ValueError } from './python-errors';

/**
 * Pool.map's default chunksize (Pool._map_async): divmod(len, workers * 4), one more when it does not
 * divide; 0 for no items (then map is ready at once, with no task).
 */
export function defaultChunksize(items: number, workers: number): number {
  if (items === 0) return 0;
  const quotient = Math.floor(items / (workers * 4));
  return items % (workers * 4) === 0 ? quotient : quotient + 1;
}

/**
 * A chunksize the caller gave, checked. imap raises "Chunksize must be 1+, not 0"; map with 0 would quietly
 * give a list of None in Python (no task is made), which no one means: here map refuses it the same way.
 */
export function checkChunksize(chunksize: number): number {
  if (!Number.isInteger(chunksize) || chunksize < 1) throw new ValueError(`Chunksize must be 1+, not ${chunksize}`);
  return chunksize;
}

/** Pool._get_tasks: the items in runs of `size`, the last one shorter. */
export function* chunks<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
