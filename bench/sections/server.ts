/**
 * `npm start`'s server (scripts/lib/serve.ts in a child process) against the same routes called in this
 * process, at several concurrencies: a static page, the progress read, pledge creation (Stripe mode, against
 * the local fake Stripe API), a signed succeeded-payment webhook and an infoday registration. The server
 * must answer within 3x of the in-process p50 and never with a 5xx.
 *
 * Both sides run the same closed loop (fixed count, `concurrency` callers each waiting for its answer), so
 * the difference is what HTTP and the server add: parsing, routing, the Request/Response conversion,
 * loopback sockets. Each request is a different donor or registrant from a different address (the server
 * trusts one proxy hop here), so the rate limits, which are part of both paths, never refuse one.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../../src/content/catalog.ts';
import { createApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createPool } from '../../src/server/db/pool.ts';
import { getCampaignProgress, postPledge, postRegistration, postStripeWebhook } from '../../src/server/http/routes.ts';
import { prepareDeliveries } from './ledger.ts';
import type { SectionResult } from '../lib/report.ts';
import { percentile, round } from '../lib/stats.ts';

export interface ServerOptions {
  siteUrl: string;
  databaseUrl: string;
  catalog: Catalog;
  root: string;
  pagePath: string;
  slug: string;
  /** The environment of the served site: the same Stripe keys and fake API for the in-process App. */
  env: Record<string, string>;
  concurrencies: number[];
  /** Requests per row: at least this many, and at least 10 per caller. */
  requests: number;
}

interface Measured {
  target: string;
  mode: 'in process' | 'server';
  concurrency: number;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverErrors: number;
  statuses: Record<string, number>;
}

type Call = (index: number) => Promise<number>;

async function measure(target: string, mode: Measured['mode'], concurrency: number, count: number, call: Call): Promise<Measured> {
  const latencies: number[] = new Array(count);
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const t0 = performance.now();
      const status = await call(index).catch(() => 0);
      latencies[index] = performance.now() - t0;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const ms = performance.now() - started;
  const sorted = latencies.sort((a, b) => a - b);
  const serverErrors = Object.entries(statuses).filter(([status]) => Number(status) >= 500 || Number(status) === 0).reduce((sum, [, n]) => sum + n, 0);
  return { target, mode, concurrency, requests: count, perSecond: (count / ms) * 1000, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), serverErrors, statuses };
}

/** A different documentation address (RFC 5737/3849 ranges are not enough for thousands) per request. */
const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

export async function serverSection(options: ServerOptions): Promise<SectionResult> {
  const db = createPool(options.databaseUrl, 12);
  const app = createApp(loadConfig({ DATABASE_URL: options.databaseUrl, ...options.env }), options.catalog, { db });
  const now = new Date();
  const infoday = Object.values(options.catalog.infodays).find(
    (event) => event.registration && new Date(event.registration.opensAt) <= now && now < new Date(event.registration.closesAt),
  );
  const pageFile = join(options.root, 'dist', options.pagePath, 'index.html');
  const page = await readFile(pageFile);
  let sequence = 0;
  const pledgeBody = () => {
    const n = ++sequence;
    return { n, body: JSON.stringify({ campaign: options.slug, amountCents: 2500, donor: { name: `Bench ${n}`, email: `bench.${n}.${randomUUID().slice(0, 8)}@example.org`, anonymous: false }, consent: { privacy: true } }) };
  };
  const registrationBody = () => {
    const n = ++sequence;
    return { n, body: JSON.stringify({ name: `Bench ${n}`, email: `bench.${n}.${randomUUID().slice(0, 8)}@example.org`, consent: { privacy: true } }) };
  };
  const origin = new URL(options.siteUrl).origin;

  type Target = { name: string; inProcess: Call; server: Call; prepare?: (count: number) => Promise<void> };
  let deliveries: { body: string; headers: Record<string, string> }[] = [];
  const targets: Target[] = [
    {
      name: `static page (${options.pagePath})`,
      // In process, a static page is the file read from dist/: what the server does besides HTTP and headers.
      inProcess: async () => ((await readFile(pageFile)).length === page.length ? 200 : 500),
      server: async () => {
        const response = await fetch(`${options.siteUrl}${options.pagePath}`);
        await response.arrayBuffer();
        return response.status;
      },
    },
    {
      name: 'progress',
      inProcess: async () => {
        const response = await getCampaignProgress(app, { slug: options.slug });
        await response.arrayBuffer();
        return response.status;
      },
      server: async () => {
        const response = await fetch(`${options.siteUrl}/api/campaigns/${options.slug}/progress`);
        await response.arrayBuffer();
        return response.status;
      },
    },
    {
      name: 'pledge creation (Stripe mode, fake API)',
      inProcess: async () => {
        const { n, body } = pledgeBody();
        const response = await postPledge(app, new Request(`${origin}/api/pledges`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body }), address(n));
        await response.arrayBuffer();
        return response.status;
      },
      server: async () => {
        const { n, body } = pledgeBody();
        const response = await fetch(`${options.siteUrl}/api/pledges`, { method: 'POST', headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': address(n) }, body });
        await response.arrayBuffer();
        return response.status;
      },
    },
    {
      name: 'webhook (payment succeeded)',
      prepare: async (count) => {
        deliveries = await prepareDeliveries(db, [options.slug], count, [2500, 1000, 5000]);
      },
      inProcess: async (index) => {
        const delivery = deliveries[index]!;
        const response = await postStripeWebhook(app, new Request(`${origin}/api/stripe/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body }));
        await response.arrayBuffer();
        return response.status;
      },
      server: async (index) => {
        const delivery = deliveries[index]!;
        const response = await fetch(`${options.siteUrl}/api/stripe/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
        await response.arrayBuffer();
        return response.status;
      },
    },
  ];
  if (infoday) {
    const path = `/api/infodays/${infoday.slug}/registrations`;
    targets.push({
      name: 'infoday registration',
      inProcess: async () => {
        const { n, body } = registrationBody();
        const response = await postRegistration(app, new Request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body }), { slug: infoday.slug }, address(n));
        await response.arrayBuffer();
        return response.status;
      },
      server: async () => {
        const { n, body } = registrationBody();
        const response = await fetch(`${options.siteUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': address(n) }, body });
        await response.arrayBuffer();
        return response.status;
      },
    });
  }

  const rows: Measured[] = [];
  try {
    for (const target of targets) {
      for (const concurrency of options.concurrencies) {
        const count = Math.max(options.requests, concurrency * 10);
        // Warm both paths (modules, connections, the fake's first answers) before measuring.
        await target.prepare?.(40);
        for (let i = 0; i < 20; i++) {
          await target.inProcess(i);
          await target.server(20 + i);
        }
        await target.prepare?.(count);
        rows.push(await measure(target.name, 'in process', concurrency, count, target.inProcess));
        await target.prepare?.(count);
        rows.push(await measure(target.name, 'server', concurrency, count, target.server));
      }
    }
  } finally {
    await db.end();
  }

  const pairs = rows.filter((row) => row.mode === 'server').map((server) => ({ server, inProcess: rows.find((r) => r.mode === 'in process' && r.target === server.target && r.concurrency === server.concurrency)! }));
  const budgets = pairs.flatMap(({ server, inProcess }) => [
    {
      name: `${server.target}, c=${server.concurrency}: server p50 / in-process p50`,
      limit: '<= 3x',
      value: `${round(server.p50Ms / inProcess.p50Ms, 2)}x (${round(server.p50Ms, 2)} / ${round(inProcess.p50Ms, 2)} ms)`,
      pass: server.p50Ms <= 3 * inProcess.p50Ms,
    },
    { name: `${server.target}, c=${server.concurrency}: 5xx or failed connections`, limit: '0', value: String(server.serverErrors), pass: server.serverErrors === 0 },
  ]);
  return {
    id: 'server',
    title: `6. The local server against the same routes in process (closed loop, concurrency ${options.concurrencies.join(', ')})`,
    tables: [
      {
        caption: 'p50/p99 in ms; "x" is the server p50 over the in-process p50 at the same concurrency; statuses as counted',
        head: ['route', 'concurrency', 'requests', 'in process p50', 'server p50', 'x', 'in process p99', 'server p99', 'server req/s', 'server 5xx', 'server statuses'],
        rows: pairs.map(({ server, inProcess }) => [
          server.target,
          server.concurrency,
          server.requests,
          round(inProcess.p50Ms, 2),
          round(server.p50Ms, 2),
          round(server.p50Ms / inProcess.p50Ms, 2),
          round(inProcess.p99Ms, 2),
          round(server.p99Ms, 2),
          round(server.perSecond),
          server.serverErrors,
          JSON.stringify(server.statuses),
        ]),
      },
    ],
    notes: [
      'In process: the route function of src/server/http/routes.ts called with a Request and the same App configuration (pool, Stripe keys and fake API, webhook secret) in the benchmark process; for the static page, the file read from dist/. Server: the same call over HTTP on loopback to `npm start`\'s server (scripts/lib/serve.ts) in a child process, through fetch with keep-alive.',
      'Every pledge and registration is a different e-mail address from a different address (X-Forwarded-For, the server started with TRUST_PROXY=1), so the rate limits count them as a crowd, not as one client; webhooks each deliver a different payment of a pledge that exists.',
      ...(infoday ? [] : ['No infoday of the catalog had its registration open at this date: the registration row is missing.']),
    ],
    budgets,
    data: { rows },
  };
}
