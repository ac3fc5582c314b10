import { app, BrowserWindow, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { preloadUrlGlobs, rendererUrl, isOwnRenderer } from './renderer-url';

const PRELOAD_ID = 'concurrency-lab';

export function createMainWindow(): BrowserWindow {
  const page = rendererUrl(app.isPackaged);
  denyPermissions();
  enforceContentSecurityPolicy();
  exposeLabToOwnPage(page);
  const window = new BrowserWindow({
    width: 1280,
    height: 720,
    minWidth: 960,
    minHeight: 600,
    title: 'Concurrency Lab',
    backgroundColor: '#0f1419',
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  lockDown(window.webContents, page);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(page);
  return window;
}

/** No navigation, no new windows, no webviews: the window only ever shows the lab. */
function lockDown(contents: WebContents, page: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnRenderer(url, page)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The lab needs no camera, microphone, notifications or anything else a page may ask for. */
function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/**
 * The preload (the one narrow `window.lab` API) is registered on the session with a URL filter, not in the
 * window's webPreferences: a webPreferences preload runs in whatever document the window shows, this one
 * only in our own page. Navigation away is blocked as well (lockDown), and the bridge checks the sender.
 */
function exposeLabToOwnPage(page: string): void {
  const lab = session.defaultSession;
  if (lab.getPreloadScripts().some((script) => script.id === PRELOAD_ID)) return;
  lab.registerPreloadScript({ id: PRELOAD_ID, type: 'frame', filePath: join(__dirname, '..', 'preload', 'index.cjs'), includeGlobs: preloadUrlGlobs(page) });
}

/**
 * The policy as a header on every response the window's session receives, as browser mode sends it. The
 * built page carries the same policy in a meta tag (a file:// response has no headers to carry it, and
 * Electron may not call this for file:// at all); the header adds frame-ancestors, which a meta tag cannot
 * say. Pages from the dev server (`electron-vite dev`) get it too, and vite's dev client does not run under it
 * (an inline preamble, injected styles), as it did not under the earlier `script-src 'self'` policy either.
 * The policy names the page's bootstrap by its hash, which never changes between builds (the bundle's
 * name is fixed), so it is one constant. It is written out as a literal so that Electronegativity can read
 * and check it; test/unit/shared/content-security-policy.test.ts keeps it equal to CONTENT_SECURITY_POLICY_HEADER.
 */
export function enforceContentSecurityPolicy(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': ["default-src 'self'; script-src 'sha256-wUORMbXro+HbC1U71CYmILHDcB5BY7e2dsNrfG2U2K0=' 'strict-dynamic'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"],
      },
    });
  });
}
