import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { extractAll, listPackage } from '@electron/asar';
import { PROJECT } from './builder-config';

/**
 * The app packed by electron-builder itself, from electron-builder.yml, with its `dir` target (the unpacked app an
 * installer would hold), on a machine that cannot download Electron: `electronDist` points at a stand-in, the
 * files of Electron's distribution that electron-builder reads, its binaries scripts that say what they are.
 * electron-builder copies it as it would copy Electron, renames it after the app, writes app.asar from `files`
 * and the production dependencies, and copies `extraResources`: everything of the package but Electron is real.
 * Linux and macOS only: for Windows it patches the asar's hash into electron.exe, which needs a real one.
 */
export interface PackagedApp {
  /** linux-unpacked/ (what the AppImage and the deb are made of), or mac/Concurrency Lab.app (what the dmg holds). */
  readonly appDir: string;
  /** Electron's process.resourcesPath in the packaged app: linux-unpacked/resources/, or Contents/Resources/. */
  readonly resources: string;
  /** Every path in app.asar, as `/out/node/main.js`. */
  readonly asarEntries: readonly string[];
  /** What electron-builder printed. */
  readonly log: string;
}

export type PackedPlatform = 'linux' | 'mac';

const BUILDER = join(PROJECT, 'node_modules', 'electron-builder', 'cli.js');
const PACK_TIMEOUT_MS = 180_000;
const STAND_IN = '#!/bin/sh\necho "a stand-in for Electron, for packaging tests: not Electron" >&2\nexit 1\n';

export async function packApp(scratch: string, platform: PackedPlatform = 'linux'): Promise<PackagedApp> {
  const standIn = join(scratch, `stand-in-electron-${platform}`);
  if (platform === 'linux') linuxStandIn(standIn);
  else macStandIn(standIn);
  const output = join(scratch, `dist-${platform}`);
  // electron-builder keeps quiet under vitest (builder-util's log reads VITEST); its log is part of what is checked.
  const { VITEST: _vitest, ...environment } = process.env;
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [BUILDER, `--${platform}`, 'dir', '--x64', '--projectDir', PROJECT, `-c.electronDist=${standIn}`, `-c.directories.output=${output}`, '--publish', 'never'],
    { cwd: PROJECT, timeout: PACK_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...environment, CI: '1' } },
  );
  const appDir = platform === 'linux' ? join(output, 'linux-unpacked') : join(output, 'mac', 'Concurrency Lab.app');
  const resources = platform === 'linux' ? join(appDir, 'resources') : join(appDir, 'Contents', 'Resources');
  return { appDir, resources, asarEntries: listPackage(join(resources, 'app.asar'), { isPack: false }), log: `${stdout}${stderr}` };
}

/** Electron's Linux zip, as far as electron-builder reads it: the binary and its version. */
function linuxStandIn(folder: string): void {
  mkdirSync(join(folder, 'resources'), { recursive: true });
  executable(join(folder, 'electron'));
  writeFileSync(join(folder, 'version'), electronVersion());
}

/**
 * Electron.app, as far as electron-builder reads it: its Info.plist and binary, and one helper app, which it
 * renames after the product. Code signing is skipped off macOS, and says so.
 */
function macStandIn(folder: string): void {
  const contents = join(folder, 'Electron.app', 'Contents');
  const helper = join(contents, 'Frameworks', 'Electron Helper.app', 'Contents');
  for (const [bundle, name] of [[contents, 'Electron'], [helper, 'Electron Helper']] as const) {
    mkdirSync(join(bundle, 'MacOS'), { recursive: true });
    mkdirSync(join(bundle, 'Resources'), { recursive: true });
    writeFileSync(join(bundle, 'Info.plist'), infoPlist(name));
    executable(join(bundle, 'MacOS', name));
  }
  writeFileSync(join(contents, 'Resources', 'electron.icns'), '');
}

function infoPlist(name: string): string {
  const id = `com.github.${name.replace(/ /g, '.')}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>CFBundleExecutable</key><string>${name}</string><key>CFBundleIdentifier</key><string>${id}</string><key>CFBundleName</key><string>${name}</string><key>CFBundlePackageType</key><string>APPL</string></dict></plist>
`;
}

function executable(file: string): void {
  writeFileSync(file, STAND_IN);
  chmodSync(file, 0o755);
}

function electronVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
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
