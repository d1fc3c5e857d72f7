/**
 * Schema migrations, applied in order, each once. Kept in code rather than .sql files so that the
 * Netlify function bundles and the scripts carry them without reading the disk.
 */
import { checkout, type Db } from './pool.ts';

export interface Migration {
  id: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    id: '001_ledger',
    sql: `
      CREATE TABLE pledges (
        id uuid PRIMARY KEY,
        campaign text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        mode text NOT NULL CHECK (mode IN ('demo', 'stripe')),
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
        refunded_cents bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0 AND refunded_cents <= amount_cents),
        donor_name text,
        donor_email text,
        anonymous boolean NOT NULL DEFAULT false,
        tax_code text,
        message text,
        show_message boolean NOT NULL DEFAULT false,
        locale text,
        payment_intent_id text UNIQUE,
        idempotency_key text UNIQUE,
        request_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX pledges_campaign_idx ON pledges (campaign);

      -- Running totals, written in the same transaction as the entries they sum.
      CREATE TABLE campaign_totals (
        campaign text PRIMARY KEY,
        call_id text NOT NULL,
        raised_cents bigint NOT NULL DEFAULT 0 CHECK (raised_cents >= 0),
        donors integer NOT NULL DEFAULT 0 CHECK (donors >= 0),
        cofunding_status text NOT NULL DEFAULT 'none'
          CHECK (cofunding_status IN ('none', 'reserved', 'granted', 'released', 'pool_exhausted')),
        cofunding_cents bigint NOT NULL DEFAULT 0 CHECK (cofunding_cents >= 0),
        movements integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE call_pools (
        call_id text PRIMARY KEY,
        pool_cents bigint NOT NULL CHECK (pool_cents >= 0),
        reserved_cents bigint NOT NULL DEFAULT 0 CHECK (reserved_cents >= 0),
        granted_cents bigint NOT NULL DEFAULT 0 CHECK (granted_cents >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (reserved_cents + granted_cents <= pool_cents)
      );

      -- Append-only: every fact that moves money, once, under a key from outside (payment, refund, event).
      CREATE TABLE ledger_entries (
        id bigserial PRIMARY KEY,
        external_key text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('donation', 'refund', 'reservation', 'release', 'grant')),
        campaign text NOT NULL,
        call_id text NOT NULL,
        pledge_id uuid REFERENCES pledges (id),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ledger_entries_campaign_idx ON ledger_entries (campaign);
      CREATE INDEX ledger_entries_call_idx ON ledger_entries (call_id);

      CREATE TABLE stripe_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        outcome text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE rate_limits (
        bucket text PRIMARY KEY,
        window_started_at timestamptz NOT NULL,
        hits integer NOT NULL
      );
    `,
  },
  {
    id: '002_money_integrity',
    sql: `
      -- When Stripe (or the demo) confirmed the payment; erased_at marks a donor forgotten on request.
      ALTER TABLE pledges ADD COLUMN succeeded_at timestamptz, ADD COLUMN erased_at timestamptz;
      UPDATE pledges SET succeeded_at = updated_at WHERE status = 'succeeded';

      -- Money that comes back to a campaign when a counted refund fails, and money a lost dispute takes.
      ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
      ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
        CHECK (kind IN ('donation', 'refund', 'refund_failed', 'dispute_lost', 'reservation', 'release', 'grant'));
      CREATE INDEX ledger_entries_pledge_idx ON ledger_entries (pledge_id);

      -- Every refund and lost dispute of a donation, under the provider's id, with the amount it took
      -- from the donation. A refund counts from the moment it exists (pending) until it fails.
      CREATE TABLE payment_returns (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('refund', 'dispute')),
        pledge_id uuid NOT NULL REFERENCES pledges (id),
        campaign text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        counted_cents bigint NOT NULL CHECK (counted_cents >= 0),
        status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX payment_returns_pledge_idx ON payment_returns (pledge_id);

      -- Decided once per campaign by the closing job.
      CREATE TABLE campaign_outcomes (
        campaign text PRIMARY KEY,
        call_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
        funding_model text NOT NULL CHECK (funding_model IN ('keep-it-all', 'all-or-nothing')),
        raised_cents bigint NOT NULL,
        threshold_cents bigint NOT NULL,
        granted_cents bigint NOT NULL DEFAULT 0 CHECK (granted_cents >= 0),
        released_cents bigint NOT NULL DEFAULT 0 CHECK (released_cents >= 0),
        refunds_owed integer NOT NULL DEFAULT 0,
        closed_at timestamptz NOT NULL DEFAULT now()
      );

      -- What an all-or-nothing failure owes each donor: one refund per donation, issued once.
      CREATE TABLE closing_refunds (
        pledge_id uuid PRIMARY KEY REFERENCES pledges (id),
        campaign text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        status text NOT NULL DEFAULT 'to_issue' CHECK (status IN ('to_issue', 'pending', 'succeeded', 'failed', 'not_needed')),
        refund_id text UNIQUE,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX closing_refunds_status_idx ON closing_refunds (status);

      CREATE TABLE reconciliation_runs (
        id bigserial PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        differences integer NOT NULL,
        report jsonb NOT NULL
      );
    `,
  },
  {
    id: '003_registrations',
    sql: `
      -- One row per infoday or path that has taken a registration: locked FOR UPDATE while places are
      -- counted and given, so concurrent registrations and cancellations of one event take turns.
      CREATE TABLE registration_events (
        kind text NOT NULL CHECK (kind IN ('infoday', 'path')),
        slug text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, slug)
      );

      -- Personal data is what the organisers need and no more; a cancellation erases it. Only a hash of
      -- the private token is kept: whoever reads the table cannot cancel anybody's place.
      CREATE TABLE registrations (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        event_kind text NOT NULL,
        event_slug text NOT NULL,
        name text,
        email text,
        organisation text,
        locale text NOT NULL DEFAULT 'it' CHECK (locale IN ('it', 'en')),
        status text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        promoted_at timestamptz,
        cancelled_at timestamptz,
        FOREIGN KEY (event_kind, event_slug) REFERENCES registration_events (kind, slug),
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
        CHECK (status = 'cancelled' OR (name IS NOT NULL AND email IS NOT NULL))
      );
      -- One live registration per e-mail per event; after cancelling, the same address may register again.
      CREATE UNIQUE INDEX registrations_one_per_email ON registrations (event_kind, event_slug, lower(email)) WHERE status <> 'cancelled';
      CREATE INDEX registrations_event_status_idx ON registrations (event_kind, event_slug, status, seq);
    `,
  },
  {
    id: '004_staff',
    sql: `
      -- People of the staff console. Who they are (staff_people), how they prove it (staff_identities:
      -- an e-mailed link today, an OIDC/SPID/CIE subject later) and what they may do (staff_grants) are
      -- kept apart, so a new way of signing in touches no role.
      CREATE TABLE staff_people (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        -- Sessions issued before this instant get a new token at their next request.
        roles_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (email = lower(email))
      );
      CREATE UNIQUE INDEX staff_people_email ON staff_people (email);

      CREATE TABLE staff_identities (
        provider text NOT NULL CHECK (provider IN ('email', 'oidc')),
        subject text NOT NULL,
        person_id uuid NOT NULL REFERENCES staff_people (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, subject)
      );

      CREATE TABLE staff_grants (
        id bigserial PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES staff_people (id),
        role text NOT NULL CHECK (role IN ('admin', 'org_member', 'auditor')),
        organisation text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'org_member') = (organisation IS NOT NULL))
      );
      CREATE UNIQUE INDEX staff_grants_once ON staff_grants (person_id, role, coalesce(organisation, ''));

      -- One-time sign-in links: only the SHA-256 of the token is kept; used_at makes it single-use.
      CREATE TABLE staff_sign_in_links (
        token_hash text PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES staff_people (id),
        purpose text NOT NULL CHECK (purpose IN ('sign_in', 'invitation')),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX staff_sign_in_links_person_idx ON staff_sign_in_links (person_id);

      -- Sessions: the cookie's token is kept hashed; the CSRF token is a second secret of the session,
      -- shown only in its own forms. created_at bounds the session (8 hours), rotated_at its current token.
      CREATE TABLE staff_sessions (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES staff_people (id),
        token_hash text NOT NULL UNIQUE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        rotated_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE INDEX staff_sessions_person_idx ON staff_sessions (person_id) WHERE revoked_at IS NULL;

      -- Append-only: who changed what, when and from which network (the address truncated).
      CREATE TABLE staff_audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        person_id uuid REFERENCES staff_people (id),
        actor text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        client text NOT NULL
      );
      CREATE INDEX staff_audit_log_at_idx ON staff_audit_log (at DESC);
    `,
  },
  {
    id: '005_money_guards',
    sql: `
      -- Signed Stripe events whose shape was wrong: never applied, kept for a person to look into. Only ids,
      -- amounts, currency, status and the platform's metadata are kept (no e-mail, name or card detail).
      CREATE TABLE stripe_events_rejected (
        id bigserial PRIMARY KEY,
        event_id text,
        type text,
        object_id text,
        reason text NOT NULL,
        fields jsonb NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX stripe_events_rejected_event_idx ON stripe_events_rejected (event_id) WHERE event_id IS NOT NULL;

      -- Facts once written stay written: the ledger, the closing decisions, the rejected events and the staff audit log refuse
      -- UPDATE and DELETE whoever asks (TRUNCATE is a privilege the application role does not have).
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
      END;
      $$;
      CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER campaign_outcomes_append_only BEFORE UPDATE OR DELETE ON campaign_outcomes
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER stripe_events_rejected_append_only BEFORE UPDATE OR DELETE ON stripe_events_rejected
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER staff_audit_log_append_only BEFORE UPDATE OR DELETE ON staff_audit_log
        FOR EACH ROW EXECUTE FUNCTION refuse_change();

      -- The money invariants the ledger code keeps, held by the database too. 100,000,000 cents (one
      -- million euros) bounds any single payment, as MAX_PLEDGE_CENTS does in the code.
      ALTER TABLE pledges ADD CONSTRAINT pledges_amount_bound CHECK (amount_cents <= 100000000);
      ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_pledge_named
        CHECK (kind IN ('reservation', 'release', 'grant') OR pledge_id IS NOT NULL);
      ALTER TABLE payment_returns ADD CONSTRAINT payment_returns_counted_within_amount CHECK (counted_cents <= amount_cents);
      ALTER TABLE payment_returns ADD CONSTRAINT payment_returns_amount_bound CHECK (amount_cents <= 100000000);
      ALTER TABLE payment_returns ADD CONSTRAINT payment_returns_status
        CHECK (status IN ('pending', 'requires_action', 'succeeded', 'failed', 'canceled', 'lost'));
      ALTER TABLE campaign_totals ADD CONSTRAINT campaign_totals_movements CHECK (movements >= 0);
      ALTER TABLE campaign_outcomes ADD CONSTRAINT campaign_outcomes_amounts
        CHECK (raised_cents >= 0 AND threshold_cents >= 0 AND refunds_owed >= 0);
      ALTER TABLE campaign_outcomes ADD CONSTRAINT campaign_outcomes_grant_or_release
        CHECK ((outcome = 'succeeded' OR granted_cents = 0) AND (outcome = 'failed' OR released_cents = 0));
      ALTER TABLE closing_refunds ADD CONSTRAINT closing_refunds_amount_bound CHECK (amount_cents <= 100000000);
      ALTER TABLE closing_refunds ADD CONSTRAINT closing_refunds_attempts CHECK (attempts >= 0);

      -- The application connects as civic_app (or a login role that is a member of it): it reads and
      -- writes rows, and nothing more. Created here when the migrating role may create roles; otherwise
      -- the operator creates it (README). Tables created by later migrations are granted by default.
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'civic_app')
           AND (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
          BEGIN
            CREATE ROLE civic_app NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of the same server created it at the same moment
          END;
        END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'civic_app') THEN
          RAISE NOTICE 'role civic_app does not exist and cannot be created by %: the application keeps connecting as DATABASE_URL says', current_user;
          RETURN;
        END IF;
        GRANT USAGE ON SCHEMA public TO civic_app;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO civic_app;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO civic_app;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO civic_app;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO civic_app;
        REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries, campaign_outcomes, stripe_events_rejected, reconciliation_runs, staff_audit_log FROM civic_app;
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM civic_app;
        REVOKE CREATE ON SCHEMA public FROM civic_app;
      END
      $$;
    `,
  },
  {
    id: '006_payouts_and_receipts',
    sql: `
      -- Each organisation's Stripe connected account: operational data, not content. One per organisation.
      CREATE TABLE connected_accounts (
        organisation text PRIMARY KEY,
        account_id text UNIQUE,
        status text NOT NULL DEFAULT 'onboarding' CHECK (status IN ('onboarding', 'restricted', 'enabled')),
        charges_enabled boolean NOT NULL DEFAULT false,
        payouts_enabled boolean NOT NULL DEFAULT false,
        transfers_active boolean NOT NULL DEFAULT false,
        details_submitted boolean NOT NULL DEFAULT false,
        requirements jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- When Stripe produced the state stored here: an older account.updated never overwrites a newer one.
        state_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- The money each donation owes its payee: one transfer per donation, under the key transfer-<pledgeId>
      -- (also Stripe's idempotency key). Written only by src/server/ledger/transfers.ts.
      CREATE TABLE payee_transfers (
        pledge_id uuid PRIMARY KEY REFERENCES pledges (id),
        external_key text NOT NULL UNIQUE,
        campaign text NOT NULL,
        organisation text NOT NULL,
        status text NOT NULL DEFAULT 'to_issue' CHECK (status IN ('to_issue', 'issued', 'not_needed')),
        account_id text,
        transfer_id text UNIQUE,
        amount_cents bigint CHECK (amount_cents >= 0),
        fee_cents bigint CHECK (fee_cents >= 0),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'issued' OR (transfer_id IS NOT NULL AND amount_cents IS NOT NULL AND account_id IS NOT NULL))
      );
      CREATE INDEX payee_transfers_status_idx ON payee_transfers (status);

      -- Money taken back from the payee when a donation already transferred is refunded or lost in a dispute:
      -- one reversal per refund or dispute, keyed by it.
      CREATE TABLE transfer_reversals (
        return_id text PRIMARY KEY,
        pledge_id uuid NOT NULL REFERENCES pledges (id),
        transfer_id text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        status text NOT NULL DEFAULT 'to_issue' CHECK (status IN ('to_issue', 'issued')),
        reversal_id text UNIQUE,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX transfer_reversals_status_idx ON transfer_reversals (status);
      CREATE INDEX transfer_reversals_pledge_idx ON transfer_reversals (pledge_id);

      -- Art. 83 receipts: numbered per organisation and year with no gap. The counter row is locked
      -- (SELECT ... FOR UPDATE) in the transaction that records the receipt, so numbers are handed out one
      -- at a time and a rolled-back transaction gives its number back.
      CREATE TABLE receipt_counters (
        organisation text NOT NULL,
        year integer NOT NULL,
        last_number integer NOT NULL DEFAULT 0 CHECK (last_number >= 0),
        PRIMARY KEY (organisation, year)
      );
      CREATE TABLE receipts (
        organisation text NOT NULL,
        year integer NOT NULL,
        number integer NOT NULL CHECK (number > 0),
        pledge_id uuid NOT NULL REFERENCES pledges (id),
        campaign text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        donor_name text,
        donor_tax_code text NOT NULL,
        locale text NOT NULL CHECK (locale IN ('it', 'en')),
        -- The organisation as it was when the receipt was issued: a later edit of its file changes no receipt.
        issuer jsonb NOT NULL,
        campaign_title text NOT NULL,
        paid_at timestamptz NOT NULL,
        payment_reference text NOT NULL,
        issued_at timestamptz NOT NULL,
        voided_at timestamptz,
        PRIMARY KEY (organisation, year, number)
      );
      -- A refund voids a receipt; only then may the same donation get a new one (with a new number).
      CREATE UNIQUE INDEX receipts_one_valid_per_pledge ON receipts (pledge_id) WHERE voided_at IS NULL;
      CREATE INDEX receipts_pledge_idx ON receipts (pledge_id);

      -- Money that left for an organisation, and receipts issued, are never deleted; a receipt changes only
      -- once, when a refund voids it (its number and contents stay).
      CREATE TRIGGER payee_transfers_kept BEFORE DELETE ON payee_transfers FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER transfer_reversals_kept BEFORE DELETE ON transfer_reversals FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE FUNCTION receipt_only_voided() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.voided_at IS NOT NULL OR NEW.voided_at IS NULL
           OR (to_jsonb(NEW) - 'voided_at') <> (to_jsonb(OLD) - 'voided_at') THEN
          RAISE EXCEPTION 'receipts: only voiding an issued receipt is allowed; % refused', TG_OP USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END;
      $$;
      CREATE TRIGGER receipts_only_voided BEFORE UPDATE OR DELETE ON receipts FOR EACH ROW EXECUTE FUNCTION receipt_only_voided();
      CREATE TRIGGER receipt_counters_kept BEFORE DELETE ON receipt_counters FOR EACH ROW EXECUTE FUNCTION refuse_change();
    `,
  },
  {
    // Rate-limit keys were unsalted SHA-256 of addresses (reversible by trying every IPv4 address): they are
    // dropped. New keys are HMACs under RATE_LIMIT_SECRET; each row says when its window ends, so expired
    // rows can be deleted as others are written.
    id: '007_rate_limit_keys',
    sql: `
      DELETE FROM rate_limits;
      ALTER TABLE rate_limits ADD COLUMN expires_at timestamptz NOT NULL;
      CREATE INDEX rate_limits_expires_at_idx ON rate_limits (expires_at);
    `,
  },
  {
    id: '008_mail_outbox',
    sql: `
      -- Every e-mail, written in the same transaction as the fact that causes it and sent later by the
      -- outbox sender (src/server/mail/). (fact_key, recipient_key) is unique: a replayed webhook or a
      -- retried request never queues one twice. recipient_key is a hash of the address so the key
      -- survives when the address itself is erased (sent messages, forgotten donors).
      CREATE TABLE mail_outbox (
        id bigserial PRIMARY KEY,
        fact_key text NOT NULL,
        recipient_key text NOT NULL,
        kind text NOT NULL,
        locale text NOT NULL CHECK (locale IN ('it', 'en')),
        recipient text,
        pledge_id uuid,
        registration_id uuid,
        subject text,
        text_body text,
        html_body text,
        headers jsonb,
        attachments jsonb,
        -- cancelled: erased before it was sent (a forgotten donor); it will never be sent.
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        claimed_until timestamptz,
        claim_id uuid,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        failed_at timestamptz,
        erased_at timestamptz,
        UNIQUE (fact_key, recipient_key),
        CHECK (status NOT IN ('queued', 'sending') OR (recipient IS NOT NULL AND subject IS NOT NULL AND text_body IS NOT NULL AND html_body IS NOT NULL))
      );
      CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status IN ('queued', 'sending');
      CREATE INDEX mail_outbox_status_idx ON mail_outbox (status, created_at);
      CREATE INDEX mail_outbox_pledge_idx ON mail_outbox (pledge_id) WHERE pledge_id IS NOT NULL;

      -- Campaign updates by e-mail: a separate consent, unticked by default, and the token of its
      -- one-click unsubscribe link (it can do nothing but unsubscribe, so it is kept as it is).
      ALTER TABLE pledges ADD COLUMN updates_consent boolean NOT NULL DEFAULT false, ADD COLUMN updates_token text UNIQUE;
    `,
  },
];

// Any constant: it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK = 73_310_001;

export async function migrate(db: Db): Promise<string[]> {
  const { client, release } = await checkout(db);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ id: string }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.id));
    const pending = migrations.filter((migration) => !applied.has(migration.id));
    for (const migration of pending) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return pending.map((migration) => migration.id);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    release();
  }
}
