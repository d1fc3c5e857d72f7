/**
 * `npm run serve`: the platform on a server of your own, in one process. Serves the built site (dist/,
 * from `npm run build`) and every function against DATABASE_URL, with the scheduled jobs on timers.
 * Apply migrations first with `npm run db:migrate` (GET /api/health answers 503 until they are).
 *
 *   HOST (default 127.0.0.1), PORT (default 8888), TRUST_PROXY (see src/server/http/client-address.ts)
 *
 * Writes one JSON line per request and per job run to stdout (method, route pattern, status, ms: never a
 * path, query, body or personal field), errors to stderr. SIGTERM or SIGINT (also when sent to the npm
 * process that started it) stops accepting connections, lets requests and jobs in flight finish (up to
 * 10 s), closes the database pool and exits 0.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveSite } from './lib/serve.ts';
import { loadConfig } from '../src/server/config.ts';
import { parseTrustProxy } from '../src/server/http/client-address.ts';

const root = process.cwd();
let config;
let trustProxy;
try {
  config = loadConfig(process.env);
  trustProxy = parseTrustProxy(process.env['TRUST_PROXY']);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
if (!config.databaseUrl) {
  console.error('DATABASE_URL is not set: `npm run serve` runs against your PostgreSQL (see docs/deploy.md, "Running it yourself").');
  process.exit(1);
}
if (!existsSync(join(root, 'dist/index.html')) || !existsSync(join(root, 'src/generated/catalog.json'))) {
  console.error('No built site in dist/: run `npm run build` first.');
  process.exit(1);
}
const port = Number(process.env['PORT'] ?? 8888);
const host = process.env['HOST'] ?? '127.0.0.1';

const site = await serveSite({
  root,
  port,
  host,
  trustProxy,
  schedule: true,
  log: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
});
process.stdout.write(
  `${JSON.stringify({ time: new Date().toISOString(), event: 'listening', pid: process.pid, url: `http://${host}:${port}`, payments: config.payments.mode, trustProxy: trustProxy.kind === 'hops' ? trustProxy.hops : trustProxy.kind })}\n`,
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event: 'stopping', signal })}\n`);
  try {
    await site.close();
  } catch (error) {
    console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', message: (error as Error).message }));
  }
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event: 'stopped' })}\n`);
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
