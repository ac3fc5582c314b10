import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER,
  RENDERER_BOOTSTRAP,
  RENDERER_BOOTSTRAP_SHA256,
  RENDERER_ENTRY,
} from '../../../src/shared/content-security-policy';

const source = (path: string) => readFileSync(join(__dirname, '..', '..', '..', path), 'utf8');
const directive = (name: string) => CONTENT_SECURITY_POLICY.split('; ').find((each) => each.startsWith(`${name} `));

describe('content security policy', () => {
  it('is written into the page at build time, not kept there by hand', () => {
    const html = source('src/renderer/index.html');
    expect(html).toContain('<!-- content-security-policy -->');
    expect(html).not.toMatch(/http-equiv="Content-Security-Policy"/i);
  });

  it("is the same in the Electron window's header as in the shared constant", () => {
    // window.ts imports electron, so it is read as text: the literal is there for Electronegativity to check.
    const literal = /'Content-Security-Policy': \["([^"]+)"\]/.exec(source('src/main/window.ts'))?.[1];
    expect(literal).toBe(CONTENT_SECURITY_POLICY_HEADER);
  });

  it('runs the bootstrap by its hash, and through it the bundle, and no other script', () => {
    expect(createHash('sha256').update(RENDERER_BOOTSTRAP).digest('base64')).toBe(RENDERER_BOOTSTRAP_SHA256);
    expect(RENDERER_BOOTSTRAP).toContain(`'./${RENDERER_ENTRY}'`);
    // Neither 'self' nor a host: a page on the lab's own origin that could pass for a script is not trusted.
    expect(directive('script-src')).toBe(`script-src 'sha256-${RENDERER_BOOTSTRAP_SHA256}' 'strict-dynamic'`);
  });

  it('allows no inline or evaluated code and no plugins, and cannot be framed', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:/);
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('base-uri')).toBe("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY_HEADER).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  });
});
