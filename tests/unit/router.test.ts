import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/server/http/router.ts';

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
