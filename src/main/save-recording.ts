import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { dialog, type BrowserWindow } from 'electron';
import { systemClock } from '../core/clock';
import type { Lab } from '../core/lab-api';
import { recordingFileName, recordingStream } from '../core/recorder/recording-writer';
import { describeFailure } from '../shared/describe-failure';
import { RECORDING_EXTENSION } from '../shared/recording-format';

export type SaveOutcome = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly cancelled: true } | { readonly ok: false; readonly error: string };

/**
 * "Save recording" in the desktop shell: the system's save dialog, then the recording streamed into the
 * chosen file (recording-writer.ts). Not run on our build machines (no Electron binary there): the writer
 * it calls is tested in plain Node, this file only asks where.
 */
export async function saveRecording(lab: Lab, window: BrowserWindow): Promise<SaveOutcome> {
  const savedAt = systemClock.now();
  const choice = await dialog.showSaveDialog(window, {
    title: 'Save recording',
    defaultPath: recordingFileName(savedAt),
    filters: [{ name: 'Concurrency Lab recording', extensions: [RECORDING_EXTENSION.slice(1)] }],
  });
  if (choice.canceled || choice.filePath === undefined) return { ok: false, cancelled: true };
  try {
    await pipeline(recordingStream(lab.recording().recorder, lab.state(), savedAt), createWriteStream(choice.filePath));
    return { ok: true, path: choice.filePath };
  } catch (error) {
    return { ok: false, error: `the recording could not be written: ${describeFailure(error)}` };
  }
}
