import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../../../src/shared/content-security-policy';

const source = (path: string) => readFileSync(join(__dirname, '..', '..', '..', path), 'utf8');

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

  it('allows no inline or evaluated code and no plugins', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY_HEADER).toContain("frame-ancestors 'none'");
  });
});
