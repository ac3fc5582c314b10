// Finds the Electron binary WITHOUT require('electron'): requiring it from plain Node downloads the binary
// when it is missing, which hangs or fails offline.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './build-state.mjs';

const electronPackage = join(root, 'node_modules', 'electron');

/** The binary to run, from ELECTRON_EXEC_PATH or the electron package's download; null if there is none. */
export function findElectronBinary() {
  const fromEnv = process.env.ELECTRON_EXEC_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const pathFile = join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** The electron package's own installer (what `npx install-electron` runs). */
export const electronInstaller = join(electronPackage, 'install.js');
