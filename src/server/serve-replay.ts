import { basename } from 'node:path';
import { readRecordingFile } from '../core/recorder/recording-file';
import type { ServeOptions } from './args';
import { startLabServer } from './http-server';
import { openBrowser } from './open-browser';
import { fileRecording } from './recording-route';
import { replayEndpoint } from './replay-endpoint';

/** The query parameter that tells the page to open the server's recording (its value: the file's name). */
export const REPLAY_PARAMETER = 'replay';

/**
 * `serve --replay FILE`: the UI and the recording, no lab. The file is read and checked first (without
 * keeping it): a bad one is one sentence and exit code 1. Then the page gets the file over GET /recording and
 * reads it with the same rules; no worker, sampler or watchdog is started, and commands are refused.
 */
export async function serveReplay(options: ServeOptions & { readonly replay: string }, rendererRoot: string): Promise<void> {
  const name = basename(options.replay);
  const read = await readRecordingFile(options.replay, false);
  if (!read.ok) {
    console.error(`concurrency-lab: ${name}: ${read.error}`);
    process.exit(1);
  }
  let server;
  try {
    server = await startLabServer({ lab: replayEndpoint(), recording: fileRecording(options.replay), exports: null, rendererRoot, host: options.host, port: options.port });
  } catch (error) {
    console.error(`concurrency-lab: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
    process.exit(1);
  }
  const url = `${server.url}&${REPLAY_PARAMETER}=${encodeURIComponent(name)}`;
  console.log(`Concurrency Lab is replaying ${name} at ${url}  (nothing runs; Ctrl-C to stop)`);
  if (options.open) openBrowser(url);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
}
