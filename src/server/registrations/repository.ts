/** All SQL of registrations to infodays and paths. */
import type { EventKind, RegistrationRequest, RegistrationStatus } from '../../domain/registration.ts';
import type { Queryable } from '../db/pool.ts';
import type { Locale } from '../../i18n/locale.ts';

export interface EventRef {
  kind: EventKind;
  slug: string;
}

export interface Registration {
  id: string;
  seq: number;
  event: EventRef;
  status: RegistrationStatus;
  locale: Locale;
}

interface RegistrationRow {
  id: string;
  seq: number;
  event_kind: EventKind;
  event_slug: string;
  status: RegistrationStatus;
  locale: Locale;
}

const toRegistration = (row: RegistrationRow): Registration => ({
  id: row.id,
  seq: row.seq,
  event: { kind: row.event_kind, slug: row.event_slug },
  status: row.status,
  locale: row.locale,
});

const COLUMNS = 'id, seq, event_kind, event_slug, status, locale';

/** Takes the event's lock (creating its row the first time): whoever holds it decides who gets a place. */
export async function lockEvent(tx: Queryable, event: EventRef): Promise<void> {
  await tx.query('INSERT INTO registration_events (kind, slug) VALUES ($1, $2) ON CONFLICT DO NOTHING', [event.kind, event.slug]);
  await tx.query('SELECT 1 FROM registration_events WHERE kind = $1 AND slug = $2 FOR UPDATE', [event.kind, event.slug]);
}

export async function countByStatus(db: Queryable, event: EventRef): Promise<{ confirmed: number; waitlisted: number }> {
  const { rows } = await db.query<{ confirmed: number; waitlisted: number }>(
    `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted
       FROM registrations WHERE event_kind = $1 AND event_slug = $2`,
    [event.kind, event.slug],
  );
  return rows[0]!;
}

export async function isRegistered(db: Queryable, event: EventRef, email: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM registrations WHERE event_kind = $1 AND event_slug = $2 AND lower(email) = lower($3) AND status <> 'cancelled'`,
    [event.kind, event.slug, email],
  );
  return rows.length > 0;
}

export async function insertRegistration(
  db: Queryable,
  registration: { id: string; event: EventRef; request: RegistrationRequest; status: 'confirmed' | 'waitlisted'; tokenHash: string },
): Promise<Registration> {
  const { event, request } = registration;
  const { rows } = await db.query<RegistrationRow>(
    `INSERT INTO registrations (id, event_kind, event_slug, name, email, organisation, locale, status, token_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING ${COLUMNS}`,
    [
      registration.id,
      event.kind,
      event.slug,
      request.name,
      request.email,
      request.organisation,
      request.locale,
      registration.status,
      registration.tokenHash,
    ],
  );
  return toRegistration(rows[0]!);
}

/** Gives free places to the earliest people on the waiting list; returns their ids. */
export async function promoteWaiting(db: Queryable, event: EventRef, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `UPDATE registrations SET status = 'confirmed', promoted_at = now()
      WHERE id IN (SELECT id FROM registrations WHERE event_kind = $1 AND event_slug = $2 AND status = 'waitlisted' ORDER BY seq LIMIT $3)
      RETURNING id`,
    [event.kind, event.slug, count],
  );
  return rows.map((row) => row.id);
}

export async function findByTokenHash(db: Queryable, tokenHash: string): Promise<Registration | null> {
  const { rows } = await db.query<RegistrationRow>(`SELECT ${COLUMNS} FROM registrations WHERE token_hash = $1`, [tokenHash]);
  return rows[0] ? toRegistration(rows[0]) : null;
}

export async function findById(db: Queryable, id: string): Promise<Registration | null> {
  const { rows } = await db.query<RegistrationRow>(`SELECT ${COLUMNS} FROM registrations WHERE id = $1`, [id]);
  return rows[0] ? toRegistration(rows[0]) : null;
}

/** 1 for the first person waiting. */
export async function waitlistPosition(db: Queryable, registration: Registration): Promise<number> {
  const { rows } = await db.query<{ position: number }>(
    `SELECT count(*)::int AS position FROM registrations WHERE event_kind = $1 AND event_slug = $2 AND status = 'waitlisted' AND seq <= $3`,
    [registration.event.kind, registration.event.slug, registration.seq],
  );
  return rows[0]!.position;
}

/** The place is given back and the person's data goes with it: nobody needs it any more. */
export async function cancel(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE registrations SET status = 'cancelled', cancelled_at = now(), name = NULL, email = NULL, organisation = NULL WHERE id = $1`,
    [id],
  );
}

export interface RegistrationExportRow {
  id: string;
  created_at: Date;
  status: RegistrationStatus;
  waitlist_position: number | null;
  name: string | null;
  email: string | null;
  organisation: string | null;
  locale: string;
  promoted_at: Date | null;
  cancelled_at: Date | null;
}

/** Everyone who registered, in order of arrival, with the place each holds on the waiting list. */
export async function exportRows(db: Queryable, event: EventRef): Promise<RegistrationExportRow[]> {
  const { rows } = await db.query<RegistrationExportRow>(
    `SELECT id, created_at, status,
            CASE WHEN status = 'waitlisted'
                 THEN (row_number() OVER (PARTITION BY status = 'waitlisted' ORDER BY seq))::int END AS waitlist_position,
            name, email, organisation, locale, promoted_at, cancelled_at
       FROM registrations WHERE event_kind = $1 AND event_slug = $2
      ORDER BY seq`,
    [event.kind, event.slug],
  );
  return rows;
}

/** Who to write to about a registration; null once it is cancelled (its data is erased). */
export async function findContact(db: Queryable, id: string): Promise<{ name: string; email: string; locale: Locale } | null> {
  const { rows } = await db.query<{ name: string | null; email: string | null; locale: Locale }>(
    'SELECT name, email, locale FROM registrations WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return row?.name && row.email ? { name: row.name, email: row.email, locale: row.locale } : null;
}

/** The live registrations of an address, locked: their tokens are about to be replaced. */
export async function liveRegistrationsOf(
  tx: Queryable,
  email: string,
): Promise<Array<Registration & { status: 'confirmed' | 'waitlisted' }>> {
  const { rows } = await tx.query<RegistrationRow>(
    `SELECT ${COLUMNS} FROM registrations WHERE lower(email) = lower($1) AND status <> 'cancelled' ORDER BY seq FOR UPDATE`,
    [email],
  );
  return rows.map(toRegistration) as Array<Registration & { status: 'confirmed' | 'waitlisted' }>;
}

export async function setTokenHash(tx: Queryable, id: string, tokenHash: string): Promise<void> {
  await tx.query('UPDATE registrations SET token_hash = $2 WHERE id = $1', [id, tokenHash]);
}
