import type { Page } from '@playwright/test';

/**
 * Every refusal of the page's Content Security Policy, from the first script on: the browser fires a
 * `securitypolicyviolation` event for each (an init script listens before the page's own code runs) and
 * writes each to the console. Call before the page is opened; the returned function says what was refused.
 */
export async function recordCspViolations(page: Page): Promise<() => Promise<string[]>> {
  const logged: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) logged.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as { cspViolations?: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} refused ${event.blockedURI || '(none)'} at ${event.sourceFile || '?'}:${event.lineNumber}`);
    });
  });
  return async () => [...(await page.evaluate(() => (globalThis as { cspViolations?: string[] }).cspViolations ?? ['(the listener is missing)'])), ...logged];
}
