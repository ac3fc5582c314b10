import { AsyncResult, type ResultCallbacks, type ResultContext, type Settled } from './async-result';
import { RuntimeError, type PythonError } from './python-errors';

/** A chunk's value: the list of its calls' values (mapstar); anything else is the runner's mistake, told. */
export function chunkValues(value: unknown, calls: number, chunk: number): Settled<readonly unknown[]> {
  if (Array.isArray(value) && value.length === calls) return { success: true, value };
  return { success: false, error: new RuntimeError(`chunk ${chunk} of a map came back without its ${calls} values`) };
}

/**
 * Python's MapResult: the values of a map in item order, filled chunk by chunk as chunks end in any order.
 * The first exception wins, but the result is ready only once every chunk has ended, and its callback
 * (or error callback) runs once, then.
 */
export class MapResult extends AsyncResult<unknown[]> {
  private left: number;
  private readonly values: unknown[];
  private firstError: PythonError | null = null;

  constructor(
    context: ResultContext,
    callbacks: ResultCallbacks<unknown[]>,
    /** Per pool from 1, as explain mode shows map M's chunks. */
    readonly mapId: number,
    private readonly chunksize: number,
    readonly length: number,
  ) {
    super(context, callbacks, `<MapResult map ${mapId}>`);
    this.values = new Array<unknown>(length).fill(null);
    this.left = chunksize <= 0 ? 0 : Math.ceil(length / chunksize);
    // Python sets a map of no items ready at once, without calling its callback.
    if (this.left === 0) this.settleSilently({ success: true, value: this.values });
  }

  /** Chunks not ended yet. */
  get chunksLeft(): number {
    return this.left;
  }

  /** @internal MapResult._set: chunk `chunk` ended (in the result handler). */
  setChunk(chunk: number, end: Settled<unknown>, taskId: number): void | Promise<void> {
    this.left -= 1;
    if (this.firstError === null) {
      const start = chunk * this.chunksize;
      const values = end.success ? chunkValues(end.value, Math.min(this.chunksize, this.length - start), chunk) : end;
      if (values.success) {
        // A loop: a chunk is up to 100,000 values, and forEach's callback per value cost the host a tenth of a process map.
        const chunkValues = values.value;
        for (let index = 0; index < chunkValues.length; index += 1) this.values[start + index] = chunkValues[index];
      }
      else this.firstError = values.error;
    }
    if (this.left > 0) return undefined;
    return this.settle(this.firstError === null ? { success: true, value: this.values } : { success: false, error: this.firstError }, taskId);
  }
}
