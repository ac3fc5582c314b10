import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { extractAll, listPackage } from '@electron/asar';
import { PROJECT } from './builder-config';

/**
 * The app packed by electron-builder itself, from electron-builder.yml, with its `dir` target (the unpacked app an
 * installer would hold: linux-unpacked/), on a machine that cannot download Electron: `electronDist` points at a
 * stand-in, a folder with a script named `electron` that says what it is. electron-builder copies it as it would
 * copy Electron, renames it to the app's executable, writes app.asar from `files` and the production
 * dependencies, and copies `extraResources`: everything of the package but Electron itself is real.
 */
export interface PackagedApp {
  /** linux-unpacked/: what the AppImage and the deb are made of. */
  readonly appDir: string;
  /** linux-unpacked/resources/: Electron's process.resourcesPath in the packaged app. */
  readonly resources: string;
  /** Every path in app.asar, as `/out/node/main.js`. */
  readonly asarEntries: readonly string[];
  /** What electron-builder printed. */
  readonly log: string;
}

const BUILDER = join(PROJECT, 'node_modules', 'electron-builder', 'cli.js');
const PACK_TIMEOUT_MS = 180_000;

export async function packApp(scratch: string): Promise<PackagedApp> {
  const standIn = join(scratch, 'stand-in-electron');
  mkdirSync(standIn, { recursive: true });
  writeFileSync(join(standIn, 'electron'), '#!/bin/sh\necho "a stand-in for Electron, for packaging tests: not Electron" >&2\nexit 1\n');
  chmodSync(join(standIn, 'electron'), 0o755);
  const version = (JSON.parse(readFileSync(join(PROJECT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(join(standIn, 'version'), version);
  const output = join(scratch, 'dist');
  // electron-builder keeps quiet under vitest (builder-util's log reads VITEST); its log is part of what is checked.
  const { VITEST: _vitest, ...environment } = process.env;
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [BUILDER, '--linux', 'dir', '--projectDir', PROJECT, `-c.electronDist=${standIn}`, `-c.directories.output=${output}`, '--publish', 'never'],
    { cwd: PROJECT, timeout: PACK_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...environment, CI: '1' } },
  );
  const appDir = join(output, 'linux-unpacked');
  const resources = join(appDir, 'resources');
  return { appDir, resources, asarEntries: listPackage(join(resources, 'app.asar'), { isPack: false }), log: `${stdout}${stderr}` };
}

/**
 * The asar opened into `resources/app`, the unpacked form Electron also loads an app from: plain Node cannot
 * read an asar (Electron patches `fs` for it), and the test runs the app's code under plain Node.
 */
export function unpackAsar(app: PackagedApp): string {
  const unpacked = join(app.resources, 'app');
  extractAll(join(app.resources, 'app.asar'), unpacked);
  rmSync(join(app.resources, 'app.asar'));
  return unpacked;
}
