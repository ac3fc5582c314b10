import { posix } from 'node:path';

/** A request's target, split once: the path as sent, the path decoded and normalised, and the query. */
export interface RequestTarget {
  /** As it came, still percent-encoded (what a static-file library decodes itself). */
  readonly rawPath: string;
  /** Percent-decoded exactly once, then normalised ("/a/../index.html" is "/index.html"). */
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * Splits a request target such as "/%69ndex.html?token=x". Total: null, never an exception, for a target
 * that is not a path (absolute-form "http://...", "*"), is not valid percent-encoding ("/%", "/%E0%A4%A",
 * overlong UTF-8 "/%c0%ae") or decodes to a NUL. Decisions about a path are made on `path`, so "/%69ndex.html"
 * and "/index%2ehtml" are the page, as "/index.html" is.
 */
export function parseRequestTarget(target: string | undefined): RequestTarget | null {
  if (target === undefined || !target.startsWith('/')) return null;
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  // Backslashes are separators on Windows; treated as such everywhere, so no platform sees another path.
  const path = posix.normalize(decoded.replaceAll('\\', '/'));
  // URLSearchParams decodes leniently: a bad escape in the query stays as it is, it does not throw.
  return { rawPath, path, query: new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1)) };
}
