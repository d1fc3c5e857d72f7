import { describe, expect, it } from 'vitest';
import { parseImageRequest } from '../../src/server/http/image-request.ts';

const parse = (query: string) => parseImageRequest(new URLSearchParams(query));

describe('image URLs in Netlify Image CDN terms', () => {
  it.each([
    [
      'url=/_astro/cover.Ab3.jpg&w=480&fm=webp',
      { source: '/_astro/cover.Ab3.jpg', width: 480, height: null, fit: 'contain', format: 'webp', quality: 75 },
    ],
    [
      'url=%2F_astro%2Fcover.Ab3.jpg&w=1200&fm=webp',
      { source: '/_astro/cover.Ab3.jpg', width: 1200, height: null, fit: 'contain', format: 'webp', quality: 75 },
    ],
    [
      'url=/images/logo.png&h=160&fit=cover&fm=jpeg&q=60',
      { source: '/images/logo.png', width: null, height: 160, fit: 'cover', format: 'jpg', quality: 60 },
    ],
    ['url=/a.webp', { source: '/a.webp', width: null, height: null, fit: 'contain', format: null, quality: 75 }],
  ])('%s is read as asked', (query, request) => {
    expect(parse(query)).toEqual({ ok: true, request });
  });

  it.each([
    ['', /url/],
    ['url=https://evil.example/x.jpg', /url/],
    ['url=//evil.example/x.jpg', /url/],
    ['url=/_astro/../../etc/passwd.jpg', /url/],
    ['url=/_astro/./x.jpg', /url/],
    ['url=/favicon.svg', /url/],
    ['url=/x.jpg?y=1', /url/],
    ['url=/x.jpg&w=0', /w must be between/],
    ['url=/x.jpg&w=4001', /w must be between/],
    ['url=/x.jpg&w=12.5', /w must be a whole number/],
    ['url=/x.jpg&w=-3', /w must be a whole number/],
    ['url=/x.jpg&h=1e3', /h must be a whole number/],
    ['url=/x.jpg&q=101', /q must be between/],
    ['url=/x.jpg&fm=gif', /fm must be/],
    ['url=/x.jpg&fm=__proto__', /fm must be/],
    ['url=/x.jpg&fit=toString', /fit must be/],
    ['url=/x.jpg&w=10&w=20', /more than once/],
    ['url=/x.jpg&position=top', /unknown parameter "position"/],
  ])('%j is refused', (query, message) => {
    const parsed = parse(query);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
