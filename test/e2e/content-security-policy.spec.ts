import { expect, test } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { recordCspViolations } from './csp-violations';

/**
 * What the strict policy is for: markup that got into the page (an injection) runs no script, neither inline
 * nor from the lab's own origin, while the page's own bootstrap and everything it loads still run.
 */
test('the page runs its own code only: injected scripts are refused and reported, the lab still works', async ({ page }) => {
  const server = await ServerProcess.start();
  try {
    const cspViolations = await recordCspViolations(page);
    // The page as the server sends it (its header and its meta tag untouched), with two scripts an attacker
    // might get into its markup: an inline one, and a tag for the lab's own bundle ('self' would allow that).
    await page.route(
      (url) => url.pathname === '/',
      async (route) => {
        const response = await route.fetch();
        const injected = '<script>window.injected = "inline";</script><script type="module" src="./assets/lab.js?injected"></script>';
        await route.fulfill({ response, body: (await response.text()).replace('<div id="root"></div>', `<div id="root"></div>${injected}`) });
      },
    );
    await page.goto(server.url);

    await expect(page.getByRole('button', { name: 'Start workers' })).toBeVisible();
    expect(await page.evaluate(() => (globalThis as { injected?: string }).injected)).toBeUndefined();
    // The stylesheet came through its own directive (style-src 'self'), untouched by script-src's hash.
    expect(await page.evaluate(() => Array.from(document.styleSheets).some((sheet) => sheet.href?.includes('/assets/') === true && sheet.cssRules.length > 0))).toBe(true);
    // Each refusal is reported once by the meta tag's policy and once by the header's.
    await expect.poll(async () => [...new Set((await cspViolations()).filter((line) => !line.startsWith('console:')).map((line) => line.replace(/ at .*/, '')))].sort()).toEqual([
      `script-src-elem refused ${new URL('/assets/lab.js?injected', server.url).href}`,
      'script-src-elem refused inline',
    ]);
    expect(await server.execute({ type: 'terminateAll' })).toMatchObject({ ok: true });
  } finally {
    await server.stop();
  }
});
