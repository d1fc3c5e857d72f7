// `npm start`: build the site, start PostgreSQL under .data/, migrate, serve like production.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startLocalPostgres, type LocalPostgres } from './lib/postgres.ts';
import { serveSite } from './lib/serve.ts';
import { startMailbox, type Mailbox } from './lib/mailbox.ts';
import { createPool } from '../src/server/db/pool.ts';
import { migrate } from '../src/server/db/migrations.ts';
import { loadConfig } from '../src/server/config.ts';
import { parseTrustProxy } from '../src/server/http/client-address.ts';

const root = process.cwd();
const port = Number(process.env['PORT'] ?? 8888);
process.env['ASTRO_TELEMETRY_DISABLED'] = '1';

const config = loadConfig(process.env);
const trustProxy = parseTrustProxy(process.env['TRUST_PROXY']);
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
// Migrations run as the owner and may rebuild large tables: no statement limit for them.
const pool = createPool(database?.url ?? config.databaseOwnerUrl!, 1, { statementTimeoutMs: 0 });
const applied = await migrate(pool);
await pool.end();

// Without SMTP_URL, a real SMTP server on this machine receives every message (scripts/lib/mailbox.ts),
// read at /_mail/. Set before the server loads the functions, which read the environment once.
let mailbox: Mailbox | null = null;
if (!config.mail.smtpUrl) {
  mailbox = await startMailbox({ dir: join(root, '.data/mail'), log: (line) => console.log(line) });
  process.env['SMTP_URL'] = mailbox.smtpUrl;
}
process.env['SITE_URL'] ??= `http://localhost:${port}`;

// The same server as `npm run serve`; here it may also run a scheduled function on request
// (POST /.netlify/functions/<name>), as `netlify functions:invoke` does. Request and job lines only with
// LOG_REQUESTS=1, failed jobs always: a developer's terminal is for the banner and errors (mail-send runs every minute).
const site = await serveSite({
  root,
  port,
  host: process.env['HOST'] ?? 'localhost',
  trustProxy,
  schedule: true,
  invokeScheduled: true,
  ...(mailbox && { extraRoutes: mailbox.handle }),
  log: (line) => {
    if (('job' in line && line.outcome === 'failed') || process.env['LOG_REQUESTS'] === '1') console.log(JSON.stringify(line));
  },
});
const mode =
  config.payments.mode === 'stripe'
    ? 'Stripe mode (real payments API with the keys in the environment)'
    : 'DEMO MODE: payments are simulated, no money moves (set STRIPE_* keys for Stripe mode)';
const jobs = site.functions.filter((f) => f.schedule).map((f) => `${f.name} (${f.schedule})`);
console.log(`
  Civic crowdfunding, Venezia: ${site.url}
  Payments:  ${mode}
  Database:  ${database ? 'embedded PostgreSQL in .data/postgres' : 'DATABASE_URL'}${applied.length ? ` (applied ${applied.join(', ')})` : ''}
  E-mail:    ${mailbox ? `local SMTP server ${mailbox.smtpUrl}; messages kept in .data/mail/, read them at ${site.url}/_mail/` : 'SMTP_URL'}
  Jobs:      ${jobs.join(', ')}
  Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('Stopping…');
  await site.close().catch((error: unknown) => console.error(error));
  await mailbox?.close().catch((error: unknown) => console.error(error));
  await database?.stop().catch((error: unknown) => console.error(error));
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
