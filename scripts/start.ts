// `npm start`: build the site, start PostgreSQL under .data/, migrate, serve like production.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startLocalPostgres, type LocalPostgres } from './lib/postgres.ts';
import { serveSite } from './lib/serve.ts';
import { createPool } from '../src/server/db/pool.ts';
import { migrate } from '../src/server/db/migrations.ts';
import { loadConfig } from '../src/server/config.ts';

const root = process.cwd();
const port = Number(process.env['PORT'] ?? 8888);
process.env['ASTRO_TELEMETRY_DISABLED'] = '1';

const config = loadConfig(process.env);
const started = Date.now();

console.log('Building the site…');
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit', env: process.env });
if (build.status !== 0) process.exit(build.status ?? 1);

let database: LocalPostgres | null = null;
if (!config.databaseUrl) {
  database = await startLocalPostgres({ dir: join(root, '.data/postgres') });
  // Migrations run as the owner; the site runs as civic_app, which may not rewrite the ledger.
  process.env['DATABASE_URL'] = database.appUrl;
}
const pool = createPool(database?.url ?? config.databaseOwnerUrl!);
const applied = await migrate(pool);
await pool.end();

const site = await serveSite({ root, port, host: process.env['HOST'] ?? 'localhost' });
const mode =
  config.payments.mode === 'stripe'
    ? 'Stripe mode (real payments API with the keys in the environment)'
    : 'DEMO MODE: payments are simulated, no money moves (set STRIPE_* keys for Stripe mode)';
console.log(`
  Civic crowdfunding, Venezia: ${site.url}
  Payments:  ${mode}
  Database:  ${database ? 'embedded PostgreSQL in .data/postgres' : 'DATABASE_URL'}${applied.length ? ` (applied ${applied.join(', ')})` : ''}
  Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops.
`);

// The close-campaigns job, as Netlify runs it every 15 minutes: once now, then on a timer. Imported
// after the build, which writes the catalog the server code reads.
const { app } = await import('../src/server/app.ts');
const { runClosingJob } = await import('../src/server/closing/job.ts');
const CLOSING_INTERVAL_MS = 15 * 60_000;
async function closeDueCampaigns() {
  try {
    const report = await runClosingJob(app());
    if (report.closed.length === 0) console.log(`close-campaigns: nothing to close at ${new Date().toISOString()}`);
  } catch (error) {
    console.error('close-campaigns failed, will retry in 15 minutes:', (error as Error).message);
  }
}
await closeDueCampaigns();
const closingTimer = setInterval(closeDueCampaigns, CLOSING_INTERVAL_MS);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(closingTimer);
  console.log('Stopping…');
  await site.close().catch((error) => console.error(error));
  await app().db().end().catch((error) => console.error(error));
  await database?.stop().catch((error) => console.error(error));
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
