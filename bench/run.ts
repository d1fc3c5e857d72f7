/**
 * `npm run bench`: performance figures, each measured in the same run as its reference and reported
 * as a ratio. Prints Markdown tables and writes bench/results.json.
 *
 *   npm run bench                          every section (about 25 minutes on 2 quiet cores; time limit 35)
 *   npm run bench -- --quick               small counts, to check the harness (a few minutes)
 *   npm run bench -- --only=ledger,http    some sections: build, weight, lighthouse, ledger, http, server
 *   npm run bench -- --budget-minutes=20   time limit of the whole run (the build series stops at it)
 *   npm run bench -- --update-readme       also replace the tables in docs/performance.md and the budget
 *                                          lines of README.md
 *   npm run bench -- --only=build --build-sizes=300,1000   the build series at other sizes, one run each
 *                                          (quick comparisons while working; the warm rebuild at 1,000 if listed, else the largest)
 *
 * Everything runs on this machine: servers listen on 127.0.0.1 only, every load has a fixed count
 * and a time limit, and the temporary projects and databases are removed at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalPostgres } from '../scripts/lib/postgres.ts';
import { writeCatalog } from '../src/content/load.ts';
import { createPool } from '../src/server/db/pool.ts';
import { migrate } from '../src/server/db/migrations.ts';
import { startFakeStripe, type FakeStripe } from '../tests/support/fake-stripe.ts';
import { readyPayeesOverHttp } from '../tests/support/payees.ts';
import { astroBuild, copyProject, REPO, tempDir } from './lib/project.ts';
import { budgetLines, guarded, markdownSection, replaceMarked, type SectionResult } from './lib/report.ts';
import { startSiteServer, startStaticServer, type ChildServer } from './lib/servers.ts';
import { openCampaign, sitePages } from './lib/site.ts';
import { round } from './lib/stats.ts';

const SECTIONS = ['build', 'weight', 'lighthouse', 'ledger', 'http', 'server'] as const;
type SectionId = (typeof SECTIONS)[number];

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    // Room for the N = 5,000 build and the warm rebuild on two quiet cores; the build series stops at the limit.
    'budget-minutes': { type: 'string', default: '35' },
    'build-sizes': { type: 'string' },
    'update-readme': { type: 'boolean', default: false },
  },
});
const only = new Set((args.only?.split(',').map((s) => s.trim()) ?? SECTIONS) as SectionId[]);
for (const id of only) if (!SECTIONS.includes(id)) throw new Error(`unknown section "${id}"; known: ${SECTIONS.join(', ')}`);
const quick = args.quick;
// --update-readme writes at the end of a long run: a document without its markers must stop the run now.
const documents = { tables: join(REPO, 'docs/performance.md'), readme: join(REPO, 'README.md') };
if (args['update-readme']) {
  replaceMarked(await readFile(documents.tables, 'utf8'), 'bench', '', 'docs/performance.md');
  replaceMarked(await readFile(documents.readme, 'utf8'), 'budgets', '', 'README.md');
}
const started = Date.now();
// The build series goes last and stops at the deadline; the margin leaves time to clean up and report.
const deadline = started + Number(args['budget-minutes']) * 60_000 - 30_000;

process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
for (const name of [
  'DATABASE_URL',
  'NETLIFY_DATABASE_URL',
  'STRIPE_SECRET_KEY',
  'STRIPE_PUBLISHABLE_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_BASE',
]) {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the only way to unset a variable of process.env
  delete process.env[name];
}

const COUNTS = quick
  ? {
      sizes: [
        { n: 50, runs: 1 },
        { n: 200, runs: 1 },
      ],
      warmN: 200,
      fullCoverN: 50,
      webhooks: 200,
      reads: 500,
      big: 100_000,
      staticSeconds: 3,
      functionRequests: 100,
      serverRequests: 100,
    }
  : {
      sizes: [
        { n: 100, runs: 2 },
        { n: 1000, runs: 2 },
        { n: 5000, runs: 1 },
      ],
      warmN: 1000,
      fullCoverN: 100,
      webhooks: 2000,
      reads: 5000,
      big: 100_000,
      staticSeconds: 10,
      functionRequests: 300,
      serverRequests: 300,
    };

if (args['build-sizes']) {
  const sizes = args['build-sizes'].split(',').map((n) => Number(n.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--build-sizes takes whole numbers of campaigns, e.g. 300,1000');
  COUNTS.sizes = sizes.map((n) => ({ n, runs: 1 }));
  COUNTS.warmN = sizes.includes(1000) ? 1000 : Math.max(...sizes);
  COUNTS.fullCoverN = 0;
}

function commandOutput(command: string, commandArgs: string[]): string {
  try {
    return execFileSync(command, commandArgs, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const machine = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30),
  kernel: release(),
  node: process.version,
  chromium: commandOutput(process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', ['--version']),
  commit: commandOutput('git', ['rev-parse', '--short', 'HEAD']),
  loadAverageAtStart: loadavg().map((l) => round(l, 2)),
  quick,
};
console.log(
  `bench: ${machine.cores} x ${machine.cpu}, load ${machine.loadAverageAtStart.join(' ')}, sections: ${[...only].join(', ')}${quick ? ' (quick)' : ''}`,
);

// The server modules import the catalog the build generates; write it as `npm test` does.
await writeCatalog(REPO);
const { ledgerSection } = await import('./sections/ledger.ts');
const { httpSection } = await import('./sections/http.ts');
const { serverSection } = await import('./sections/server.ts');
const { weightSection } = await import('./sections/weight.ts');
const { lighthouseSection } = await import('./sections/lighthouse.ts');
const { buildSection } = await import('./sections/build.ts');
const { loadCatalog } = await import('../src/content/load.ts');

const results: SectionResult[] = [];
const cleanup: (() => Promise<unknown>)[] = [];
const step = (message: string) => console.log(`bench: ${message} (${round((Date.now() - started) / 1000)} s)`);

async function servedSite(
  postgresUrl: string,
): Promise<{ site: ChildServer; plain: ChildServer; root: string; siteBuildMs: number; env: Record<string, string>; stripe: FakeStripe }> {
  const root = await tempDir('serve');
  cleanup.push(() => rm(root, { recursive: true, force: true }));
  await copyProject(root, { copyContent: true });
  // Only in the copy: a function that does nothing, to see what the local runtime costs per call.
  await writeFile(
    join(root, 'functions/bench-noop.ts'),
    "export default () => new Response('{}', { headers: { 'content-type': 'application/json' } });\nexport const config = { path: '/bench/noop', method: 'GET' };\n",
  );
  const stripe: FakeStripe = await startFakeStripe();
  cleanup.push(() => stripe.close());
  // Stripe mode against a local fake of its API: the widget takes the production path, nothing leaves the machine.
  const env = {
    STRIPE_SECRET_KEY: 'sk_test_bench_only',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_bench_only',
    STRIPE_API_BASE: stripe.apiBase,
    STRIPE_WEBHOOK_SECRET: 'whsec_bench_only',
    STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_bench_connect_only',
    ADMIN_TOKEN: 'admin-token-bench-only',
  };
  step('building the site for weight, Lighthouse and HTTP');
  const build = await astroBuild(root, { env, timeoutMs: 10 * 60_000 });
  if (!build.ok) throw new Error(`the site did not build: ${build.output.slice(-2000)}`);
  const pool = createPool(postgresUrl, 1);
  await migrate(pool);
  await pool.end();
  // One proxy hop trusted: the server section sends each request as a different client (X-Forwarded-For).
  const site = await startSiteServer(root, { ...process.env, ...env, DATABASE_URL: postgresUrl, TRUST_PROXY: '1' });
  cleanup.push(() => site.stop());
  const plain = await startStaticServer(join(root, 'dist'));
  cleanup.push(() => plain.stop());
  // First calls open connections and warm the fake Stripe API: do that before anything is measured.
  const slug = openCampaign(root);
  // Campaigns take donations in Stripe mode once their payee's connected account is enabled.
  const catalog = JSON.parse(await readFile(join(root, 'src/generated/catalog.json'), 'utf8')) as {
    campaigns: Record<string, { payee: string }>;
  };
  const payees = [...new Set(Object.values(catalog.campaigns).map((c) => c.payee))];
  await readyPayeesOverHttp(
    { url: site.url, stripe, adminToken: env.ADMIN_TOKEN, connectWebhookSecret: env.STRIPE_CONNECT_WEBHOOK_SECRET },
    payees,
  );
  await fetch(`${site.url}/api/campaigns/${slug}/progress`).then((r) => r.arrayBuffer());
  await fetch(`${site.url}/api/pledges`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) =>
    r.arrayBuffer(),
  );
  await fetch(`${site.url}/bench/noop`).then((r) => r.arrayBuffer());
  return { site, plain, root, siteBuildMs: build.ms, env, stripe };
}

const pgDir = await mkdtemp(join(tmpdir(), 'civic-bench-pg-'));
const postgres = await startLocalPostgres({ dir: pgDir, database: 'civic' });
// Ctrl-C stops the servers and PostgreSQL and removes the temporary folders before leaving.
process.once('SIGINT', () => {
  console.log('bench: interrupted, cleaning up');
  void (async () => {
    while (cleanup.length > 0) await cleanup.pop()!().catch(() => undefined);
    await postgres.stop().catch(() => undefined);
    await rm(pgDir, { recursive: true, force: true });
    process.exit(130);
  })();
});
let siteBuildMs: number | null = null;
try {
  if (only.has('weight') || only.has('lighthouse') || only.has('http') || only.has('server')) {
    const served = await servedSite(postgres.url);
    siteBuildMs = served.siteBuildMs;
    const slug = openCampaign(served.root);
    const pages = sitePages(served.root, slug);
    const campaignPage = pages.find((p) => p.name === 'campaign page')?.path ?? `/campagne/${slug}/`;
    if (only.has('weight')) {
      step('page weight');
      results.push(await guarded('weight', '2. Page weight', () => weightSection(served.site.url, pages)));
    }
    if (only.has('lighthouse')) {
      step('Lighthouse');
      const targets = pages.filter(
        (p): p is { name: string; path: string } => ['home', 'campaigns list', 'campaign page'].includes(p.name) && p.path !== null,
      );
      results.push(await guarded('lighthouse', '3. Lighthouse', () => lighthouseSection(served.site.url, targets, 180_000)));
    }
    if (only.has('http')) {
      step('HTTP');
      const catalog = await loadCatalog(served.root);
      results.push(
        await guarded('http', '5. End to end over HTTP', () =>
          httpSection({
            siteUrl: served.site.url,
            staticUrl: served.plain.url,
            pagePath: campaignPage,
            slug,
            noopPath: '/bench/noop',
            databaseUrl: postgres.url,
            catalog,
            connections: 10,
            functionConnections: 2,
            staticSeconds: COUNTS.staticSeconds,
            functionRequests: COUNTS.functionRequests,
            maxSecondsPerTarget: 45,
          }),
        ),
      );
    }
    if (only.has('server')) {
      step('server against in process');
      const catalog = await loadCatalog(served.root);
      results.push(
        await guarded('server', '6. The local server against the same routes in process', () =>
          serverSection({
            siteUrl: served.site.url,
            staticUrl: served.plain.url,
            stripe: served.stripe,
            databaseUrl: postgres.url,
            catalog,
            pagePath: campaignPage,
            slug,
            env: served.env,
            concurrencies: [1, 10, 50],
            requests: COUNTS.serverRequests,
          }),
        ),
      );
    }
    while (cleanup.length > 0) await cleanup.pop()!();
  }
  if (only.has('ledger')) {
    step('ledger');
    const admin = createPool(postgres.url, 1);
    await admin.query('CREATE DATABASE bench_ledger');
    await admin.end();
    const databaseUrl = postgres.url.replace(/\/[^/]+$/, '/bench_ledger');
    results.push(
      await guarded('ledger', '4. Ledger', () =>
        ledgerSection({ databaseUrl, webhooks: COUNTS.webhooks, reads: COUNTS.reads, bigCampaignDonations: COUNTS.big }),
      ),
    );
  }
  if (only.has('build')) {
    step('build series');
    results.push(
      await guarded('build', '1. Build time', () =>
        buildSection({
          sizes: COUNTS.sizes,
          smallCover: { width: 480, height: 270 },
          fullCoverN: COUNTS.fullCoverN,
          warmN: COUNTS.warmN,
          deadline,
        }),
      ),
    );
  }
} finally {
  while (cleanup.length > 0) await cleanup.pop()!().catch((error: unknown) => console.error('bench: cleanup:', error));
  await postgres.stop().catch(() => undefined);
  await rm(pgDir, { recursive: true, force: true });
}

results.sort((a, b) => a.title.localeCompare(b.title, 'en', { numeric: true }));
const seconds = round((Date.now() - started) / 1000);
const failedBudgets = results.flatMap((r) => r.budgets.filter((b) => !b.pass).map((b) => `${b.name}: ${b.value} (limit ${b.limit})`));
const header = [
  `Measured ${machine.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.cores} x ${machine.cpu}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}, ${machine.chromium}; commit ${machine.commit}; load average at start ${machine.loadAverageAtStart.join(' ')}${quick ? '; **quick mode** (small counts)' : ''}. The whole run took ${seconds} s.`,
  ...(siteBuildMs !== null ? [`The project's own site built in ${round(siteBuildMs / 1000)} s (cold).`] : []),
  failedBudgets.length > 0 ? `**Budgets missed:** ${failedBudgets.join('; ')}.` : 'All budgets checked here were met.',
].join(' ');
const markdown = [header, ...results.map(markdownSection)].join('\n\n');

console.log(`\n${markdown}\n`);
await writeFile(
  join(REPO, 'bench/results.json'),
  JSON.stringify(
    { machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => round(l, 2)), seconds }, sections: results, markdown },
    null,
    2,
  ) + '\n',
);
console.log('bench: wrote bench/results.json');

if (args['update-readme']) {
  // The full tables go to docs/performance.md, one line per budget to the README: both from this run, and
  // neither file is written unless both hold their markers.
  const tables = replaceMarked(await readFile(documents.tables, 'utf8'), 'bench', markdown, 'docs/performance.md');
  const summary = budgetLines(results, machine, '[docs/performance.md](docs/performance.md#last-run)');
  const readme = replaceMarked(await readFile(documents.readme, 'utf8'), 'budgets', summary, 'README.md');
  // Written as Prettier writes them, so `npm run check` (which runs `prettier --check`) stays green after a run.
  const formatted = async (file: string, text: string) => format(text, { ...(await resolveConfig(file)), filepath: file });
  await writeFile(documents.tables, await formatted(documents.tables, tables));
  await writeFile(documents.readme, await formatted(documents.readme, readme));
  console.log('bench: updated the tables in docs/performance.md and the budget lines in README.md');
}
// A missed budget fails the benchmark (never the tests), as does a section that could not run.
process.exit(results.some((r) => r.error) || failedBudgets.length > 0 ? 1 : 0);
