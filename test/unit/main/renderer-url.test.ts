import { describe, expect, it } from 'vitest';
import { isOwnRenderer, preloadUrlGlobs, rendererUrl } from '../../../src/main/renderer-url';

/** A glob as Electron documents its preload URL filter (`*` any run of characters, `?` zero or one). */
function globMatches(glob: string, url: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.?');
  return new RegExp(`^${pattern}$`).test(url);
}
const allowed = (url: string, own: string) => preloadUrlGlobs(own).some((glob) => globMatches(glob, url));

describe("the window's own page", () => {
  const built = 'file:///opt/Concurrency Lab/out/renderer/index.html';
  const dev = 'http://localhost:5173';

  it('gets the preload, as the browser writes its URL', () => {
    expect(allowed('file:///opt/Concurrency%20Lab/out/renderer/index.html', built)).toBe(true);
    expect(allowed('file:///opt/Concurrency%20Lab/out/renderer/index.html#/sync', built)).toBe(true);
    expect(allowed('http://localhost:5173/', dev)).toBe(true);
  });

  it('is the only page that does', () => {
    expect(allowed('file:///etc/passwd', built)).toBe(false);
    expect(allowed('file:///opt/Concurrency%20Lab/out/renderer/other.html', built)).toBe(false);
    expect(allowed('file:///opt/Concurrency%20Lab/out/renderer/index.html.evil', built)).toBe(false);
    expect(allowed('https://example.com/', built)).toBe(false);
    expect(allowed('http://localhost:5174/', dev)).toBe(false);
    expect(allowed('http://localhost:5173.evil.example/', dev)).toBe(false);
  });

  it('is recognised as the sender of commands, and nothing else is', () => {
    expect(isOwnRenderer('file:///opt/Concurrency%20Lab/out/renderer/index.html', built)).toBe(true);
    expect(isOwnRenderer('file:///opt/other/index.html', built)).toBe(false);
    expect(isOwnRenderer('http://localhost:5173/', dev)).toBe(true);
    expect(isOwnRenderer('not a url', dev)).toBe(false);
    expect(isOwnRenderer(undefined, dev)).toBe(false);
  });
});

describe('where the page comes from', () => {
  const devServer = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };

  it('is the dev server in electron-vite dev, the built page otherwise', () => {
    expect(rendererUrl(false, devServer)).toBe('http://localhost:5173');
    expect(rendererUrl(false, {})).toMatch(/^file:\/\/\/.*\/renderer\/index\.html$/);
  });

  it('is always the built page in a packaged app, whatever its environment says', () => {
    expect(rendererUrl(true, { ELECTRON_RENDERER_URL: 'https://attacker.example/' })).toBe(rendererUrl(false, {}));
  });

  it('is a URL the window, the preload filter and the sender check agree on', () => {
    const page = rendererUrl(true, {});
    expect(new URL(page).protocol).toBe('file:');
    expect(isOwnRenderer(page, page)).toBe(true);
    expect(allowed(page, page)).toBe(true);
  });
});

