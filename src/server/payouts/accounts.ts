/**
 * Onboarding: each organisation's Stripe connected account, created once and followed through
 * `account.updated`. The account id is operational data: it lives here, not in the content files.
 */
import type Stripe from 'stripe';
import type { CatalogOrganisation } from '../../content/catalog.ts';
import { DomainError } from '../../domain/errors.ts';
import { payeeStatus, type PayeeStatus } from '../../domain/payee.ts';
import type { App } from '../app.ts';
import { withTransaction, type Queryable, type Tx } from '../db/pool.ts';

export interface ConnectedAccount {
  organisation: string;
  accountId: string | null;
  status: PayeeStatus;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  transfersActive: boolean;
  detailsSubmitted: boolean;
  requirements: AccountRequirements;
}

/** What Stripe still needs from the organisation, as Stripe names it. */
export interface AccountRequirements {
  currentlyDue: string[];
  pastDue: string[];
  eventuallyDue: string[];
  disabledReason: string | null;
  currentDeadline: string | null;
}

interface AccountRow {
  organisation: string;
  account_id: string | null;
  status: PayeeStatus;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  transfers_active: boolean;
  details_submitted: boolean;
  requirements: Partial<AccountRequirements>;
}

const NO_REQUIREMENTS: AccountRequirements = {
  currentlyDue: [],
  pastDue: [],
  eventuallyDue: [],
  disabledReason: null,
  currentDeadline: null,
};

const toAccount = (row: AccountRow): ConnectedAccount => ({
  organisation: row.organisation,
  accountId: row.account_id,
  status: row.status,
  chargesEnabled: row.charges_enabled,
  payoutsEnabled: row.payouts_enabled,
  transfersActive: row.transfers_active,
  detailsSubmitted: row.details_submitted,
  requirements: { ...NO_REQUIREMENTS, ...row.requirements },
});

export async function findAccount(db: Queryable, organisation: string): Promise<ConnectedAccount | null> {
  const { rows } = await db.query<AccountRow>('SELECT * FROM connected_accounts WHERE organisation = $1', [organisation]);
  return rows[0] ? toAccount(rows[0]) : null;
}

function organisationOf(app: App, slug: string): CatalogOrganisation {
  const organisation = Object.hasOwn(app.catalog.organisations, slug) ? app.catalog.organisations[slug] : undefined;
  if (!organisation) throw new DomainError('organisation_not_found', `No organisation "${slug}".`);
  return organisation;
}

function requireStripe(app: App): Stripe {
  const stripe = app.stripe();
  if (!stripe)
    throw new DomainError(
      'stripe_not_configured',
      'Demo mode: there is no Stripe account to connect. Set STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY.',
    );
  return stripe;
}

/** What we read of an account: the SDK's object (onboarding) or the webhook's parsed one (account.updated). */
interface AccountState {
  charges_enabled?: boolean | undefined;
  payouts_enabled?: boolean | undefined;
  details_submitted?: boolean | undefined;
  capabilities?: { transfers?: string | undefined } | undefined;
  requirements?:
    | {
        currently_due?: string[] | null | undefined;
        past_due?: string[] | null | undefined;
        eventually_due?: string[] | null | undefined;
        disabled_reason?: string | null | undefined;
        current_deadline?: number | null | undefined;
      }
    | null
    | undefined;
}

/** The facts we keep of a Stripe account object. */
function factsOf(account: AccountState) {
  const facts = {
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
    transfersActive: account.capabilities?.transfers === 'active',
  };
  const r = account.requirements;
  const requirements: AccountRequirements = {
    currentlyDue: r?.currently_due ?? [],
    pastDue: r?.past_due ?? [],
    eventuallyDue: r?.eventually_due ?? [],
    disabledReason: r?.disabled_reason ?? null,
    currentDeadline: r?.current_deadline ? new Date(r.current_deadline * 1000).toISOString() : null,
  };
  return { ...facts, status: payeeStatus(facts), requirements };
}

async function saveState(db: Queryable, accountId: string, account: AccountState, at: Date): Promise<boolean> {
  const facts = factsOf(account);
  // An older state never overwrites a newer one: events may arrive out of order.
  const { rowCount } = await db.query(
    `UPDATE connected_accounts
        SET status = $2, charges_enabled = $3, payouts_enabled = $4, transfers_active = $5, details_submitted = $6,
            requirements = $7, state_at = $8, updated_at = now()
      WHERE account_id = $1 AND (state_at IS NULL OR state_at <= $8)`,
    [
      accountId,
      facts.status,
      facts.chargesEnabled,
      facts.payoutsEnabled,
      facts.transfersActive,
      facts.detailsSubmitted,
      JSON.stringify(facts.requirements),
      at,
    ],
  );
  return rowCount === 1;
}

export interface Onboarding {
  accountId: string;
  onboardingUrl: string;
  status: PayeeStatus;
}

/**
 * Creates the organisation's connected account once and answers a fresh onboarding link. The row is
 * locked while Stripe is asked, so two calls at once create one account; Stripe's idempotency key
 * `account-<slug>` covers a crash between Stripe's answer and our commit.
 */
export async function onboardOrganisation(app: App, slug: string, siteOrigin: string): Promise<Onboarding> {
  const organisation = organisationOf(app, slug);
  const stripe = requireStripe(app);
  const account = await withTransaction(app.db(), async (tx) => {
    await tx.query('INSERT INTO connected_accounts (organisation) VALUES ($1) ON CONFLICT (organisation) DO NOTHING', [slug]);
    const { rows } = await tx.query<AccountRow>('SELECT * FROM connected_accounts WHERE organisation = $1 FOR UPDATE', [slug]);
    const row = rows[0]!;
    if (row.account_id) return toAccount(row);
    const created = await stripe.accounts.create(
      {
        country: 'IT',
        ...(organisation.email && { email: organisation.email }),
        business_type: 'non_profit',
        business_profile: { name: organisation.legalName },
        // The platform charges the donors and transfers to the organisation, which needs `transfers`; Stripe
        // asks accounts under the full service agreement (an Italian ETS) to request `card_payments` with it.
        capabilities: { transfers: { requested: true }, card_payments: { requested: true } },
        controller: {
          stripe_dashboard: { type: 'express' },
          fees: { payer: 'application' },
          losses: { payments: 'application' },
          requirement_collection: 'stripe',
        },
        metadata: { organisation: slug },
      },
      { idempotencyKey: `account-${slug}` },
    );
    await tx.query('UPDATE connected_accounts SET account_id = $2, updated_at = now() WHERE organisation = $1', [slug, created.id]);
    await saveState(tx, created.id, created, new Date((created.created ?? 0) * 1000));
    return toAccount((await tx.query<AccountRow>('SELECT * FROM connected_accounts WHERE organisation = $1', [slug])).rows[0]!);
  });
  const page = `${siteOrigin}/organizzazioni/${slug}/`;
  // Links expire within minutes and work once: the admin asks for a new one with the same call.
  const link = await stripe.accountLinks.create({
    account: account.accountId!,
    type: 'account_onboarding',
    refresh_url: `${page}?stripe=refresh`,
    return_url: `${page}?stripe=return`,
  });
  return { accountId: account.accountId!, onboardingUrl: link.url, status: account.status };
}

export interface AccountView {
  accountId: string | null;
  status: PayeeStatus | 'none';
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  requirements: AccountRequirements;
}

export async function accountView(app: App, slug: string): Promise<AccountView> {
  organisationOf(app, slug);
  requireStripe(app);
  const account = await findAccount(app.db(), slug);
  if (!account?.accountId)
    return { accountId: null, status: 'none', chargesEnabled: false, payoutsEnabled: false, requirements: NO_REQUIREMENTS };
  return {
    accountId: account.accountId,
    status: account.status,
    chargesEnabled: account.chargesEnabled,
    payoutsEnabled: account.payoutsEnabled,
    requirements: account.requirements,
  };
}

/** `account.updated`: keeps the stored state current; ignored for an account that is not one of ours. */
export async function accountUpdated(
  tx: Tx,
  account: AccountState & { id: string },
  eventCreated: number,
): Promise<'processed' | 'ignored'> {
  return (await saveState(tx, account.id, account, new Date(eventCreated * 1000))) ? 'processed' : 'ignored';
}

/** Refuses a pledge in Stripe mode when the campaign's payee cannot receive the money yet. */
export async function requirePayeeReady(app: App, payee: string): Promise<ConnectedAccount> {
  const account = await findAccount(app.db(), payee);
  if (!account?.accountId || account.status !== 'enabled') {
    throw new DomainError('payee_not_ready', 'Donations to this campaign open soon: the organisation is completing its payment account.');
  }
  return account;
}
