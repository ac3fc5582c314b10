import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the window's page comes from, and how to recognise it, free of electron so it is tested in plain
 * Node: the dev server in `electron-vite dev` (which sets ELECTRON_RENDERER_URL), the built files otherwise.
 * A packaged app (`app.isPackaged`) always shows its own files: a variable set around it must not point its
 * window, and with it the lab's API, at another page. The file's URL is made by pathToFileURL, so that an
 * install path's spaces, `#` or `%` and Windows' backslashes and drive letter are written as a URL writes them.
 */
export function rendererUrl(packaged: boolean, environment: Readonly<Record<string, string | undefined>> = process.env): string {
  const dev = packaged ? undefined : environment.ELECTRON_RENDERER_URL;
  return dev ?? pathToFileURL(join(__dirname, '..', 'renderer', 'index.html')).href;
}

/** True if a frame showing this URL is our renderer (and not a page it was navigated to). */
export function isOwnRenderer(url: string | undefined, own: string): boolean {
  if (url === undefined) return false;
  try {
    const expected = new URL(own);
    const given = new URL(url);
    return given.protocol === expected.protocol && given.host === expected.host && given.pathname === expected.pathname;
  } catch {
    return false;
  }
}

/**
 * The documents the preload may run in: our page and nothing else (its URL as the browser writes it, and
 * with a fragment). A glob character in the install path could only widen the match to other files of ours.
 */
export function preloadUrlGlobs(own: string): string[] {
  const page = new URL(own);
  const base = `${page.protocol}//${page.host}${page.pathname}`;
  return [base, `${base}#*`];
}
