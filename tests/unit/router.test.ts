import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePathPattern, createRouter } from '../../src/server/http/router.ts';

// The shapes of the project's own config.path / config.method declarations.
const router = createRouter([
  { name: 'pledges-create', path: '/api/pledges', method: 'POST', target: 'create' },
  { name: 'pledge-status', path: '/api/pledges/:pledgeId', method: 'GET', target: 'status' },
  { name: 'pledge-demo-confirm', path: '/api/pledges/:pledgeId/demo-confirm', method: 'POST', target: 'confirm' },
  {
    name: 'registration',
    path: ['/api/registrations/:token', '/api/registrations/:token/cancel'],
    method: ['GET', 'POST'],
    target: 'registration',
  },
  { name: 'everything', path: '/files/*', target: 'files' },
  { name: 'progress-get', path: '/api/campaigns/:slug/progress', method: 'GET', target: 'progress' },
  { name: 'progress-delete', path: '/api/campaigns/:slug/progress', method: ['delete'], target: 'progress-delete' },
]);

describe('createRouter', () => {
  it.each([
    { method: 'POST', path: '/api/pledges', target: 'create', params: {} },
    { method: 'post', path: '/api/pledges', target: 'create', params: {} },
    { method: 'GET', path: '/api/pledges/abc-123', target: 'status', params: { pledgeId: 'abc-123' } },
    { method: 'HEAD', path: '/api/pledges/abc-123', target: 'status', params: { pledgeId: 'abc-123' } },
    { method: 'POST', path: '/api/pledges/p1/demo-confirm', target: 'confirm', params: { pledgeId: 'p1' } },
    { method: 'GET', path: '/api/registrations/tok', target: 'registration', params: { token: 'tok' } },
    { method: 'POST', path: '/api/registrations/tok/cancel', target: 'registration', params: { token: 'tok' } },
    { method: 'PUT', path: '/files/a/b.txt', target: 'files', params: { '0': 'a/b.txt' } },
    { method: 'GET', path: '/api/campaigns/caf%C3%A9/progress', target: 'progress', params: { slug: 'café' } },
    { method: 'DELETE', path: '/api/campaigns/x/progress', target: 'progress-delete', params: { slug: 'x' } },
  ])('$method $path -> $target', ({ method, path, target, params }) => {
    expect(router.match(method, path)).toMatchObject({ kind: 'found', target, params });
  });

  it.each([
    { method: 'GET', path: '/api/pledges', allow: ['POST'] },
    { method: 'TRACE', path: '/api/pledges/abc', allow: ['GET', 'HEAD'] },
    { method: 'PUT', path: '/api/registrations/tok/cancel', allow: ['GET', 'HEAD', 'POST'] },
    // Two functions on one path: the methods of both are allowed.
    { method: 'PATCH', path: '/api/campaigns/x/progress', allow: ['DELETE', 'GET', 'HEAD'] },
  ])('$method $path -> 405, Allow $allow', ({ method, path, allow }) => {
    expect(router.match(method, path)).toEqual({ kind: 'method_not_allowed', allow, pattern: expect.any(String) });
  });

  it.each(['/api/pledge', '/api/pledges/', '/api/pledges/a/b', '/api/unknown', '/', '/files', '/API/pledges'])(
    '%s matches no function',
    (path) => {
      expect(router.match('POST', path)).toEqual({ kind: 'none' });
    },
  );

  it('reports a broken percent-escape in a parameter instead of throwing', () => {
    expect(router.match('GET', '/api/pledges/%ZZ')).toEqual({ kind: 'malformed', pattern: '/api/pledges/:pledgeId' });
  });

  it('gives the pattern, never the raw path, for logs', () => {
    expect(router.match('GET', '/api/pledges/secret-token')).toMatchObject({ pattern: '/api/pledges/:pledgeId', name: 'pledge-status' });
  });

  it('refuses a path that does not start with a slash', () => {
    expect(() => createRouter([{ name: 'bad', path: 'api/x', target: 1 }])).toThrow(/must start with/);
  });
});

describe('compilePathPattern: the fast path agrees with URLPattern', () => {
  // Every shape the project's functions declare (functions/*.ts), and a few more of the same syntax.
  const patterns = [
    '/api/pledges',
    '/api/campaigns/:slug/progress',
    '/api/admin/pledges/:pledgeId/receipt.pdf',
    '/api/admin/campaigns/:slug/donations.csv',
    '/og/campagne/:slug.png',
    '/en/og/campagne/:slug.png',
    '/gestione',
    '/gestione/*',
    '/open-data/campaigns.csv',
    '/files/*/raw/*',
    '/a/:first/:second',
    '/a/:x-:y',
    '/v1.2/:$id_9/~tilde',
    '/files*',
  ];
  const segment = fc.oneof(
    fc.constantFrom('api', 'campaigns', 'progress', 'og', 'campagne', 'gestione', 'files', 'raw', 'a', 'pledges', 'admin', 'en'),
    fc.constantFrom('x.png', 'a.b.png', '.png', 'receipt.pdf', 'donations.csv', 'caf%C3%A9', 'x-y', '-', 'v1.2', '~tilde', '$id_9'),
    fc.stringMatching(/^[a-z0-9.%-]{0,6}$/),
  );
  // Pathnames as the server passes them: canonical, as WHATWG URL parses them.
  const pathname = fc
    .tuple(fc.array(segment, { maxLength: 6 }), fc.boolean())
    .map(([parts, slash]) => new URL(`http://localhost/${parts.join('/')}${slash ? '/' : ''}`).pathname);

  it.each(patterns)('%s matches what URLPattern matches, with the same parameters (fast-check)', (pattern) => {
    const compiled = compilePathPattern(pattern);
    expect(compiled).not.toBeNull();
    const urlPattern = new URLPattern({ pathname: pattern });
    // Paths built from the pattern itself, parameters filled in, so that matches are common, not only misses.
    const filled = fc.array(fc.oneof(segment, fc.constant('a/b')), { minLength: 4, maxLength: 4 }).map((values) => {
      let i = 0;
      return new URL(`http://localhost${pattern.replace(/:[A-Za-z_$][A-Za-z0-9_$]*|\*/g, () => values[i++ % values.length] || 'v')}`)
        .pathname;
    });
    fc.assert(
      fc.property(fc.oneof(pathname, filled), (path) => {
        const expected = urlPattern.exec({ pathname: path })?.pathname.groups ?? null;
        expect(compiled!(path)).toEqual(expected === null ? null : { ...expected });
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    '/items/:id(\\d+)',
    '/items/:id?',
    '/items/:id*',
    '/items/:id+',
    '/items/{:id}?',
    '/items/*?',
    '/caf\u00e9/:id',
    '/items/:idé',
    '/a/../b',
    '/a/./:b',
  ])('%s is left to URLPattern', (pattern) => {
    expect(compilePathPattern(pattern)).toBeNull();
  });

  it('a route of syntax outside the fast path still matches as URLPattern does', () => {
    const router = createRouter([
      { name: 'digits', path: '/items/:id(\\d+)', method: 'GET', target: 'digits' },
      { name: 'optional', path: '/pages/:page?', method: 'GET', target: 'optional' },
    ]);
    expect(router.match('GET', '/items/42')).toMatchObject({ kind: 'found', target: 'digits', params: { id: '42' } });
    expect(router.match('GET', '/items/abc')).toEqual({ kind: 'none' });
    expect(router.match('GET', '/pages')).toMatchObject({ kind: 'found', target: 'optional', params: {} });
    expect(router.match('GET', '/pages/2')).toMatchObject({ kind: 'found', target: 'optional', params: { page: '2' } });
  });
});
