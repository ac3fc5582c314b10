import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { NOT_A_RECORDING, RecordingReader, type RecordingRead } from '../../shared/recording-reader';

/**
 * Reads a recording from a gzip stream with the shared reader's rules and bounds (recording-reader.ts):
 * gunzipped as it arrives, the first problem stops the read. A stream that is not gzip is not a
 * recording; one that breaks off mid-way is a recording cut short.
 */
export function readRecordingStream(input: Readable, keep = true): Promise<RecordingRead> {
  return new Promise((resolve) => {
    const reader = new RecordingReader(keep);
    const gunzip = createGunzip();
    let settled = false;
    const settle = (read: RecordingRead) => {
      if (settled) return;
      settled = true;
      input.destroy();
      gunzip.destroy();
      resolve(read);
    };
    let sawOutput = false;
    gunzip.setEncoding('utf8');
    gunzip.on('data', (text: string) => {
      sawOutput = true;
      const error = reader.push(text);
      if (error !== null) settle({ ok: false, error });
    });
    gunzip.on('end', () => settle(reader.end()));
    gunzip.on('error', () => settle({ ok: false, error: sawOutput ? reader.brokenOff() : NOT_A_RECORDING }));
    input.on('error', (error) => settle({ ok: false, error: `the recording could not be read: ${error.message}` }));
    input.pipe(gunzip);
  });
}

export function readRecordingFile(path: string, keep = true): Promise<RecordingRead> {
  return readRecordingStream(createReadStream(path), keep);
}
