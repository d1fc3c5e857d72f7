// `npm start`: build the site, start PostgreSQL under .data/, migrate, serve like production.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startLocalPostgres } from './lib/postgres.ts';
import { serveSite } from './lib/serve.ts';
import { startMailbox, type Mailbox } from './lib/mailbox.ts';
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

let database: { url: string; stop(): Promise<void> } | null = null;
if (!config.databaseUrl) {
  database = await startLocalPostgres({ dir: join(root, '.data/postgres') });
  process.env['DATABASE_URL'] = database.url;
}
const pool = createPool(process.env['DATABASE_URL']!);
const applied = await migrate(pool);
await pool.end();

// Without SMTP_URL, a real SMTP server on this machine receives every message (see scripts/lib/mailbox.ts).
// Set before the server starts: the function workers read the environment when they start.
let mailbox: Mailbox | null = null;
if (!config.mail.smtpUrl) {
  mailbox = await startMailbox({ dir: join(root, '.data/mail'), log: (line) => console.log(line) });
  process.env['SMTP_URL'] = mailbox.smtpUrl;
}
process.env['SITE_URL'] ??= `http://localhost:${port}`;

const site = await serveSite({ root, port, host: process.env['HOST'] ?? 'localhost', ...(mailbox && { extraRoutes: mailbox.handle }) });
const mode =
  config.payments.mode === 'stripe'
    ? 'Stripe mode (real payments API with the keys in the environment)'
    : 'DEMO MODE: payments are simulated, no money moves (set STRIPE_* keys for Stripe mode)';
console.log(`
  Civic crowdfunding, Venezia: ${site.url}
  Payments:  ${mode}
  Database:  ${database ? 'embedded PostgreSQL in .data/postgres' : 'DATABASE_URL'}${applied.length ? ` (applied ${applied.join(', ')})` : ''}
  E-mail:    ${mailbox ? `local SMTP server ${mailbox.smtpUrl}: messages in .data/mail/, read them at ${site.url}/_mail/` : 'SMTP_URL'}
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

// The outbox sender, as Netlify runs it every minute, here every few seconds (one run at a time).
const { runMailJob } = await import('../src/server/mail/job.ts');
const MAIL_INTERVAL_MS = 3_000;
let sendingMail = false;
const mailTimer = setInterval(() => {
  if (sendingMail) return;
  sendingMail = true;
  runMailJob(app())
    .catch((error: unknown) => console.error('mail-send failed, will retry:', (error as Error).message))
    .finally(() => (sendingMail = false));
}, MAIL_INTERVAL_MS);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(closingTimer);
  clearInterval(mailTimer);
  console.log('Stopping…');
  await site.close().catch((error) => console.error(error));
  await app().db().end().catch((error) => console.error(error));
  await mailbox?.close().catch((error) => console.error(error));
  await database?.stop().catch((error) => console.error(error));
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
