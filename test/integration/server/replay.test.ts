import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordingFile } from '../../../src/core/recorder/recording-file';
import { SERVER_ENTRY, ServerProcess } from '../../support/server-process';
import { waitFor } from '../../support/wait';

/**
 * Save and replay through browser mode as a user does it: GET /recording on a live server downloads the
 * run; `serve --replay FILE` serves the UI and that file with no lab behind it.
 */
let dir: string;
let file: string;
let download: Response;
let bytes: Buffer;
/** The live server's children (its watchdog at least): the check below can see a child where there is one. */
let liveChildren: number[];

const recordingUrl = (server: ServerProcess, token = new URL(server.url).searchParams.get('token')) => `${new URL(server.url).origin}/recording?token=${token}`;

/** Every child process of `pid`, from each of its threads' children lists. */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
}

/** Runs the server's command line to its exit: what it printed and its exit code. */
function runToExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_ENTRY, '--no-open', '--port', '0', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-replay-'));
  file = join(dir, 'saved.clrec');
  const live = await ServerProcess.start();
  try {
    const [worker] = await live.start({ kind: 'thread', namePrefix: 'sleeper', task: { name: 'sleep', ms: 60_000 } });
    await live.ready(worker!);
    liveChildren = childrenOf(live.child.pid!);
    download = await fetch(recordingUrl(live));
    bytes = Buffer.from(await download.arrayBuffer());
    writeFileSync(file, bytes);
  } finally {
    await live.stop();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saving a recording from browser mode', () => {
  it('downloads the live run as concurrency-lab-<date>.clrec', async () => {
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="concurrency-lab-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.clrec"$/);
    const read = await readRecordingFile(file);
    if (!read.ok) throw new Error(read.error);
    const started = read.recording.events.find((event) => event.type === 'worker.starting');
    expect(started?.type === 'worker.starting' && started.worker.name).toBe('sleeper-1');
  });
});

describe('serve --replay FILE', () => {
  let replay: ServerProcess;
  beforeAll(async () => {
    replay = await ServerProcess.start(['--replay', file]);
  });
  afterAll(async () => replay?.stop());

  it('starts no process at all (no worker, no watchdog), and has no lab history', async () => {
    expect(replay.stdout).toContain('Concurrency Lab is replaying saved.clrec at');
    expect(replay.url).toMatch(/&replay=saved\.clrec$/);
    expect(liveChildren.length).toBeGreaterThan(0);
    expect(childrenOf(replay.child.pid!)).toEqual([]);
    // A history came, valid, and empty: the recording reaches the page by GET /recording, not as a lab's history.
    await waitFor('the replay server\'s history', () => replay.history !== null);
    expect(replay.history!.events).toEqual([]);
    expect(replay.events).toEqual([]);
  });

  it('answers every command with "this is a recording: nothing runs"', async () => {
    expect(await replay.execute({ type: 'start', spec: { kind: 'thread', count: 1, task: { name: 'sleep', ms: 1000 } } })).toEqual({ ok: false, error: 'this is a recording: nothing runs' });
    expect(await replay.execute({ type: 'terminateAll' })).toEqual({ ok: false, error: 'this is a recording: nothing runs' });
    expect(childrenOf(replay.child.pid!)).toEqual([]);
  });

  it('gives the page the file as it is, with the token only, and to no other site', async () => {
    const served = await fetch(recordingUrl(replay));
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(recordingUrl(replay, 'wrong'))).status).toBe(401);
    expect((await fetch(recordingUrl(replay), { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });
});

describe('serve --replay with a bad file', () => {
  it('prints the reader\'s sentence and exits with 1', async () => {
    const notOne = join(dir, 'notes.txt');
    writeFileSync(notOne, 'hello\n');
    expect(await runToExit(['--replay', notOne])).toEqual({ code: 1, stderr: 'concurrency-lab: notes.txt: not a Concurrency Lab recording\n' });
    const cut = join(dir, 'cut.clrec');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const result = await runToExit(['--replay', cut]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^concurrency-lab: cut\.clrec: the recording is cut short after [\d,]+ events \(line [\d,]+\)\n$/);
    expect((await runToExit(['--replay', join(dir, 'missing.clrec')])).stderr).toMatch(/^concurrency-lab: missing\.clrec: the recording could not be read: ENOENT/);
  });
});
