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
import { Agent, request as httpRequest } from 'node:http';
import type { Catalog } from '../../src/content/catalog.ts';
import { createApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createPool } from '../../src/server/db/pool.ts';
import { getCampaignProgress, postPledge, postRegistration, postStripeWebhook } from '../../src/server/http/routes.ts';
import { prepareDeliveries } from './ledger.ts';
import type { FakeStripe } from '../../tests/support/fake-stripe.ts';
import { readyPayee } from '../../tests/support/payees.ts';
import type { SectionResult } from '../lib/report.ts';
import { percentile, round } from '../lib/stats.ts';

export interface ServerOptions {
  siteUrl: string;
  /** The same dist/ from a plain node:http static server: the reference of the static page. */
  staticUrl: string;
  stripe: FakeStripe;
  databaseUrl: string;
  catalog: Catalog;
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
  mode: 'reference' | 'server';
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
  const latencies: number[] = new Array<number>(count);
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
  const serverErrors = Object.entries(statuses)
    .filter(([status]) => Number(status) >= 500 || Number(status) === 0)
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    target,
    mode,
    concurrency,
    requests: count,
    perSecond: (count / ms) * 1000,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    serverErrors,
    statuses,
  };
}

/**
 * One HTTP call through node:http with keep-alive sockets: a lighter client than fetch, so that what is
 * measured is mostly the server. Answers the status, after reading the whole body.
 */
function caller(concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const call = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(init.body);
    });
  return { call, close: () => agent.destroy() };
}

/** A different private address per request (a crowd, each member its own address). */
const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

export async function serverSection(options: ServerOptions): Promise<SectionResult> {
  // The server's App opens at most 5 connections (createApp's pool): the in-process App gets as many.
  const db = createPool(options.databaseUrl, 5);
  const app = createApp(loadConfig({ DATABASE_URL: options.databaseUrl, ...options.env }), options.catalog, { db });
  const now = new Date();
  const infoday = Object.values(options.catalog.infodays).find(
    (event) => event.registration && new Date(event.registration.opensAt) <= now && now < new Date(event.registration.closesAt),
  );
  let sequence = 0;
  const pledgeBody = () => {
    const n = ++sequence;
    return {
      n,
      body: JSON.stringify({
        campaign: options.slug,
        amountCents: 2500,
        donor: { name: `Bench ${n}`, email: `bench.${n}.${randomUUID().slice(0, 8)}@example.org`, anonymous: false },
        consent: { privacy: true },
      }),
    };
  };
  const registrationBody = () => {
    const n = ++sequence;
    return {
      n,
      body: JSON.stringify({ name: `Bench ${n}`, email: `bench.${n}.${randomUUID().slice(0, 8)}@example.org`, consent: { privacy: true } }),
    };
  };
  const origin = new URL(options.siteUrl).origin;
  // In Stripe mode a pledge needs its payee's connected account ready: onboarded at the fake, as a city does it.
  await readyPayee(app, options.stripe, options.catalog.campaigns[options.slug]!.payee);
  let client = caller(1);

  type Target = { name: string; reference: string; inProcess: Call; server: Call; prepare?: (count: number) => Promise<void> };
  let deliveries: { body: string; headers: Record<string, string> }[] = [];
  const targets: Target[] = [
    {
      name: `static page (${options.pagePath})`,
      // A page has no function to call in process: its reference is the same file from a plain node:http server.
      reference: 'plain node:http',
      inProcess: () => client.call(`${options.staticUrl}${options.pagePath}`),
      server: () => client.call(`${options.siteUrl}${options.pagePath}`),
    },
    {
      name: 'progress',
      reference: 'in process',
      inProcess: async () => {
        const response = await getCampaignProgress(app, { slug: options.slug });
        await response.arrayBuffer();
        return response.status;
      },
      server: () => client.call(`${options.siteUrl}/api/campaigns/${options.slug}/progress`),
    },
    {
      name: 'pledge creation (Stripe mode, fake API)',
      reference: 'in process',
      inProcess: async () => {
        const { n, body } = pledgeBody();
        const response = await postPledge(
          app,
          new Request(`${origin}/api/pledges`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body }),
          address(n),
        );
        await response.arrayBuffer();
        return response.status;
      },
      server: () => {
        const { n, body } = pledgeBody();
        return client.call(`${options.siteUrl}/api/pledges`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': address(n) },
          body,
        });
      },
    },
    {
      name: 'webhook (payment succeeded)',
      reference: 'in process',
      prepare: async (count) => {
        deliveries = await prepareDeliveries(db, [options.slug], count, [2500, 1000, 5000]);
      },
      inProcess: async (index) => {
        const delivery = deliveries[index]!;
        const response = await postStripeWebhook(
          app,
          new Request(`${origin}/api/stripe/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body }),
        );
        await response.arrayBuffer();
        return response.status;
      },
      server: (index) => {
        const delivery = deliveries[index]!;
        return client.call(`${options.siteUrl}/api/stripe/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
      },
    },
  ];
  if (infoday) {
    const path = `/api/infodays/${infoday.slug}/registrations`;
    targets.push({
      name: 'infoday registration',
      reference: 'in process',
      inProcess: async () => {
        const { n, body } = registrationBody();
        const response = await postRegistration(
          app,
          new Request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body }),
          { slug: infoday.slug },
          address(n),
        );
        await response.arrayBuffer();
        return response.status;
      },
      server: () => {
        const { n, body } = registrationBody();
        return client.call(`${options.siteUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': address(n) },
          body,
        });
      },
    });
  }

  const rows: Measured[] = [];
  try {
    for (const target of targets) {
      for (const concurrency of options.concurrencies) {
        const count = Math.max(options.requests, concurrency * 10);
        client.close();
        client = caller(concurrency);
        // Warm both paths (modules, connections, the fake's first answers) before measuring.
        await target.prepare?.(40);
        for (let i = 0; i < 20; i++) {
          await target.inProcess(i);
          await target.server(20 + i);
        }
        await target.prepare?.(count);
        rows.push({ ...(await measure(target.name, 'reference', concurrency, count, target.inProcess)), target: target.name });
        await target.prepare?.(count);
        rows.push(await measure(target.name, 'server', concurrency, count, target.server));
      }
    }
  } finally {
    client.close();
    await db.end();
  }

  const referenceOf = new Map(targets.map((target) => [target.name, target.reference]));
  const pairs = rows
    .filter((row) => row.mode === 'server')
    .map((server) => ({
      server,
      inProcess: rows.find((r) => r.mode === 'reference' && r.target === server.target && r.concurrency === server.concurrency)!,
    }));
  const budgets = pairs.flatMap(({ server, inProcess }) => [
    {
      name: `${server.target}, c=${server.concurrency}: server p50 / ${referenceOf.get(server.target)} p50`,
      limit: '<= 3x',
      value: `${round(server.p50Ms / inProcess.p50Ms, 2)}x (${round(server.p50Ms, 2)} / ${round(inProcess.p50Ms, 2)} ms)`,
      pass: server.p50Ms <= 3 * inProcess.p50Ms,
    },
    {
      name: `${server.target}, c=${server.concurrency}: 5xx or failed connections`,
      limit: '0',
      value: String(server.serverErrors),
      pass: server.serverErrors === 0,
    },
  ]);
  return {
    id: 'server',
    title: `6. The local server against the same routes in process (closed loop, concurrency ${options.concurrencies.join(', ')})`,
    tables: [
      {
        caption: 'p50/p99 in ms; "x" is the server p50 over the reference p50 at the same concurrency; statuses as counted',
        head: [
          'route',
          'reference',
          'concurrency',
          'requests',
          'reference p50',
          'server p50',
          'x',
          'reference p99',
          'server p99',
          'server req/s',
          'server 5xx',
          'server statuses',
        ],
        rows: pairs.map(({ server, inProcess }) => [
          server.target,
          referenceOf.get(server.target)!,
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
      "In process: the route function of src/server/http/routes.ts called with a Request and the same App configuration (a pool of 5 connections as the server's, Stripe keys and fake API, webhook secret) in the benchmark process. Server: the same call over HTTP on loopback to `npm start`'s server (scripts/lib/serve.ts) in a child process, through node:http with keep-alive sockets (one per caller). A static page has no function: its reference is the same file from a plain node:http server in another child process, through the same client.",
      'Every pledge and registration is a different e-mail address from a different address (X-Forwarded-For, the server started with TRUST_PROXY=1), so the rate limits count them as a crowd, not as one client; webhooks each deliver a different payment of a pledge that exists.',
      ...(infoday ? [] : ['No infoday of the catalog had its registration open at this date: the registration row is missing.']),
    ],
    budgets,
    data: { rows },
  };
}
