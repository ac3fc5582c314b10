import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, RENDERER_ENTRY } from '../../../src/shared/content-security-policy';

/**
 * The page as the build wrote it (out/renderer, which the Electron window loads from disk and browser mode
 * serves): its policy must let its own script run, and nothing but it.
 */
const renderer = join(__dirname, '..', '..', '..', 'out', 'renderer');
const html = readFileSync(join(renderer, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((match) => ({ attributes: match[1]!, text: match[2]!, at: match.index }));
const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)" \/>/.exec(html);
const scriptSrc = meta?.[1]?.split('; ').find((directive) => directive.startsWith('script-src '));

describe('the built page', () => {
  it('carries the shared policy in a meta tag, before any script (a meta policy covers only what follows it)', () => {
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script.at).toBeGreaterThan(meta!.index);
  });

  it('has one script, inline, whose hash is the one its policy names', () => {
    expect(scripts).toHaveLength(1);
    const [bootstrap] = scripts;
    expect(bootstrap!.attributes).toBe(' type="module"');
    const hash = createHash('sha256').update(bootstrap!.text).digest('base64');
    expect(scriptSrc).toBe(`script-src 'sha256-${hash}' 'strict-dynamic'`);
  });

  it('loads a bundle and a stylesheet that the build wrote', () => {
    expect(scripts[0]!.text).toContain(`'./${RENDERER_ENTRY}'`);
    expect(existsSync(join(renderer, RENDERER_ENTRY))).toBe(true);
    const stylesheets = [...html.matchAll(/<link rel="stylesheet"[^>]* href="\.\/([^"]+)">/g)].map((match) => match[1]!);
    expect(stylesheets).toHaveLength(1);
    expect(stylesheets[0]).toMatch(/^assets\/[\w-]+\.css$/);
    expect(existsSync(join(renderer, stylesheets[0]!))).toBe(true);
  });
});
