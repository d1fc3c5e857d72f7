/** Every SQL statement on the staff tables (people, identities, grants, links, sessions, audit log). */
import type { Grant, Principal, Role } from '../../domain/staff.ts';
import type { Queryable, Tx } from '../db/pool.ts';

export interface PersonRow {
  id: string;
  email: string;
  name: string;
  status: 'active' | 'disabled';
  roles_changed_at: Date;
  created_at: Date;
}

export async function findPersonByEmail(db: Queryable, email: string): Promise<PersonRow | null> {
  const { rows } = await db.query<PersonRow>('SELECT * FROM staff_people WHERE email = $1', [email]);
  return rows[0] ?? null;
}

/** Inserts the person or, when the address is known, returns the existing row (its name kept). */
export async function upsertPerson(tx: Tx, person: { id: string; email: string; name: string }): Promise<PersonRow> {
  const { rows } = await tx.query<PersonRow>(
    `INSERT INTO staff_people (id, email, name) VALUES ($1, $2, $3)
     ON CONFLICT (email) DO UPDATE SET status = 'active'
     RETURNING *`,
    [person.id, person.email, person.name],
  );
  await tx.query(`INSERT INTO staff_identities (provider, subject, person_id) VALUES ('email', $1, $2) ON CONFLICT DO NOTHING`, [
    person.email,
    rows[0]!.id,
  ]);
  return rows[0]!;
}

/** Adds grants the person does not hold yet; when any is new, their open sessions get a new token. */
export async function addGrants(tx: Tx, personId: string, role: Role, organisations: readonly string[], now: Date): Promise<number> {
  const targets = role === 'org_member' ? organisations : [null];
  let added = 0;
  for (const organisation of targets) {
    const { rowCount } = await tx.query(
      `INSERT INTO staff_grants (person_id, role, organisation) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [personId, role, organisation],
    );
    added += rowCount ?? 0;
  }
  if (added > 0) await tx.query('UPDATE staff_people SET roles_changed_at = $2 WHERE id = $1', [personId, now]);
  return added;
}

export async function removeGrant(tx: Tx, personId: string, grantId: number, now: Date): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM staff_grants WHERE id = $1 AND person_id = $2', [grantId, personId]);
  if (rowCount) await tx.query('UPDATE staff_people SET roles_changed_at = $2 WHERE id = $1', [personId, now]);
  return Boolean(rowCount);
}

export async function grantsOf(db: Queryable, personId: string): Promise<Grant[]> {
  const { rows } = await db.query<Grant>('SELECT role, organisation FROM staff_grants WHERE person_id = $1 ORDER BY role, organisation', [
    personId,
  ]);
  return rows;
}

export interface PersonWithGrants extends PersonRow {
  grants: (Grant & { id: number })[];
}

export async function listPeople(db: Queryable): Promise<PersonWithGrants[]> {
  const { rows } = await db.query<PersonRow & { grants: (Grant & { id: number })[] | null }>(
    `SELECT p.*, (SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'organisation', g.organisation) ORDER BY g.role, g.organisation)
                    FROM staff_grants g WHERE g.person_id = p.id) AS grants
       FROM staff_people p ORDER BY p.email`,
  );
  return rows.map((row) => ({ ...row, grants: row.grants ?? [] }));
}

export async function setStatus(tx: Tx, personId: string, status: 'active' | 'disabled', now: Date): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE staff_people SET status = $2, roles_changed_at = $3 WHERE id = $1', [personId, status, now]);
  return Boolean(rowCount);
}

export async function insertLink(
  tx: Tx,
  link: { tokenHash: string; personId: string; purpose: 'sign_in' | 'invitation'; expiresAt: Date },
): Promise<void> {
  await tx.query('INSERT INTO staff_sign_in_links (token_hash, person_id, purpose, expires_at) VALUES ($1, $2, $3, $4)', [
    link.tokenHash,
    link.personId,
    link.purpose,
    link.expiresAt,
  ]);
}

export interface LinkRow {
  token_hash: string;
  person_id: string;
  purpose: 'sign_in' | 'invitation';
  expires_at: Date;
  used_at: Date | null;
}

/** Locks the link so that two clicks at once sign in once. */
export async function lockLink(tx: Tx, tokenHash: string): Promise<LinkRow | null> {
  const { rows } = await tx.query<LinkRow>('SELECT * FROM staff_sign_in_links WHERE token_hash = $1 FOR UPDATE', [tokenHash]);
  return rows[0] ?? null;
}

export async function markLinkUsed(tx: Tx, tokenHash: string, now: Date): Promise<void> {
  await tx.query('UPDATE staff_sign_in_links SET used_at = $2 WHERE token_hash = $1', [tokenHash, now]);
}

export async function insertSession(
  tx: Tx,
  session: { id: string; personId: string; tokenHash: string; csrfToken: string; now: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO staff_sessions (id, person_id, token_hash, csrf_token, created_at, rotated_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5, $5)`,
    [session.id, session.personId, session.tokenHash, session.csrfToken, session.now],
  );
}

export interface SessionRow {
  id: string;
  person_id: string;
  csrf_token: string;
  created_at: Date;
  rotated_at: Date;
  revoked_at: Date | null;
  email: string;
  name: string;
  status: 'active' | 'disabled';
  roles_changed_at: Date;
}

export async function findSession(db: Queryable, tokenHash: string): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(
    `SELECT s.id, s.person_id, s.csrf_token, s.created_at, s.rotated_at, s.revoked_at, p.email, p.name, p.status, p.roles_changed_at
       FROM staff_sessions s JOIN staff_people p ON p.id = s.person_id
      WHERE s.token_hash = $1`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** Replaces the token only if it is still the one presented: of two requests rotating at once, one wins. */
export async function rotateSession(db: Queryable, sessionId: string, oldHash: string, newHash: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE staff_sessions SET token_hash = $3, rotated_at = $4, last_seen_at = $4 WHERE id = $1 AND token_hash = $2 AND revoked_at IS NULL',
    [sessionId, oldHash, newHash, now],
  );
  return Boolean(rowCount);
}

export async function touchSession(db: Queryable, sessionId: string, now: Date): Promise<void> {
  await db.query('UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1', [sessionId, now]);
}

export async function revokeSession(db: Queryable, sessionId: string, now: Date): Promise<void> {
  await db.query('UPDATE staff_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, now]);
}

export async function revokeAllSessions(db: Queryable, personId: string, now: Date): Promise<number> {
  const { rowCount } = await db.query('UPDATE staff_sessions SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL', [
    personId,
    now,
  ]);
  return rowCount ?? 0;
}

export interface AuditEntry {
  personId: string | null;
  actor: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
  client: string;
  at: Date;
}

export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    'INSERT INTO staff_audit_log (at, person_id, actor, action, subject, details, client) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [entry.at, entry.personId, entry.actor, entry.action, entry.subject, JSON.stringify(entry.details ?? {}), entry.client],
  );
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  client: string;
}

export async function readAudit(db: Queryable, limit: number): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    'SELECT id, at, actor, action, subject, details, client FROM staff_audit_log ORDER BY id DESC LIMIT $1',
    [limit],
  );
  return rows;
}

export function principalOf(row: { person_id: string; email: string; name: string }, grants: Grant[]): Principal {
  return { personId: row.person_id, email: row.email, name: row.name, grants };
}
