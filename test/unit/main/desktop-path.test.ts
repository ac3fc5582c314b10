import { describe, expect, it } from 'vitest';
import { desktopPath } from '../../../src/main/desktop-path';

/** The PATH of an app opened from the Finder, and what a packaged lab adds to it so that it finds the user's Pythons. */
const LAUNCHD = '/usr/bin:/bin:/usr/sbin:/sbin';
const only = (...folders: string[]) => (folder: string) => folders.includes(folder);

describe('desktopPath', () => {
  it('adds Homebrew\'s and python.org\'s folders on macOS, where they exist, after what PATH has', () => {
    expect(desktopPath(LAUNCHD, 'darwin', only('/opt/homebrew/bin', '/Library/Frameworks/Python.framework/Versions/Current/bin'))).toBe(
      `${LAUNCHD}:/opt/homebrew/bin:/Library/Frameworks/Python.framework/Versions/Current/bin`,
    );
    expect(desktopPath(undefined, 'darwin', only('/usr/local/bin'))).toBe('/usr/local/bin');
  });

  it('keeps the user\'s own order when a folder is there already, and adds nothing that does not exist', () => {
    const terminal = '/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin';
    expect(desktopPath(terminal, 'darwin', only('/opt/homebrew/bin', '/usr/local/bin'))).toBe(terminal);
    expect(desktopPath(LAUNCHD, 'darwin', only())).toBe(LAUNCHD);
  });

  it('leaves Linux and Windows as they are: a desktop session\'s PATH is the user\'s', () => {
    expect(desktopPath(LAUNCHD, 'linux', only('/usr/local/bin'))).toBe(LAUNCHD);
    expect(desktopPath('C:\\Windows\\system32', 'win32', only('/usr/local/bin'))).toBe('C:\\Windows\\system32');
  });
});
