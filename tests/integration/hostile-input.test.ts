/**
 * Hostile input, generated: thousands of methods, paths, headers and bodies sent over HTTP to every
 * endpoint of the real server (scripts/lib/serve.ts: the functions/ modules routed by their config.path)
 * against a real migrated database, as the application's role. Whatever arrives: never a 5xx, every API
 * refusal is `{error:{code,message}}` JSON, and a refused request changes no row of any table.
 */
import fc from 'fast-check';
import { request as httpRequest, Agent } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { freePort } from '../../scripts/lib/postgres.ts';
import type { RunningSite } from '../../scripts/lib/serve.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { signedWebhook, stripeEvent } from '../support/stripe-events.ts';

const ADMIN_TOKEN = 'hostile-input-admin-token-0001';
const WEBHOOK_SECRET = 'whsec_hostile_input';
// Inside the example content's windows, so valid-looking requests reach as deep as real ones do.
const NOW = '2026-12-02T10:00:00.000Z';
const OPEN_CAMPAIGN = 'esempio-orti-condivisi-marghera';
const OPEN_INFODAY = 'esempio-2027-04-15-webinar-rendicontazione';
const OPEN_PATH = 'esempio-2027-raccontare-i-risultati';
// Requests per endpoint; the total is reported at the end. Kept so that the file runs well under a minute.
const RUNS_PER_ENDPOINT = Number(process.env['HOSTILE_RUNS'] ?? 160);

let database: TestDatabase;
let site: RunningSite;
let dist: string;
let port: number;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const sent = { requests: 0, byStatus: new Map<number, number>() };
const saved: Record<string, string | undefined> = {};
const logged: string[] = [];
const consoleError = console.error;

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 3 });
  // The process-wide App of the functions reads its environment once: the test's database, as civic_app.
  const env: Record<string, string | undefined> = {
    DATABASE_URL: database.appUrl,
    NETLIFY_DATABASE_URL: undefined,
    ADMIN_TOKEN,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_SECRET_KEY: undefined,
    STRIPE_PUBLISHABLE_KEY: undefined,
    STRIPE_API_BASE: undefined,
    CIVIC_TEST_NOW: NOW,
  };
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the only way to unset a variable of process.env
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  // A rejected Stripe event is logged by design; here there are hundreds: count them instead.
  console.error = (...args: unknown[]) => {
    logged.push(args.map(String).join(' ').slice(0, 300));
  };
  dist = await mkdtemp(join(tmpdir(), 'civic-hostile-dist-'));
  port = await freePort();
  const { serveSite } = await import('../../scripts/lib/serve.ts');
  site = await serveSite({ root: process.cwd(), dist, port, host: '127.0.0.1', trustProxy: { kind: 'hops', hops: 1 } });
});

afterAll(async () => {
  agent.destroy();
  await site?.close();
  await database?.close();
  await rm(dist, { recursive: true, force: true });
  for (const [name, value] of Object.entries(saved)) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the only way to unset a variable of process.env
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  console.error = consoleError;
  console.log(`hostile input: ${logged.length} error lines logged, e.g. ${JSON.stringify(logged.slice(0, 3))}`);
  console.log(
    `hostile input: ${sent.requests} requests; by status ${JSON.stringify(Object.fromEntries([...sent.byStatus].sort((a, b) => a[0] - b[0])))}`,
  );
});

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send({ method, path, headers, body }: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(body && { 'content-length': String(body.length) }) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A digest of every row of every table but rate_limits (which counts attempts, refused ones included). */
async function snapshot(): Promise<string> {
  const { rows: tables } = await database.db.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'rate_limits' ORDER BY 1",
  );
  // The outbox's delivery columns change by themselves (the send after an earlier request's commit runs in the
  // background), so its digest covers what a request writes: which messages exist, for which fact and person.
  const rowText = (table: string) => (table === 'mail_outbox' ? "concat_ws(',', x.id, x.fact_key, x.recipient_key, x.kind)" : 'x::text');
  const sql = tables
    .map(
      (t) =>
        `SELECT '${t.name}' AS name, count(*) AS n, md5(coalesce(string_agg(${rowText(t.name)}, '|' ORDER BY ${rowText(t.name)}), '')) AS digest FROM "${t.name}" x`,
    )
    .join(' UNION ALL ');
  const { rows } = await database.db.query<{ name: string; n: number; digest: string }>(sql);
  return JSON.stringify(rows);
}

// ---- Generators ----

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 80 });
const nasty = fc.constantFrom(
  '\u0000',
  '\u0000\u0000',
  '\u001b[2J',
  '\ud800',
  '\ufeff',
  '\u202e',
  "'; DROP TABLE pledges; --",
  '${7*7}',
  '../../etc/passwd',
  '=cmd|" /C calc"!A0',
  'a'.repeat(5000),
  '',
  ' ',
  '0',
  '-1',
  'null',
  'true',
  '[]',
  '{}',
);
const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), nasty);
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 499, 500, 2500, 500_000, 100_000_001, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 1e308),
);
const anyValue = fc.oneof(
  text,
  number,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);
const maybe = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: value }, { weight: 1, arbitrary: anyValue });

const email = fc.oneof(fc.emailAddress(), text, fc.constantFrom('ada@example.org', 'ADA@EXAMPLE.ORG', 'a@b', 'ada\u0000@example.org'));
const pledgeBody = fc.record(
  {
    campaign: maybe(fc.oneof(fc.constant(OPEN_CAMPAIGN), fc.constantFrom('esempio-rive-pulite-burano', 'ondew', 'nope'), text)),
    amountCents: maybe(fc.oneof(fc.integer({ min: 400, max: 600_000 }), number, fc.constantFrom('2500', '25.00'))),
    donor: maybe(
      fc.record(
        {
          name: maybe(text),
          email: maybe(email),
          anonymous: maybe(fc.boolean()),
          taxCode: maybe(fc.oneof(text, fc.constant('RSSMRA80A01L736N'))),
        },
        { requiredKeys: [] },
      ),
    ),
    message: maybe(text),
    showMessage: maybe(fc.boolean()),
    consent: maybe(fc.record({ privacy: maybe(fc.boolean()) }, { requiredKeys: [] })),
    locale: maybe(fc.constantFrom('it', 'en', 'de')),
  },
  { requiredKeys: [] },
);
/** A valid body with one field replaced by anything, or dropped: the requests that get furthest. */
const oneChanged = (valid: Record<string, unknown>) =>
  fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.option(anyValue, { nil: undefined })).map(([key, value]) => {
    const { [key]: _dropped, ...rest } = structuredClone(valid);
    return value === undefined ? rest : { ...rest, [key]: value };
  });
const validPledge = {
  campaign: OPEN_CAMPAIGN,
  amountCents: 2500,
  donor: { name: 'Ada Lovelace', email: 'ada@example.org', anonymous: false },
  consent: { privacy: true },
  locale: 'it',
};
const validPerson = { name: 'Persona', email: 'persona@example.org', organisation: 'APS', consent: { privacy: true } };
const registrationBody = fc.record(
  {
    name: maybe(text),
    email: maybe(email),
    organisation: maybe(text),
    consent: maybe(fc.record({ privacy: maybe(fc.boolean()) }, { requiredKeys: [] })),
    locale: maybe(fc.constantFrom('it', 'en', 'xx')),
  },
  { requiredKeys: [] },
);
const forgetBody = fc.record({ email: maybe(email), pledgeId: maybe(fc.oneof(fc.uuid(), text)) }, { requiredKeys: [] });
const stripeObject = fc.record(
  {
    id: maybe(fc.oneof(fc.constantFrom('pi_abc123', 're_abc123', 'ch_abc123', 'du_abc123'), text)),
    object: maybe(fc.constantFrom('payment_intent', 'refund', 'charge', 'dispute')),
    amount: maybe(number),
    amount_received: maybe(number),
    currency: maybe(fc.constantFrom('eur', 'usd', 'EUR')),
    status: maybe(fc.constantFrom('succeeded', 'pending', 'failed', 'lost', 'canceled')),
    payment_intent: maybe(fc.constantFrom('pi_abc123', null)),
    charge: maybe(fc.constantFrom('ch_abc123', null)),
    created: maybe(number),
    metadata: maybe(
      fc.record({ campaign: maybe(fc.constant(OPEN_CAMPAIGN)), pledgeId: maybe(fc.oneof(fc.uuid(), text)) }, { requiredKeys: [] }),
    ),
    refunds: maybe(fc.record({ data: fc.array(anyValue, { maxLength: 2 }) })),
  },
  { requiredKeys: [] },
);
const stripeType = fc.constantFrom<Stripe.Event.Type>(
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.dispute.closed',
  'customer.created',
);
const stripeBody = fc.oneof(
  fc.tuple(stripeType, stripeObject).map(([type, object]) => stripeEvent(type, object)),
  fc
    .tuple(stripeType, stripeObject, fc.record({ id: anyValue, type: anyValue, data: anyValue }, { requiredKeys: [] }))
    .map(([type, object, envelope]) => ({ ...stripeEvent(type, object), ...envelope })),
);

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; value: Buffer };
const bodyOf = (shaped: fc.Arbitrary<unknown>): fc.Arbitrary<Body | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: shaped.map((value): Body => ({ kind: 'json', value })) },
    { weight: 2, arbitrary: anyValue.map((value): Body => ({ kind: 'json', value })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
          text.map((s) => Buffer.from(s)),
          fc.constantFrom(
            Buffer.from('{"a":'),
            Buffer.from('\u0000'),
            Buffer.alloc(70 * 1024, 0x61),
            Buffer.from(`{"name":"${'x'.repeat(65 * 1024)}"}`),
          ),
        )
        .map((value): Body => ({ kind: 'raw', value })),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

/** A path segment: a plausible one, percent-encoded garbage, or broken escapes. */
const segment = (plausible: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: plausible.length ? fc.constantFrom(...plausible) : fc.uuid() },
    { weight: 2, arbitrary: text.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')).slice(0, 3000)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%ZZ', '%', '%00', '%E0%A4%A', '..', '%2e%2e', '%2F', '%C0%AF', '%FF%FE', 'a%0Ab', 'x'.repeat(4000)),
    },
    { weight: 1, arbitrary: fc.uuid() },
  );

const method = (usual: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(usual) },
    { weight: 3, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE') },
    { weight: 1, arbitrary: fc.constantFrom('PROPFIND', 'FOO', 'M-SEARCH') },
  );

const headers = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/JSON',
      ),
      printable,
    ),
    'idempotency-key': fc.oneof({ weight: 4, arbitrary: printable }, { weight: 1, arbitrary: fc.constant('x'.repeat(300)) }),
    authorization: fc.oneof(
      fc.constant(`Bearer ${ADMIN_TOKEN}`),
      printable.map((s) => `Bearer ${s}`),
      printable,
    ),
    origin: fc.oneof(fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1'), printable),
    'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), printable, fc.constant('1.2.3.4, 5.6.7.8, 9.9.9.9')),
    cookie: printable,
    accept: fc.constantFrom('application/json', 'text/html', '*/*'),
  },
  { requiredKeys: [] },
);

interface Endpoint {
  name: string;
  method: string;
  path: fc.Arbitrary<string>;
  body: fc.Arbitrary<unknown>;
  signed?: boolean;
}

const slugs = [OPEN_CAMPAIGN, 'esempio-rive-pulite-burano', 'ondew', 'nope'];
const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /api/pledges',
    method: 'POST',
    path: fc.constant('/api/pledges'),
    body: fc.oneof(
      pledgeBody,
      oneChanged(validPledge),
      fc.integer({ min: 500, max: 500_000 }).map((amountCents) => ({ ...validPledge, amountCents })),
    ),
  },
  { name: 'GET /api/pledges/:id', method: 'GET', path: segment([]).map((s) => `/api/pledges/${s}`), body: anyValue },
  {
    name: 'POST /api/pledges/:id/demo-confirm',
    method: 'POST',
    path: segment([]).map((s) => `/api/pledges/${s}/demo-confirm`),
    body: anyValue,
  },
  { name: 'POST /api/stripe/webhook', method: 'POST', path: fc.constant('/api/stripe/webhook'), body: stripeBody, signed: true },
  {
    name: 'GET /api/campaigns/:slug/progress',
    method: 'GET',
    path: segment(slugs).map((s) => `/api/campaigns/${s}/progress`),
    body: anyValue,
  },
  {
    name: 'GET /api/calls/:id/pool',
    method: 'GET',
    path: segment(['esempio-2026', 'nope']).map((s) => `/api/calls/${s}/pool`),
    body: anyValue,
  },
  {
    name: 'GET /open-data/campaigns.json',
    method: 'GET',
    path: fc.constantFrom('/open-data/campaigns.json', '/open-data/campaigns.csv'),
    body: anyValue,
  },
  {
    name: 'POST /api/infodays/:slug/registrations',
    method: 'POST',
    path: segment([OPEN_INFODAY, 'nope']).map((s) => `/api/infodays/${s}/registrations`),
    body: fc.oneof(
      registrationBody,
      oneChanged(validPerson),
      fc.emailAddress().map((email) => ({ ...validPerson, email })),
    ),
  },
  {
    name: 'POST /api/paths/:slug/registrations',
    method: 'POST',
    path: segment([OPEN_PATH, 'nope']).map((s) => `/api/paths/${s}/registrations`),
    body: fc.oneof(
      registrationBody,
      oneChanged(validPerson),
      fc.emailAddress().map((email) => ({ ...validPerson, email })),
    ),
  },
  {
    name: 'GET/POST /api/registrations/:token[/cancel]',
    method: 'GET',
    path: fc.tuple(segment(['a'.repeat(43)]), fc.boolean()).map(([s, cancel]) => `/api/registrations/${s}${cancel ? '/cancel' : ''}`),
    body: anyValue,
  },
  {
    name: 'GET /api/admin/reconciliation',
    method: 'GET',
    path: fc
      .tuple(printable, printable)
      .map(([from, to]) => `/api/admin/reconciliation?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
    body: anyValue,
  },
  { name: 'POST /api/admin/donors/forget', method: 'POST', path: fc.constant('/api/admin/donors/forget'), body: forgetBody },
  {
    name: 'GET /api/admin/**.csv',
    method: 'GET',
    path: fc
      .tuple(fc.constantFrom('campaigns', 'infodays', 'paths'), segment(slugs))
      .map(([kind, s]) => `/api/admin/${kind}/${s}/${kind === 'campaigns' ? 'donations' : 'registrations'}.csv`),
    body: anyValue,
  },
  {
    name: 'GET /api/receipts/:file',
    method: 'GET',
    path: fc.tuple(segment([]), printable).map(([s, token]) => `/api/receipts/${s}.pdf?token=${encodeURIComponent(token)}`),
    body: anyValue,
  },
  {
    name: 'admin receipts and Stripe accounts',
    method: 'GET',
    path: fc.oneof(
      segment([]).map((s) => `/api/admin/pledges/${s}/receipt.pdf`),
      fc
        .tuple(segment(['esempio-cooperativa-filo-verde', 'nope']), printable)
        .map(([s, year]) => `/api/admin/organisations/${s}/receipts.csv?year=${encodeURIComponent(year)}`),
      segment(['esempio-cooperativa-filo-verde', 'nope']).map((s) => `/api/admin/organisations/${s}/stripe-account`),
    ),
    body: anyValue,
  },
  {
    name: 'GET /og/campagne/:slug.png',
    method: 'GET',
    path: fc
      .tuple(fc.boolean(), segment(slugs), printable)
      .map(([en, s, v]) => `${en ? '/en' : ''}/og/campagne/${s}.png?v=${encodeURIComponent(v)}`),
    body: anyValue,
  },
  {
    name: 'GET /.netlify/images',
    method: 'GET',
    path: fc
      .tuple(fc.oneof(printable, fc.constantFrom('/_astro/x.jpg', '/favicon.svg', '//evil.example/x.jpg')), printable, printable)
      .map(([url, w, fm]) => `/.netlify/images?url=${encodeURIComponent(url)}&w=${encodeURIComponent(w)}&fm=${encodeURIComponent(fm)}`),
    body: anyValue,
  },
  {
    name: 'unknown /api/* paths',
    method: 'GET',
    path: fc.array(segment(['api', 'admin', 'pledges', 'x']), { minLength: 1, maxLength: 4 }).map((parts) => `/api/${parts.join('/')}`),
    body: anyValue,
  },
];

function encode(body: Body | undefined, endpoint: Endpoint): { bytes: Buffer | undefined; signature?: string } {
  if (!body) return { bytes: undefined };
  const bytes = body.kind === 'raw' ? body.value : Buffer.from(JSON.stringify(body.value) ?? 'null');
  return endpoint.signed ? { bytes, signature: signedWebhook(bytes.toString('utf8'), WEBHOOK_SECRET) } : { bytes };
}

// The database as the previous request left it: one digest per request, not two.
let last = '';

async function check(request: Sent): Promise<void> {
  const before = last;
  const answer = await send(request);
  sent.requests += 1;
  sent.byStatus.set(answer.status, (sent.byStatus.get(answer.status) ?? 0) + 1);
  const what = `${request.method} ${request.path.slice(0, 200)} -> ${answer.status} ${answer.body.slice(0, 300)}`;
  expect(answer.status, what).toBeLessThan(500);
  if (answer.status >= 400) {
    // As the server sees the path: dot segments resolved (`/api/..//x` is `//x`, not an API path).
    if (new URL(request.path, 'http://127.0.0.1').pathname.startsWith('/api/') && request.method !== 'HEAD') {
      expect(String(answer.headers['content-type']), what).toMatch(/^application\/json/);
      const parsed = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
      expect(parsed.error, what).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
      expect(answer.headers['x-content-type-options'], what).toBe('nosniff');
    }
  }
  last = await snapshot();
  if (answer.status >= 400) expect(last, `${what}: a refused request changed the database`).toBe(before);
}

describe('hostile input to every endpoint', () => {
  it.each(ENDPOINTS)('$name: never a 5xx, JSON errors, nothing written when refused', async (endpoint) => {
    last = await snapshot();
    const arbitrary = fc.record({
      method: method(endpoint.method),
      path: endpoint.path,
      headers,
      body: bodyOf(endpoint.body),
      signatureKind: fc.constantFrom('valid', 'valid', 'garbage', 'none'),
      polite: fc.boolean(),
      from: fc.ipV4(),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ method: verb, path, headers: sentHeaders, body, signatureKind, polite, from }) => {
        const { bytes, signature } = encode(verb === 'GET' || verb === 'HEAD' ? undefined : body, endpoint);
        const allHeaders: Record<string, string> = { ...sentHeaders };
        if (polite) {
          // Half the requests have the headers a browser of the site would send, so bodies reach the handlers.
          allHeaders['content-type'] = 'application/json';
          allHeaders['x-forwarded-for'] = from;
          allHeaders['authorization'] = `Bearer ${ADMIN_TOKEN}`;
          delete allHeaders['origin'];
        }
        if (endpoint.signed) {
          if (signatureKind === 'valid' && signature) allHeaders['stripe-signature'] = signature;
          if (signatureKind === 'garbage') allHeaders['stripe-signature'] = 't=1,v1=deadbeef';
        }
        await check({ method: verb, path, headers: allHeaders, body: bytes });
      }),
      { numRuns: RUNS_PER_ENDPOINT, endOnFailure: true },
    );
  });
});
