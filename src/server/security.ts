import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CONTENT_SECURITY_POLICY_HEADER } from '../shared/content-security-policy';

/**
 * Browser mode is a door to starting processes on this machine, so it is locked three ways: it binds
 * 127.0.0.1 by default, every WebSocket must present the token printed at start-up, and requests must come
 * from the lab's own origin and name the lab's own host (which defeats DNS rebinding).
 */


export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The token is in the page's URL; it must not leak to anyone in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function tokensMatch(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The host names (with port) under which the lab may be addressed. */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  const hosts = new Set([`${boundHost}:${port}`]);
  if (boundHost === '127.0.0.1' || boundHost === 'localhost' || boundHost === '::1') {
    hosts.add(`127.0.0.1:${port}`).add(`localhost:${port}`).add(`[::1]:${port}`);
  }
  return hosts;
}

export function hostAllowed(request: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  return request.headers.host !== undefined && hosts.has(request.headers.host.toLowerCase());
}

/** A WebSocket must come from a page the lab served: same host, plain http. */
export function originAllowed(request: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && hosts.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * A download (an export) is a plain GET, for which browsers send no Origin when it is same-origin: one that
 * says it comes from elsewhere is refused, by its Origin or by the Fetch Metadata a browser adds (a link on
 * another site, a script's fetch from another origin). The token, required too, is what no other page knows.
 */
export function downloadAllowed(request: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  if (request.headers.origin !== undefined && !originAllowed(request, hosts)) return false;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}
