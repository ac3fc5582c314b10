import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecordingFile } from '../../../../src/core/recorder/recording-file';
import { reduceBatch } from '../../../../src/shared/reducer';

/**
 * A recording saved by main at 7f00f5a, before the start spec had a kind per runtime (a command line was
 * then kind "process", method "command"): a thread, a forked process that exits 3, and the command `true`.
 * Recordings keep descriptors, and descriptors kept their shape, so it opens and folds as it did.
 */
const FIXTURE = join(__dirname, '..', '..', '..', 'fixtures', 'recording-before-start-kinds.clrec');

describe('a recording made before the start spec became a union by kind', () => {
  it('opens, and folds to its three workers as they were', async () => {
    const read = await readRecordingFile(FIXTURE);
    if (!read.ok) throw new Error(read.error);
    const { keyframes, events } = read.recording;
    const state = reduceBatch(keyframes[0]!.state, events);
    const workers = state.workerOrder.map((id) => state.workers[id]!);
    expect(workers.map(({ name, kind, method, command, task, ipc }) => ({ name, kind, method, command, task, ipc }))).toEqual([
      { name: 'thread-1', kind: 'thread', method: 'thread', command: null, task: { name: 'sleep', ms: 10 }, ipc: true },
      { name: 'forked-1', kind: 'process', method: 'fork', command: null, task: { name: 'exit', code: 3 }, ipc: true },
      { name: 'cmd-1', kind: 'process', method: 'command', command: 'true', task: null, ipc: false },
    ]);
    expect(workers.map((worker) => worker.exit?.exitCode)).toEqual([0, 3, 0]);
  });
});
