/** The admin endpoints and the scheduled jobs as deployed: routed by @netlify/dev from functions/ like on Netlify. */
import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const site = inject('siteUrl');

// @netlify/dev bundles every function on the first request it serves: tens of seconds on a busy
// machine. Pay that once here, under the hook timeout, rather than inside a test's time limit.
beforeAll(async () => {
  await fetch(`${site}/api/admin/reconciliation`);
}, 170_000);

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
