/**
 * The end-to-end tests run against the site as `npm start` serves it: a fresh production build,
 * a migrated embedded PostgreSQL, and the local server (scripts/lib/serve.ts) serving dist/ and the functions.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startLocalPostgres } from '../../scripts/lib/postgres.ts';
import { serveSite } from '../../scripts/lib/serve.ts';
import { startMailbox } from '../../scripts/lib/mailbox.ts';
import { createPool } from '../../src/server/db/pool.ts';
import { migrate } from '../../src/server/db/migrations.ts';
import { E2E_NOW } from './e2e-clock.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    siteDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const root = process.cwd();
  // Demo mode, whatever the developer's shell holds: the tests own their payment mode.
  for (const name of [
    'STRIPE_SECRET_KEY',
    'STRIPE_PUBLISHABLE_KEY',
    'STRIPE_WEBHOOK_SECRET',
    'DATABASE_URL',
    'NETLIFY_DATABASE_URL',
    'SMTP_URL',
    'SITE_URL',
    'URL',
  ]) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the only way to unset a variable of process.env
    delete process.env[name];
  }
  // The suite runs at a fixed instant inside the example content's windows, on any date (e2e-clock.ts).
  process.env['CIVIC_TEST_NOW'] = E2E_NOW;
  if (!process.env['E2E_SKIP_BUILD']) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
    if (build.status !== 0) throw new Error('the site did not build');
  }
  const dir = await mkdtemp(join(tmpdir(), 'civic-e2e-pg-'));
  const postgres = await startLocalPostgres({ dir });
  const pool = createPool(postgres.url, 1);
  await migrate(pool);
  await pool.end();
  // The site connects as the application's role, as in production; the tests read as the owner.
  process.env['DATABASE_URL'] = postgres.appUrl;
  // As `npm start` without SMTP_URL: a real local SMTP server, its messages at /_mail/.
  const mailDir = await mkdtemp(join(tmpdir(), 'civic-e2e-mail-'));
  const mailbox = await startMailbox({ dir: mailDir });
  process.env['SMTP_URL'] = mailbox.smtpUrl;
  const port = await freePort();
  process.env['SITE_URL'] = `http://localhost:${port}`;
  // No timers: the tests run scheduled functions when they mean to (POST /.netlify/functions/<name>);
  // messages leave right after the fact that queues them (in process), or when a test runs mail-send.
  const site = await serveSite({ root, port, invokeScheduled: true, extraRoutes: mailbox.handle });
  project.provide('siteUrl', site.url);
  project.provide('siteDatabaseUrl', postgres.url);
  return async () => {
    await site.close();
    await mailbox.close();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(mailDir, { recursive: true, force: true });
  };
}
