/**
 * End to end over HTTP on loopback: `npm start`'s server under a fixed number of requests from
 * autocannon, beside references that isolate the local runtime's own cost: the same static file
 * from a plain node:http server, a function that does nothing, and the progress route called in
 * process (no HTTP, no runtime).
 */
import autocannon from 'autocannon';
import type { Catalog } from '../../src/content/catalog.ts';
import { createApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createPool } from '../../src/server/db/pool.ts';
import { getCampaignProgress } from '../../src/server/http/routes.ts';
import type { SectionResult } from '../lib/report.ts';
import { closedLoop, round, significant } from '../lib/stats.ts';

export interface HttpOptions {
  siteUrl: string;
  staticUrl: string;
  pagePath: string;
  slug: string;
  noopPath: string;
  databaseUrl: string;
  catalog: Catalog;
  connections: number;
  /** Connections for the function targets (the server section measures 1, 10 and 50). */
  functionConnections: number;
  /** Static targets run for this long. */
  staticSeconds: number;
  /** Function targets stop after this many requests (or at maxSecondsPerTarget). */
  functionRequests: number;
  maxSecondsPerTarget: number;
}

interface Measured {
  name: string;
  connections: number;
  reference?: string;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  /** How the failures split: connection errors, timeouts, answers other than 2xx. */
  failures?: { errors: number; timeouts: number; non2xx: number; statuses: Record<string, number> };
  stoppedAtLimit: boolean;
}

/** Waits until the server answers a small static file quickly again: queued work of the last load must not leak into the next. */
async function quiesce(siteUrl: string): Promise<void> {
  const until = Date.now() + 30_000;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  while (Date.now() < until) {
    const started = performance.now();
    await fetch(`${siteUrl}/favicon.svg`)
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
    if (performance.now() - started < 50) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * One target under load: for `seconds` (autocannon's own clock ticks once a second, so short
 * counted runs would be rounded up to whole seconds), or for `amount` requests when each takes long.
 */
async function load(
  name: string,
  url: string,
  bound: { seconds: number } | { amount: number },
  connections: number,
  options: HttpOptions,
): Promise<Measured> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):/.test(url)) throw new Error(`refusing to load a non-loopback address: ${url}`);
  // A short warm-up: first function calls load modules and open database connections.
  await autocannon({ url, connections: 2, amount: 'amount' in bound ? Math.min(20, bound.amount) : 50, timeout: 10 });
  await quiesce(options.siteUrl);
  const t0 = performance.now();
  const instance = autocannon({
    url,
    connections,
    timeout: 20,
    ...('amount' in bound ? { amount: bound.amount } : { duration: bound.seconds }),
  });
  let stoppedAtLimit = false;
  const watchdog = setTimeout(() => {
    stoppedAtLimit = true;
    instance.stop();
  }, options.maxSecondsPerTarget * 1000);
  const result = await instance;
  const seconds = (performance.now() - t0) / 1000;
  clearTimeout(watchdog);
  const requests = result.requests.total;
  await quiesce(options.siteUrl);
  return {
    name,
    connections,
    requests,
    perSecond: requests / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.errors + result.non2xx, // autocannon counts timeouts among errors
    failures: {
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, stat]) => [status, stat.count])),
    },
    stoppedAtLimit,
  };
}

export async function httpSection(options: HttpOptions): Promise<SectionResult> {
  const site = options.siteUrl;
  // The same route with the same database, in this process, measured first while nothing else runs.
  const db = createPool(options.databaseUrl, options.functionConnections + 2);
  let inProcess: Measured;
  try {
    const app = createApp(loadConfig({ DATABASE_URL: options.databaseUrl }), options.catalog, { db });
    const call = async () => {
      const response = await getCampaignProgress(app, { slug: options.slug });
      await response.arrayBuffer();
      return response.status === 200;
    };
    await closedLoop(100, 2, call);
    const result = await closedLoop(options.functionRequests, options.functionConnections, call);
    inProcess = {
      name: 'progress route in process (no HTTP, no runtime)',
      connections: options.functionConnections,
      requests: result.operations,
      perSecond: result.perSecond,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      failed: result.errors,
      stoppedAtLimit: false,
    };
  } finally {
    await db.end();
  }
  const staticBound = { seconds: options.staticSeconds };
  const functionBound = { amount: options.functionRequests };
  const staticPlain = await load(
    'static page via plain node:http',
    options.staticUrl + options.pagePath,
    staticBound,
    options.connections,
    options,
  );
  const staticNetlify = await load('same page via the local server', site + options.pagePath, staticBound, options.connections, options);
  const noop = await load(
    'function that does nothing, via the local server',
    site + options.noopPath,
    functionBound,
    options.functionConnections,
    options,
  );
  const progress = await load(
    'progress endpoint via the local server',
    `${site}/api/campaigns/${options.slug}/progress`,
    functionBound,
    options.functionConnections,
    options,
  );

  staticNetlify.reference = staticPlain.name;
  progress.reference = inProcess.name;
  noop.reference = staticPlain.name;
  const rows = [staticPlain, staticNetlify, noop, inProcess, progress];
  const referenceOf = (m: Measured) => rows.find((r) => r.name === m.reference);
  return {
    id: 'http',
    title: `5. End to end over HTTP (loopback, autocannon: static pages for ${options.staticSeconds} s, functions for ${options.functionRequests} requests)`,
    tables: [
      {
        caption: 'req/s and latency; "vs reference" is this row\'s req/s over its reference\'s',
        head: ['target', 'connections', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'vs reference'],
        rows: rows.map((m) => {
          const reference = referenceOf(m);
          return [
            m.name + (m.stoppedAtLimit ? ` (stopped at ${options.maxSecondsPerTarget} s)` : ''),
            m.connections,
            m.requests,
            round(m.perSecond),
            round(m.p50Ms, 2),
            round(m.p99Ms, 2),
            m.failed,
            reference ? `${significant(m.perSecond / reference.perSecond)}x of "${reference.name}"` : 'reference',
          ];
        }),
      },
    ],
    notes: [
      `The local runtime's own overhead: ${round(staticNetlify.p50Ms - staticPlain.p50Ms, 2)} ms per static request at p50 over plain node:http; ${round(noop.p50Ms, 2)} ms per call of a function that does nothing (p50). The progress endpoint over HTTP takes ${round(progress.p50Ms, 2)} ms at p50 against ${round(inProcess.p50Ms, 2)} ms for the same route in process.`,
      '"failed" counts connection errors (timeouts at 20 s included) and non-2xx answers; a row "stopped" hit its time limit before its request count.',
      ...rows
        .filter((m) => m.failed > 0 && m.failures)
        .map(
          (m) =>
            `${m.name}: ${m.failures!.errors} connection errors (${m.failures!.timeouts} of them timeouts), ${m.failures!.non2xx} non-2xx answers; statuses ${JSON.stringify(m.failures!.statuses)}.`,
        ),
      'The local server (scripts/lib/serve.ts, used by `npm start`, `npm run serve` and the end-to-end tests) imports every function once and calls it in process with one pool and one Stripe client, as warm Netlify instances do.',
      "The no-op function exists only in the benchmark's copy of the project (functions/bench-noop.ts there), never in the repository.",
    ],
    budgets: [],
    data: { rows },
  };
}
