import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';

/**
 * Where Pythons are installed on macOS beyond the PATH an app opened from the Finder or the Dock gets from
 * launchd (/usr/bin:/bin:/usr/sbin:/sbin, where python3 is Apple's Command Line Tools' one, or a stub that
 * offers to install them): Homebrew on Apple silicon and on Intel, and python.org's installer. A terminal's
 * shell adds them from its profile; an installed app never reads that profile.
 */
const MAC_PYTHON_FOLDERS = ['/opt/homebrew/bin', '/usr/local/bin', '/Library/Frameworks/Python.framework/Versions/Current/bin'];

/**
 * The PATH the packaged app runs with, so that the Start dialog finds the same python3.X as a terminal and a
 * worker's `python3` is the one the teacher installed: on macOS, the usual install folders that exist, after
 * what PATH already has (the user's own order wins). Elsewhere a desktop session's PATH is the user's, as is.
 */
export function desktopPath(path: string | undefined, platform: NodeJS.Platform, exists: (folder: string) => boolean = existsSync): string | undefined {
  if (platform !== 'darwin') return path;
  const folders = (path ?? '').split(delimiter).filter((folder) => folder !== '');
  const missing = MAC_PYTHON_FOLDERS.filter((folder) => !folders.includes(folder) && exists(folder));
  return missing.length === 0 ? path : [...folders, ...missing].join(delimiter);
}
