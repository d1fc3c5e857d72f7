/**
 * Signing staff in and out, inviting people, and the audit log. Tokens (links and sessions) are 256-bit
 * random values; only their SHA-256 is stored, so whoever reads the tables cannot sign in as anyone.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import {
  checkInvitation,
  decideSession,
  INVITATION_LINK_MINUTES,
  normaliseEmail,
  SIGN_IN_LINK_MINUTES,
  type Principal,
  type Role,
} from '../../domain/staff.ts';
import type { Locale } from '../../site/i18n.ts';
import type { App } from '../app.ts';
import { withTransaction, type Db, type Queryable, type Tx } from '../db/pool.ts';
import { enforceRateLimit } from '../http/rate-limit.ts';
import type { StaffMailer } from './mail.ts';
import * as repo from './repository.ts';

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const isToken = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

/** Where links in e-mails point: the configured site address, never the Host header a stranger sent. */
export type LinkBuilder = (purpose: 'sign_in' | 'invitation', token: string, locale: Locale) => string;

export interface SignInRequest {
  email: string;
  locale: Locale;
}

/**
 * Sends a one-time link when the address belongs to an active person, and does nothing otherwise: the
 * answer is the same either way. Rate limited per connection and per address (hashed) before anything.
 */
export async function requestSignIn(
  app: App,
  mailer: StaffMailer,
  links: LinkBuilder,
  request: SignInRequest,
  client: string,
): Promise<void> {
  await enforceRateLimit(app.db(), 'staff-sign-in', client, { hits: 10, windowSeconds: 600 });
  const email = normaliseEmail(request.email);
  if (!email) throw new DomainError('invalid_body', 'Enter an e-mail address.', 'email');
  await enforceRateLimit(app.db(), 'staff-sign-in-email', email, { hits: 5, windowSeconds: 900 });
  const person = await repo.findPersonByEmail(app.db(), email);
  if (!person || person.status !== 'active') return;
  await withTransaction(app.db(), async (tx) => {
    const token = newToken();
    const expiresAt = new Date(app.now().getTime() + SIGN_IN_LINK_MINUTES * 60_000);
    await repo.insertLink(tx, { tokenHash: hashToken(token), personId: person.id, purpose: 'sign_in', expiresAt });
    await mailer(tx, {
      kind: 'staff-sign-in',
      to: person.email,
      locale: request.locale,
      link: links('sign_in', token, request.locale),
      expiresAt,
    });
  });
}

export interface IssuedSession {
  token: string;
  sessionId: string;
  principal: Principal;
}

const LINK_REFUSED = 'This sign-in link is not valid any more: links work once and for a limited time. Ask for a new one.';

/** Spends a link (once, before it expires) and opens a session for its person. */
export async function signInWithLink(app: App, token: string, client: string): Promise<IssuedSession> {
  await enforceRateLimit(app.db(), 'staff-link', client, { hits: 20, windowSeconds: 600 });
  if (!isToken(token)) throw new DomainError('unauthorized', LINK_REFUSED);
  const now = app.now();
  return withTransaction(app.db(), async (tx) => {
    const link = await repo.lockLink(tx, hashToken(token));
    if (!link || link.used_at || link.expires_at.getTime() <= now.getTime()) throw new DomainError('unauthorized', LINK_REFUSED);
    await repo.markLinkUsed(tx, link.token_hash, now);
    const person = (await tx.query<repo.PersonRow>('SELECT * FROM staff_people WHERE id = $1', [link.person_id])).rows[0];
    if (!person || person.status !== 'active') throw new DomainError('unauthorized', LINK_REFUSED);
    const issued = await openSession(tx, person, now);
    await audit(tx, issued.principal, link.purpose === 'invitation' ? 'sign_in.invitation' : 'sign_in', person.email, {}, client, now);
    return issued;
  });
}

async function openSession(tx: Tx, person: repo.PersonRow, now: Date): Promise<IssuedSession> {
  const sessionToken = newToken();
  const sessionId = randomUUID();
  await repo.insertSession(tx, { id: sessionId, personId: person.id, tokenHash: hashToken(sessionToken), csrfToken: newToken(), now });
  const grants = await repo.grantsOf(tx, person.id);
  return {
    token: sessionToken,
    sessionId,
    principal: repo.principalOf({ person_id: person.id, email: person.email, name: person.name }, grants),
  };
}

export interface StaffSession {
  sessionId: string;
  principal: Principal;
  csrfToken: string;
  /** Set when the token was replaced: the answer must carry it as the new cookie. */
  rotatedToken: string | null;
}

/** The session a cookie stands for, rotating its token when due; null when there is none or it ended. */
export async function authenticate(app: App, cookieToken: string | null): Promise<StaffSession | null> {
  if (!cookieToken || !isToken(cookieToken)) return null;
  const db = app.db();
  const hash = hashToken(cookieToken);
  const row = await repo.findSession(db, hash);
  if (!row || row.status !== 'active') return null;
  const now = app.now();
  const decision = decideSession(
    { createdAt: row.created_at, rotatedAt: row.rotated_at, revokedAt: row.revoked_at },
    row.roles_changed_at,
    now,
  );
  if (decision === 'expired') return null;
  let rotatedToken: string | null = null;
  if (decision === 'rotate') {
    const next = newToken();
    // Another request may have rotated it a moment ago: then this cookie is stale and signs nobody in.
    if (!(await repo.rotateSession(db, row.id, hash, hashToken(next), now))) return null;
    rotatedToken = next;
  }
  const grants = await repo.grantsOf(db, row.person_id);
  return { sessionId: row.id, principal: repo.principalOf(row, grants), csrfToken: row.csrf_token, rotatedToken };
}

export async function signOut(app: App, session: StaffSession, client: string): Promise<void> {
  await repo.revokeSession(app.db(), session.sessionId, app.now());
  await audit(app.db(), session.principal, 'sign_out', session.principal.email, {}, client, app.now());
}

export async function signOutEverywhere(app: App, session: StaffSession, client: string): Promise<number> {
  const revoked = await repo.revokeAllSessions(app.db(), session.principal.personId, app.now());
  await audit(app.db(), session.principal, 'sign_out.everywhere', session.principal.email, { sessions: revoked }, client, app.now());
  return revoked;
}

export interface InvitationForm {
  email: string;
  name: string;
  role: string;
  organisations: string[];
  locale: Locale;
}

/**
 * Creates (or extends) a person with a role and sends them a link that signs them in once. An
 * administrator invites; the person's open sessions, if any, get a new token at their next request.
 */
export async function invite(
  app: App,
  mailer: StaffMailer,
  links: LinkBuilder,
  actor: Principal,
  form: InvitationForm,
  knownOrganisations: ReadonlySet<string>,
  client: string,
): Promise<{ personId: string }> {
  const checked = checkInvitation(form, knownOrganisations);
  if (!checked.ok) throw new DomainError('invalid_body', `The invitation's ${checked.problem} is not valid.`, checked.problem);
  const { email, name, role, organisations } = checked.value;
  const now = app.now();
  return withTransaction(app.db(), async (tx) => {
    const person = await repo.upsertPerson(tx, { id: randomUUID(), email, name });
    await repo.addGrants(tx, person.id, role, organisations, now);
    const token = newToken();
    const expiresAt = new Date(now.getTime() + INVITATION_LINK_MINUTES * 60_000);
    await repo.insertLink(tx, { tokenHash: hashToken(token), personId: person.id, purpose: 'invitation', expiresAt });
    await mailer(tx, {
      kind: 'staff-invitation',
      to: email,
      locale: form.locale,
      link: links('invitation', token, form.locale),
      expiresAt,
      invitedBy: actor.name,
      role,
    });
    await audit(tx, actor, 'person.invite', email, { role, organisations }, client, now);
    return { personId: person.id };
  });
}

/** Disables a person and ends their sessions; their grants stay for the record. */
export async function disablePerson(app: App, actor: Principal, personId: string, client: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(personId)) throw new DomainError('invalid_body', 'Unknown person.');
  if (personId === actor.personId) throw new DomainError('invalid_body', 'You cannot disable yourself.');
  const now = app.now();
  await withTransaction(app.db(), async (tx) => {
    const row = (await tx.query<repo.PersonRow>('SELECT * FROM staff_people WHERE id = $1 FOR UPDATE', [personId])).rows[0];
    if (!row) throw new DomainError('not_found', 'Unknown person.');
    await repo.setStatus(tx, personId, 'disabled', now);
    await repo.revokeAllSessions(tx, personId, now);
    await audit(tx, actor, 'person.disable', row.email, {}, client, now);
  });
}

/** The first administrator, from the command line: no session, no e-mail; they sign in at /gestione/accesso/. */
export async function addAdministrator(
  db: Db,
  input: { email: string; name?: string },
  now: Date,
): Promise<{ personId: string; created: boolean }> {
  const email = normaliseEmail(input.email);
  if (!email) throw new DomainError('invalid_body', `${input.email} is not an e-mail address.`, 'email');
  return withTransaction(db, async (tx) => {
    const existing = await repo.findPersonByEmail(tx, email);
    const person = await repo.upsertPerson(tx, { id: randomUUID(), email, name: input.name?.trim() || email.split('@')[0]! });
    const added = await repo.addGrants(tx, person.id, 'admin', [], now);
    await repo.appendAudit(tx, {
      personId: null,
      actor: 'command line (npm run admin:add)',
      action: 'person.add_admin',
      subject: email,
      details: { grantAdded: added > 0 },
      client: 'local',
      at: now,
    });
    return { personId: person.id, created: !existing };
  });
}

export async function audit(
  db: Queryable,
  actor: Principal,
  action: string,
  subject: string,
  details: Record<string, unknown>,
  client: string,
  at: Date,
): Promise<void> {
  await repo.appendAudit(db, { personId: actor.personId, actor: actor.email, action, subject, details, client, at });
}

export { listPeople, readAudit, type PersonWithGrants, type AuditRow } from './repository.ts';
export type { Role };
