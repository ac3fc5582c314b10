import { readFile } from 'node:fs/promises';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import serveStatic from 'serve-static';
import { describeFailure } from '../shared/describe-failure';

/** Where the build puts the renderer's bundles (vite's assetsDir); the page itself lies one level up. */
export const ASSETS_PREFIX = '/assets/';

/**
 * The renderer's files, in two parts that cannot reach each other. The page (index.html) is served only by
 * `page`, which the server calls after checking the token. Everything else the page loads lives in
 * assets/, served by serve-static rooted there: it decodes the path itself, refuses "..", dotfiles and bad
 * escapes, answers ranges and conditional requests, lists no directory, and cannot reach the page above it.
 */
export interface StaticFiles {
  page(request: IncomingMessage, response: ServerResponse): void;
  asset(request: IncomingMessage, response: ServerResponse, rawPath: string): void;
}

export function createStaticFiles(rendererRoot: string): StaticFiles {
  const assets = serveStatic(join(rendererRoot, 'assets'), {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    fallthrough: false,
    // The bundles' names carry their content hash, so a cached one is never stale.
    maxAge: '1h',
  });
  return {
    page(request, response) {
      readFile(join(rendererRoot, 'index.html')).then(
        (html) => {
          response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': html.length, 'Cache-Control': 'no-store' });
          response.end(request.method === 'HEAD' ? undefined : html);
        },
        (error: unknown) => send(response, 500, `the page could not be read: ${describeFailure(error)}`),
      );
    },
    asset(request, response, rawPath) {
      // As a router mounts it: the library sees the path below /assets, still encoded, and decodes it once.
      request.url = rawPath.slice(ASSETS_PREFIX.length - 1);
      assets(request, response, (error?: { status?: number; statusCode?: number }) => {
        const status = error?.status ?? error?.statusCode ?? 404;
        send(response, status, (STATUS_CODES[status] ?? 'error').toLowerCase());
      });
    },
  };
}

/** A plain-text answer. The security headers are already on the response (the server sets them first). */
export function send(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) return void response.destroy();
  // The library may have described a file before it refused the request (a failed precondition).
  for (const header of ['Content-Length', 'Content-Range', 'ETag', 'Last-Modified']) response.removeHeader(header);
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${text}\n`);
}
