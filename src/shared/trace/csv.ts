/**
 * CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF, and a field that holds a
 * comma, a double quote, CR or LF enclosed in double quotes, its own double quotes doubled.
 */

export type CsvValue = string | number | null;

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Seconds since the recording's first event, to the millisecond, and the wall-clock time in ISO 8601. */
export function csvTimes(t: number, origin: number): [number, string] {
  return [Math.round(t - origin) / 1000, new Date(t).toISOString()];
}

const CHUNK_CHARS = 64 * 1024;

/** A CSV table written in chunks of about 64 KiB: the header first, then rows; `end` hands out the rest. */
export interface ChunkedCsv {
  row(values: readonly CsvValue[]): void;
  /** Seconds since the table's first event and the wall-clock time (see csvTimes); the first call sets the origin. */
  times(t: number): [number, string];
  end(): void;
}

export function chunkedCsv(columns: readonly string[], onChunk: (text: string) => void): ChunkedCsv {
  let chunk = csvRecord(columns);
  let origin: number | null = null;
  const end = () => {
    if (chunk.length > 0) onChunk(chunk);
    chunk = '';
  };
  return {
    row(values) {
      chunk += csvRecord(values);
      if (chunk.length >= CHUNK_CHARS) end();
    },
    times(t) {
      origin ??= t;
      return csvTimes(t, origin);
    },
    end,
  };
}
