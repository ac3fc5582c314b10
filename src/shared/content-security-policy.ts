/**
 * The renderer's Content Security Policy, the same in both shells: a "strict CSP" (hash + 'strict-dynamic').
 * The page has exactly one script of its own, an inline bootstrap that adds the bundle's script element. The
 * policy allows the bootstrap by its hash and, through 'strict-dynamic', the scripts that trusted code adds
 * and imports, and nothing else: no other inline code, no eval, no script that a parser meets in markup, not
 * even one from the lab's own origin (which 'self' would allow). Styles only from the app itself, no
 * plugins, no framing. `connect-src 'self'` covers the browser-mode WebSocket.
 *
 * The bundle is built under a fixed name so that the bootstrap, and with it the policy, is the same in every
 * build: the policy stays one constant, which the server sends and the Electron window's literal repeats.
 */

/** Where the build puts the renderer's entry module, next to the page (electron.vite.config.ts). */
export const RENDERER_ENTRY = 'assets/lab.js';

/**
 * The page's one inline script, exactly as the build writes it inside `<script type="module">`. It adds an
 * element rather than importing the bundle: 'strict-dynamic' trusts a script that trusted code inserts, but
 * an import from an inline script in the markup counts as parser-inserted, and Chromium blocks it. As a
 * module it runs once the page is parsed, so the bundle finds its root element, as it did before.
 */
export const RENDERER_BOOTSTRAP = `const lab = document.createElement('script'); lab.type = 'module'; lab.src = './${RENDERER_ENTRY}'; document.head.append(lab);`;

/**
 * base64 of the SHA-256 of RENDERER_BOOTSTRAP, written out because src/shared has no crypto; the build
 * refuses to write a page whose bootstrap has another hash, and test/unit/shared keeps the two together.
 */
export const RENDERER_BOOTSTRAP_SHA256 = 'wUORMbXro+HbC1U71CYmILHDcB5BY7e2dsNrfG2U2K0=';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'sha256-${RENDERER_BOOTSTRAP_SHA256}' 'strict-dynamic'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  // 'strict-dynamic' trusts what the bootstrap imports by its URL: no <base> may move where that points.
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** What a meta tag cannot say (browsers ignore frame-ancestors there): sent as a header by both shells. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
