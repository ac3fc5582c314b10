import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from '../../../src/server/request-target';

describe('request targets', () => {
  it.each([
    ['/', '/'],
    ['/index.html?token=abc', '/index.html'],
    ['/%69ndex.html', '/index.html'],
    ['/index%2ehtml', '/index.html'],
    ['/%2findex.html', '/index.html'],
    ['//index.html', '/index.html'],
    ['/a/b/../../index.html', '/index.html'],
    ['/../../etc/passwd', '/etc/passwd'],
    ['/\\index.html', '/index.html'],
    ['/a%20b', '/a b'],
    ['/%E4%B8%AD', '/中'],
  ])('%s is the path %s, decoded once and normalised', (target, path) => {
    expect(parseRequestTarget(target)?.path).toBe(path);
  });

  it('decodes once only: an escaped escape stays an escape', () => {
    expect(parseRequestTarget('/%2569ndex.html')?.path).toBe('/%69ndex.html');
  });

  it.each(['/%', '/%E0%A4%A', '/%c0%ae%c0%ae/etc/passwd', '/%ff', '/%00', '/a%00.js', '*', 'http://127.0.0.1/index.html', '', undefined])('%s is no path (null, not an exception)', (target) => {
    expect(parseRequestTarget(target)).toBeNull();
  });

  it('keeps the raw path and reads the query leniently', () => {
    const target = parseRequestTarget('/assets/%2e%2e/x.js?token=a%2Bb&bad=%&x');
    expect(target?.rawPath).toBe('/assets/%2e%2e/x.js');
    expect(target?.query.get('token')).toBe('a+b');
    expect(target?.query.get('bad')).toBe('%');
  });
});
