/**
 * Child process of the benchmark: `npm start`'s server (scripts/lib/serve.ts: functions in process,
 * dist/ with netlify.toml rules) for the project copy in argv[2], on a free loopback port. It prints
 * one line `READY <url>`, and stops when its parent closes stdin or sends SIGTERM.
 */
import { freePort } from '../scripts/lib/postgres.ts';
import { serveSite } from '../scripts/lib/serve.ts';
import { parseTrustProxy } from '../src/server/http/client-address.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: node bench/serve-site.ts <project root>');
process.chdir(root);
const site = await serveSite({ root, port: await freePort(), host: '127.0.0.1', trustProxy: parseTrustProxy(process.env['TRUST_PROXY']) });
const port = new URL(site.url).port;
process.stdout.write(`READY http://127.0.0.1:${port}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await site.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
