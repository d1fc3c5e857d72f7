/** The admin endpoints and the scheduled jobs as deployed: routed by the local server from functions/ like on Netlify. */
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

const site = inject('siteUrl');

describe('admin endpoints through the served site', () => {
  it.each(['/api/admin/reconciliation', '/api/admin/campaigns/esempio-orti-condivisi-marghera/donations.csv'])(
    '%s is routed and answers 503 admin_disabled when ADMIN_TOKEN is not set',
    async (path) => {
      const response = await fetch(`${site}${path}`, { headers: { authorization: 'Bearer whatever-token-0000' } });
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe('admin_disabled');
    },
  );
});

describe('unknown addresses and methods of the API', () => {
  it.each([
    { method: 'GET', path: '/api/nothing-here', status: 404, code: 'not_found' },
    { method: 'DELETE', path: '/api/pledges', status: 405, code: 'method_not_allowed', allow: 'POST' },
    { method: 'GET', path: '/api/pledges/%ZZ', status: 400, code: 'bad_request' },
    { method: 'GET', path: '/%ZZ', status: 400, code: 'bad_request' },
  ])('$method $path answers $status $code in JSON, with nosniff', async ({ method, path, status, code, allow }) => {
    const response = await fetch(`${site}${path}`, { method });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    if (allow) expect(response.headers.get('allow')).toBe(allow);
    expect((await response.json()).error.code).toBe(code);
  });

  it('every function answer carries X-Content-Type-Options: nosniff', async () => {
    const response = await fetch(`${site}/api/campaigns/esempio-orti-condivisi-marghera/progress`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('scheduled functions', () => {
  it('close-campaigns runs in the served site and closes nothing while every campaign is open', async () => {
    const response = await fetch(`${site}/.netlify/functions/close-campaigns`, { method: 'POST' });
    expect(response.status).toBeLessThan(300);
    const db = new pg.Client({ connectionString: inject('siteDatabaseUrl') });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaign_outcomes');
      expect(rows[0]!.n).toBe(0);
    } finally {
      await db.end();
    }
  });
});
