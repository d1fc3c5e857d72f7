// The e-mail outbox on this machine: how fast the sender drains it into a local SMTP server (the
// `npm start` mailbox, which writes each message as an .eml file), and how long a registration takes
// from the request to the message being accepted by the SMTP server, through the route's send-after-commit.
// `node bench/mail.ts [messages] [registrations]` - prints the figures (loopback only, bounded counts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalPostgres } from '../scripts/lib/postgres.ts';
import { startMailbox } from '../scripts/lib/mailbox.ts';
import { createPool } from '../src/server/db/pool.ts';
import { migrate } from '../src/server/db/migrations.ts';
import { jsonRequest, NOW, testApp, testCall, testCatalog, testEvent } from '../tests/support/app.ts';

const MESSAGES = Math.min(Number(process.argv[2] ?? 2000), 20_000);
const REGISTRATIONS = Math.min(Number(process.argv[3] ?? 100), 1000);
const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'src/generated/catalog.json'))) spawnSync('node', ['scripts/build-catalog.ts'], { cwd: root, stdio: 'inherit' });
const { drainOutbox } = await import('../src/server/mail/sender.ts');
const { postRegistration } = await import('../src/server/http/routes.ts');
const { queueRegistrationCreated } = await import('../src/server/mail/queue.ts');

const dir = await mkdtemp(join(tmpdir(), 'civic-bench-mail-'));
// Its own folder: PostgreSQL may run as another user, who could not enter a folder nested in ours.
const pgDir = await mkdtemp(join(tmpdir(), 'civic-bench-mail-pg-'));
const postgres = await startLocalPostgres({ dir: pgDir });
const db = createPool(postgres.url, 10);
await migrate(db);
const mailbox = await startMailbox({ dir: join(dir, 'mail'), log: () => undefined });
// A second mailbox for the delays: it tells when each message has been written (its log line).
let accepted: (() => void) | null = null;
const timedMailbox = await startMailbox({ dir: join(dir, 'mail-timed'), log: () => accepted?.() });
const catalog = testCatalog(
  [testCall()],
  [],
  [testEvent('bench', { registration: { capacity: 100_000, opensAt: '2027-01-01T08:00:00.000Z', closesAt: '2027-02-09T11:00:00.000Z' } })],
);
const app = testApp({
  db,
  catalog,
  now: () => NOW,
  config: { mail: { smtpUrl: mailbox.smtpUrl, from: '"Bench" <bench@example.org>', siteUrl: 'https://crowdfunding.example.org' } },
});
const event = catalog.infodays['bench']!;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// 1. Drain rate: MESSAGES realistic messages (a confirmed registration, with its .ics) queued first, for each setting.
const rates: Array<{ senders: number; connections: number; perSecond: number }> = [];
for (const [senders, connections] of [
  [1, 1],
  [1, 2],
  [2, 2],
] as const) {
  for (let n = 0; n < MESSAGES; n++) {
    const person = {
      registrationId: crypto.randomUUID(),
      name: `Persona ${n}`,
      email: `p${n}@example.org`,
      locale: n % 2 ? ('en' as const) : ('it' as const),
    };
    await queueRegistrationCreated(app, db, event, person, { status: 'confirmed', position: null, token: 'A'.repeat(43) });
  }
  const started = performance.now();
  const reports = await Promise.all(Array.from({ length: senders }, () => drainOutbox(app, { maxMs: 600_000, connections })));
  const seconds = (performance.now() - started) / 1000;
  const sent = reports.reduce((total, report) => total + report.sent, 0);
  if (sent !== MESSAGES) throw new Error(`sent ${sent} of ${MESSAGES}`);
  rates.push({ senders, connections, perSecond: Math.round((sent / seconds) * 10) / 10 });
}

// 2. Fact to delivery: registrations through the route, which queues in the registration's transaction
// and sends right after commit; the delay ends when the SMTP server has accepted (written) the message.
const timedApp = testApp({
  db,
  catalog,
  now: () => NOW,
  config: { mail: { smtpUrl: timedMailbox.smtpUrl, from: '"Bench" <bench@example.org>', siteUrl: 'https://crowdfunding.example.org' } },
});
const delays: number[] = [];
const answers: number[] = [];
for (let n = 0; n < REGISTRATIONS; n++) {
  const arrived = new Promise<void>((resolve) => (accepted = resolve));
  const started = performance.now();
  const response = await postRegistration(
    timedApp,
    jsonRequest('/api/infodays/bench/registrations', { name: `R ${n}`, email: `r${n}@example.org`, consent: { privacy: true } }),
    { slug: 'bench' },
    `10.0.${n >> 8}.${n & 255}`,
  );
  if (response.status !== 201) throw new Error(`registration answered ${response.status}`);
  answers.push(performance.now() - started);
  await arrived;
  delays.push(performance.now() - started);
}

console.log(`Outbox drain into the local SMTP server (.eml files), ${MESSAGES} messages with an .ics each:`);
for (const rate of rates) console.log(`  ${rate.senders} sender(s) x ${rate.connections} SMTP connections: ${rate.perSecond} messages/s`);
console.log(`Registration to message accepted by the SMTP server (${REGISTRATIONS} registrations, one at a time):`);
console.log(`  HTTP answer  p50 ${percentile(answers, 50).toFixed(1)} ms, p95 ${percentile(answers, 95).toFixed(1)} ms`);
console.log(
  `  delivered    p50 ${percentile(delays, 50).toFixed(1)} ms, p95 ${percentile(delays, 95).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms`,
);
console.log(
  `  (load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')})`,
);

await mailbox.close();
await timedMailbox.close();
await db.end();
await postgres.stop();
await rm(dir, { recursive: true, force: true });
await rm(pgDir, { recursive: true, force: true });
