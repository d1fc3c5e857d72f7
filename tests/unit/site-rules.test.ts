import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { compileSiteRules } from '../../src/server/http/site-rules.ts';

const project = compileSiteRules(parse(readFileSync(join(process.cwd(), 'netlify.toml'), 'utf8')));
const none = new URLSearchParams();

describe('headers of netlify.toml', () => {
  it.each([
    { path: '/', frameOptions: 'DENY', frameAncestors: false },
    { path: '/campagne/x/', frameOptions: 'DENY', frameAncestors: false },
    { path: '/embed/x/donate/', frameOptions: 'DENY', frameAncestors: true },
    { path: '/embed', frameOptions: 'DENY', frameAncestors: true },
    { path: '/EMBED/x/', frameOptions: 'DENY', frameAncestors: true },
    // Netlify's own `for` expression (`^/embed/?(.*)/?$`) covers this too; no page is named so.
    { path: '/embedded/', frameOptions: 'DENY', frameAncestors: true },
    { path: '/campagne/embed/', frameOptions: 'DENY', frameAncestors: false },
  ])('$path: X-Frame-Options $frameOptions, frame-ancestors * $frameAncestors', ({ path, frameOptions, frameAncestors }) => {
    const headers = project.headersFor(path);
    expect(headers['x-frame-options']).toBe(frameOptions);
    expect(headers['content-security-policy']!.endsWith('frame-ancestors *')).toBe(frameAncestors);
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives /admin/* its own policy, overriding the site-wide one', () => {
    expect(project.headersFor('/admin/')['content-security-policy']).toMatch(/'unsafe-eval'/);
    expect(project.headersFor('/admin/')['x-robots-tag']).toBe('noindex, nofollow');
    expect(project.headersFor('/')['content-security-policy']).not.toMatch(/'unsafe-eval'/);
  });
});

describe('redirects of netlify.toml', () => {
  it.each([
    { path: '/embed/orti/donate/', query: 'lang=en', to: '/embed/orti/donate/en/', status: 200 },
    { path: '/embed/orti/progress', query: 'lang=en&accent=aa3300', to: '/embed/orti/progress/en/', status: 200 },
    { path: '/admin/github-api/repos/o/r/contents/x', query: '', to: 'https://api.github.com/repos/o/r/contents/x', status: 200 },
    { path: '/en/missing/page/', query: '', to: '/en/404/', status: 404 },
  ])('$path?$query -> $status $to', ({ path, query, to, status }) => {
    expect(project.redirectFor(path, new URLSearchParams(query))).toMatchObject({ to, status });
  });

  it.each([
    { path: '/embed/orti/donate/', query: '' },
    { path: '/embed/orti/donate/', query: 'lang=it' },
    { path: '/embed/orti/', query: 'lang=en' },
    { path: '/campagne/orti/', query: '' },
    { path: '/english/', query: '' },
  ])('$path?$query matches no rule', ({ path, query }) => {
    expect(project.redirectFor(path, new URLSearchParams(query))).toBeNull();
  });

  it('marks proxies to other hosts as external and keeps force', () => {
    expect(project.redirectFor('/admin/github-api/user', none)).toEqual({
      to: 'https://api.github.com/user',
      status: 200,
      force: true,
      external: true,
    });
    expect(project.redirectFor('/en/nope', none)).toEqual({ to: '/en/404/', status: 404, force: false, external: false });
  });
});

describe('compileSiteRules', () => {
  const rules = compileSiteRules({
    headers: [
      { for: '/*', values: { 'X-A': '1', 'X-B': '1' } },
      { for: '/docs/:page/raw', values: { 'X-B': '2' } },
    ],
    redirects: [
      { from: '/old/:year/*', to: '/new/:year/:splat', status: 301 },
      { from: '/search', query: { q: ':q' }, to: '/find/:q', status: 302, force: true },
    ],
  });

  it('merges matching header rules, later ones winning', () => {
    expect(rules.headersFor('/docs/intro/raw')).toEqual({ 'x-a': '1', 'x-b': '2' });
    expect(rules.headersFor('/docs/intro/other')).toEqual({ 'x-a': '1', 'x-b': '1' });
  });

  it('fills placeholders, the splat and captured query values', () => {
    expect(rules.redirectFor('/old/2024/a/b', none)).toMatchObject({ to: '/new/2024/a/b', status: 301, force: false });
    expect(rules.redirectFor('/old/2024', none)).toMatchObject({ to: '/new/2024/' });
    expect(rules.redirectFor('/search', new URLSearchParams('q=orti'))).toMatchObject({ to: '/find/orti', status: 302, force: true });
    expect(rules.redirectFor('/search', none)).toBeNull();
  });

  it.each([
    { redirects: [{ from: '/a', to: '/b', conditions: { Language: ['it'] } }] },
    { redirects: [{ from: '/a', to: '/b', signed: 'SECRET' }] },
    { headers: [{ for: 'no-slash', values: {} }] },
    { redirects: [{ from: '/a/*/b', to: '/b' }] },
  ])('refuses a rule it would not apply faithfully: %j', (toml) => {
    expect(() => compileSiteRules(toml)).toThrow();
  });
});
