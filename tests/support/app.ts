/** An App for the integration tests: a real migrated database, a catalog made for the test, a clock it controls. */
import type { Catalog, CatalogCall, CatalogCampaign, CatalogEvent, CatalogOrganisation } from '../../src/content/catalog.ts';
import { entitledCents, thresholdCents } from '../../src/domain/cofunding.ts';
import { createApp, type App } from '../../src/server/app.ts';
import type { Config, PaymentsConfig } from '../../src/server/config.ts';
import type { Db } from '../../src/server/db/pool.ts';

export const NOW = new Date('2027-01-15T10:00:00Z');

export function testCall(overrides: Partial<CatalogCall> = {}): CatalogCall {
  return {
    id: 'test-call',
    title: 'Test call',
    edition: 2027,
    example: false,
    historical: false,
    fundingModel: 'keep-it-all',
    rule: { thresholdBasisPoints: 5000, cofundingShareBasisPoints: 5000, maxCofundingPerProjectCents: 500_000 },
    poolCents: 7_000_000,
    donation: { minCents: 500, maxCents: 500_000 },
    platformFeeBasisPoints: 0,
    ...overrides,
  };
}

export function testCampaign(call: CatalogCall, slug: string, overrides: Partial<CatalogCampaign> = {}): CatalogCampaign {
  const goalCents = overrides.goalCents ?? 1_000_000;
  const organisations = overrides.organisations ?? ['org'];
  return {
    slug,
    title: `Campaign ${slug}`,
    titleEn: null,
    call: call.id,
    organisations,
    payee: organisations[0]!,
    district: 'marghera',
    goalCents,
    thresholdCents: thresholdCents(call.rule, goalCents),
    entitledCents: entitledCents(call.rule, goalCents),
    opensAt: '2027-01-01T00:00:00.000Z',
    closesAt: '2027-03-01T00:00:00.000Z',
    cancelled: false,
    historical: false,
    suggestedAmountsCents: [1000, 2500],
    ...overrides,
  };
}

/** An organisation with clearly invented, valid-format receipt data (12345678903 passes the check digit). */
export function testOrganisation(slug: string, overrides: Partial<CatalogOrganisation> = {}): CatalogOrganisation {
  return {
    slug,
    name: `Organisation ${slug}`,
    legalName: `Organisation ${slug} APS`,
    legalForm: 'APS',
    taxCode: '12345678903',
    runtsNumber: `TEST-${slug}`,
    registeredAddress: 'Via di Prova 1, 30100 Venezia',
    email: `${slug}@example.org`,
    ...overrides,
  };
}

/** Organisations not given are made up from the campaigns' with testOrganisation(). */
export function testCatalog(
  calls: CatalogCall[],
  campaigns: CatalogCampaign[],
  events: CatalogEvent[] = [],
  organisations: CatalogOrganisation[] = [],
): Catalog {
  const given = new Map(organisations.map((org) => [org.slug, org]));
  for (const slug of campaigns.flatMap((campaign) => campaign.organisations)) if (!given.has(slug)) given.set(slug, testOrganisation(slug));
  return {
    calls: Object.fromEntries(calls.map((call) => [call.id, call])),
    organisations: Object.fromEntries(given),
    campaigns: Object.fromEntries(campaigns.map((campaign) => [campaign.slug, campaign])),
    infodays: Object.fromEntries(events.filter((event) => event.kind === 'infoday').map((event) => [event.slug, event])),
    paths: Object.fromEntries(events.filter((event) => event.kind === 'path').map((event) => [event.slug, event])),
  };
}

/** An infoday (or, with kind 'path', a path) whose registration window holds NOW. */
export function testEvent(slug: string, overrides: Partial<CatalogEvent> = {}): CatalogEvent {
  return {
    slug,
    kind: 'infoday',
    call: 'test-call',
    title: `Infoday ${slug}`,
    titleEn: null,
    startsAt: '2027-02-10T16:00:00.000Z',
    endsAt: '2027-02-10T17:30:00.000Z',
    mode: 'online',
    place: null,
    onlineLink: `https://meet.example.org/${slug}`,
    registration: { capacity: 10, opensAt: '2027-01-01T08:00:00.000Z', closesAt: '2027-02-09T11:00:00.000Z' },
    ...overrides,
  };
}

export const DEMO: PaymentsConfig = { mode: 'demo' };

/** Stripe mode against the local fake at `apiBase`, with test keys it accepts. */
export function stripePayments(apiBase: string): PaymentsConfig {
  return { mode: 'stripe', secretKey: 'sk_test_integration', publishableKey: 'pk_test_integration', apiBase };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: undefined,
    payments: DEMO,
    webhookSecret: 'whsec_test_secret_for_integration',
    connectWebhookSecret: undefined,
    receiptSecret: 'test-receipt-secret-of-at-least-32-characters',
    adminToken: undefined,
    buildHookUrl: undefined,
    siteUrl: undefined,
    rateLimitSecret: undefined,
    mail: { smtpUrl: undefined, from: '"Comune di Venezia" <crowdfunding@example.org>', siteUrl: 'https://crowdfunding.example.org' },
    ...overrides,
  };
}

export function testApp(options: { db: Db; catalog: Catalog; config?: Partial<Config>; now?: () => Date }): App {
  return createApp(testConfig(options.config), options.catalog, { db: options.db, now: options.now ?? (() => NOW) });
}

export function pledgeBody(campaign: string, amountCents: number, overrides: Record<string, unknown> = {}) {
  return {
    campaign,
    amountCents,
    donor: { name: 'Ada Lovelace', email: 'ada@example.org', anonymous: false },
    consent: { privacy: true },
    ...overrides,
  };
}

export function jsonRequest(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
