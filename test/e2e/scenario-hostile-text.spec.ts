import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { recordCspViolations } from './csp-violations';
import { screenshot } from './lab-scenario';
import { region } from './sync-helpers';

/**
 * A scenario file written to attack the page: markup and script in its title, seed, summary, narration,
 * labels and verdict, a program that prints markup into the verdict's {value}, a bad file whose error quotes
 * a key made of markup, and texts at their longest with no place to break. Everything shows as text (nothing
 * is injected, nothing runs, the Content Security Policy refuses nothing because nothing tries), and nothing
 * runs past the window's width, in the Scenarios view or presenting at 1280x720.
 */

const SCRIPT = '<script>window.pwned = "title"</script><b>bold</b>';
const IMAGE = '<img src=x onerror="window.pwned = \'seed\'">';
const UNBROKEN = 'W'.repeat(1990);
const quoted = (text: string) => JSON.stringify(text);

const HOSTILE = `title: ${quoted(SCRIPT)}
seed: ${quoted(IMAGE)}
summary: ${quoted(UNBROKEN)}
narration:
  - text: ${quoted(`<iframe src="javascript:window.pwned='step'"></iframe> ${'long words '.repeat(150)}`)}
${Array.from({ length: 29 }, (_, at) => `  - text: ${quoted(`${at} ${UNBROKEN.slice(0, 400)}`)}`).join('\n')}
variants:
  - id: markup
    label: ${quoted('<u>label</u>'.padEnd(80, 'L'))}
    program: { kind: python, code: "print('value=<img src=x onerror=window.pwned=3>' + 'V' * 150)" }
    check:
      kind: printed
      pattern: 'value=(.*)$'
      verdict:
        pass: ${quoted(`{value} {value} <a href="javascript:alert(1)">x</a> ${'P'.repeat(150)}`)}
        fail: 'failed: {value}'
`;

/**
 * What runs past its box: the page scrolling sideways, an element past the window's right edge, or text
 * spilling out of (or clipped by) its element. A box that scrolls, or cuts its text with an ellipsis on
 * purpose, is not counted.
 */
async function overflowing(page: Page, within: Locator): Promise<string[]> {
  return within.evaluate((root) => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const element of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0) continue;
      const name = `${element.tagName.toLowerCase()}.${element.className}`;
      if (box.right > width + 1) out.push(`${name} ends past the window`);
      const style = getComputedStyle(element);
      const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
      if (!scrolls && style.textOverflow !== 'ellipsis' && element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) out.push(`${name}: its text runs past it`);
    }
    return [...new Set(out)].slice(0, 20);
  });
}

test('markup and script in a scenario show as text, run nothing, and the longest texts stay in the window', async ({ page }) => {
  const folder = mkdtempSync(join(tmpdir(), 'lab-hostile-page-'));
  writeFileSync(join(folder, 'hostile.yaml'), HOSTILE);
  writeFileSync(join(folder, 'broken.yaml'), `title: t\nseed: s\n'<img src=x onerror=window.pwned=4>': 1\n`);
  const server = await ServerProcess.start(['--scenarios', folder]);
  try {
    const violations = await recordCspViolations(page);
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Scenarios', exact: true }).click();
    const view = region(page, 'Scenarios');
    // The bad file's error quotes its key: as text.
    await expect(view.getByRole('region', { name: 'Scenario files with errors' })).toContainText('unknown key "<img src=x onerror=window.pwned=4>"');
    await view.locator('[data-scenario="hostile"]').click();
    const detail = view.getByRole('article', { name: SCRIPT });
    await expect(detail.getByRole('heading', { name: SCRIPT })).toBeVisible();
    await expect(detail).toContainText(IMAGE);
    await detail.getByRole('button', { name: /^Run: <u>label<\/u>/ }).click();
    await expect(detail).toContainText('<img src=x onerror=window.pwned=3>VVVV', { timeout: 30_000 });
    await expect(detail).toContainText('<a href="javascript:alert(1)">x</a>');
    expect(await overflowing(page, view)).toEqual([]);
    await screenshot(page, 'hostile-scenario');

    await view.getByRole('button', { name: 'Present this scenario' }).click();
    const presentation = region(page, 'Presentation');
    await expect(presentation).toBeVisible();
    await expect(presentation).toContainText(SCRIPT);
    expect(await overflowing(page, presentation)).toEqual([]);
    // The longest step and verdict leave the panels the scenario names a good part of the screen (a third at least), on it.
    const stage = await presentation.locator('.present-stage').boundingBox();
    const viewport = page.viewportSize()!;
    expect(stage!.height).toBeGreaterThanOrEqual(viewport.height / 3);
    expect(stage!.y + stage!.height).toBeLessThanOrEqual(viewport.height + 1);
    await screenshot(page, 'hostile-scenario-present');
    await page.keyboard.press('Escape');

    // Nothing of the markup became an element, and nothing of it ran.
    for (const tag of ['script', 'iframe', 'img', 'b', 'u', 'a[href^="javascript"]']) expect(await page.locator(`[aria-label="Scenarios"] ${tag}`).count(), tag).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(await violations()).toEqual([]);
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
