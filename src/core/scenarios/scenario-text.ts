import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { describeFailure } from '../../shared/describe-failure';
import { SCENARIO_LIMITS } from '../../shared/scenario';

/** The text of a scenario file, or why it cannot be had, in a sentence (without the file's name). */
export type ScenarioText = string | { readonly error: string };

// Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer (a file can be swapped
// for one between the folder's listing and its opening). Windows has no such flag, and no FIFOs to open.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A scenario file's text, at most SCENARIO_LIMITS.fileBytes: only a regular file is read (a FIFO, a device
 * such as /dev/zero or a directory is refused by what it is, after opening it, so a swap cannot slip past),
 * never more than the cap and one byte, and only UTF-8 text without NUL bytes (a binary file is said to be
 * one, with the line of its first bad byte, rather than parsed as garbage). Never throws, never waits for a
 * writer.
 */
export async function readScenarioText(path: string): Promise<ScenarioText> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    return { error: `could not be read: ${describeFailure(error)}` };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { error: `is not a regular file (${kindOf(stats)}), so it is not read: a scenario is a .yaml file` };
    const buffer = Buffer.alloc(SCENARIO_LIMITS.fileBytes + 1);
    let length = 0;
    // A regular file may still come in pieces (a network folder, a file being written): read to its end or the cap.
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > SCENARIO_LIMITS.fileBytes) return { error: `the file is larger than ${SCENARIO_LIMITS.fileBytes / 1024} KiB: a scenario is a page of text` };
    return decode(buffer.subarray(0, length));
  } catch (error) {
    return { error: `could not be read: ${describeFailure(error)}` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function decode(bytes: Buffer): ScenarioText {
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { error: `line ${lineAt(bytes, nul)}: a NUL byte: this is a binary file, not a scenario's text` };
  if (decodes(bytes)) return utf8.decode(bytes);
  // Byte 10 is never part of a longer UTF-8 character: decoding line by line finds the line of the first bad byte.
  let line = 1;
  for (let from = 0; from <= bytes.length; line++) {
    const end = bytes.indexOf(10, from);
    const to = end === -1 ? bytes.length : end;
    if (!decodes(bytes.subarray(from, to))) break;
    from = to + 1;
  }
  return { error: `line ${line}: not UTF-8 text: save the file as UTF-8` };
}

/** The 1-based line of a byte offset. */
function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let at = bytes.indexOf(10); at !== -1 && at < offset; at = bytes.indexOf(10, at + 1)) line++;
  return line;
}

function decodes(bytes: Buffer): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
