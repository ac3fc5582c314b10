/**
 * The renderer's Content Security Policy, the same in both shells: scripts and styles only from the app
 * itself, no inline code, no plugins, no framing. `connect-src 'self'` covers the browser-mode WebSocket.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** What a meta tag cannot say (browsers ignore frame-ancestors there): sent as a header by both shells. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
