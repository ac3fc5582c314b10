import { join } from 'node:path';

/**
 * Where the window's page comes from, and how to recognise it, free of electron so it is tested in plain
 * Node: the dev server in `electron-vite dev`, the built files otherwise.
 */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return dev ?? `file://${join(__dirname, '..', 'renderer', 'index.html')}`;
}

/** True if a frame showing this URL is our renderer (and not a page it was navigated to). */
export function isOwnRenderer(url: string | undefined, own: string = rendererUrl()): boolean {
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
export function preloadUrlGlobs(own: string = rendererUrl()): string[] {
  const page = new URL(own);
  const base = `${page.protocol}//${page.host}${page.pathname}`;
  return [base, `${base}#*`];
}
