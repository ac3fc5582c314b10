import { BrowserWindow, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY_HEADER } from '../shared/content-security-policy';

/** Where the renderer comes from: the dev server in `electron-vite dev`, the built files otherwise. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return dev ?? `file://${join(__dirname, '..', 'renderer', 'index.html')}`;
}

/** True if a frame showing this URL is our renderer (and not a page it was navigated to). */
export function isOwnRenderer(url: string | undefined): boolean {
  if (url === undefined) return false;
  const own = new URL(rendererUrl());
  try {
    const given = new URL(url);
    return given.protocol === own.protocol && given.host === own.host && given.pathname === own.pathname;
  } catch {
    return false;
  }
}

export function createMainWindow(): BrowserWindow {
  denyPermissions();
  enforceContentSecurityPolicy();
  const window = new BrowserWindow({
    width: 1280,
    height: 720,
    minWidth: 960,
    minHeight: 600,
    title: 'Concurrency Lab',
    backgroundColor: '#0f1419',
    show: false,
    webPreferences: {
      preload: join(__dirname, '..', 'preload', 'index.cjs'),
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
  lockDown(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl());
  return window;
}

/** No navigation, no new windows, no webviews: the window only ever shows the lab. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnRenderer(url)) event.preventDefault();
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

/** The same policy as the page's meta tag, also as a header, for the dev server's pages. */
export function enforceContentSecurityPolicy(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER],
      },
    });
  });
}
